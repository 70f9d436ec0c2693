import type { FindingSeverity } from '../../measures/model.ts';

/**
 * Our own checks on Annex A rows. Ofsted publishes no validation rules for
 * the lists (unlike the DfE's CIN census and SSDA903), so these are the
 * few a measure cannot do without: an id to tie the row to a child, dates
 * that can be read and that run forwards and not past the extract. Each
 * is documented in docs/imports/annex-a.md.
 */
export interface AnnexARule {
  code: string;
  severity: FindingSeverity;
  /** What is wrong, for a person; the finding adds the list, row, field and value. */
  message: string;
}

export const ANNEX_A_RULES = {
  missingChildId: {
    code: 'AA-001',
    severity: 'error',
    message: 'The row has no Child Unique ID, so it cannot be tied to a child: the row was not read.',
  },
  missingDate: {
    code: 'AA-002',
    severity: 'error',
    message: 'The date that identifies this record is blank: the row was not read as this record.',
  },
  unreadableDate: {
    code: 'AA-003',
    severity: 'error',
    message:
      'The date cannot be read (expected an Excel date, dd/mm/yyyy or yyyy-mm-dd); it was treated as missing.',
  },
  endBeforeStart: {
    code: 'AA-004',
    severity: 'error',
    message: 'The date is before the date it follows from in the same row.',
  },
  afterExtract: {
    code: 'AA-005',
    severity: 'error',
    message: 'The date is after the extract date: it cannot have happened yet.',
  },
  unreadableValue: {
    code: 'AA-006',
    severity: 'query',
    message: 'The value is not one the list allows; it was treated as not recorded.',
  },
  duplicateRecord: {
    code: 'AA-007',
    severity: 'query',
    message: 'The list holds this record twice (same child and date): the first row was kept.',
  },
} as const satisfies Record<string, AnnexARule>;

export type AnnexARuleName = keyof typeof ANNEX_A_RULES;
