/**
 * The one error type the services raise. Codes are stable (the HTTP layer
 * maps them to status codes in one table); issues name the file, row and
 * field a person must fix.
 */
export type ErrorCode = 'validation' | 'not_found' | 'conflict' | 'forbidden';

export interface Issue {
  /** Where the problem is: a file name, when the input came from one. */
  file?: string;
  /** The worksheet, when the file is a workbook. */
  sheet?: string;
  /** 1-based row in the file (the header is row 1). */
  row?: number;
  /** The spreadsheet column letter (A, B, …, AA), when the input came from a file. */
  column?: string;
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly issues: Issue[];

  constructor(code: ErrorCode, message: string, issues: Issue[] = []) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.issues = issues;
  }
}

export const invalid = (message: string, issues: Issue[]): AppError =>
  new AppError('validation', message, issues);
export const notFound = (message: string): AppError => new AppError('not_found', message);

export function describeIssue(issue: Issue): string {
  const where = [
    issue.file,
    issue.sheet === undefined ? undefined : `sheet "${issue.sheet}"`,
    issue.row === undefined ? undefined : `row ${issue.row}`,
    issue.column
      ? `column ${issue.column}${issue.field ? ` (${issue.field})` : ''}`
      : issue.field && `field "${issue.field}"`,
  ]
    .filter(Boolean)
    .join(', ');
  return where ? `${where}: ${issue.message}` : issue.message;
}
