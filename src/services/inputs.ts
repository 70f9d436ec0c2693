import { z } from 'zod';
import { invalid, type Issue } from '../errors.ts';
import {
  AIMS,
  BASES,
  BENCHMARKS,
  COMPARISONS,
  FREQUENCIES,
  TARGET_KINDS,
  UNITS,
  VALUE_STATUSES,
  type Target,
} from '../domain/indicator.ts';

/**
 * The shapes the services accept, from forms, the API, the CLI and files
 * alike. Each schema validates and types one boundary; domain rules that
 * need the catalogue (does this indicator exist?) are checked by the service.
 */

const text = z.string().trim();
const ref = text.min(1, 'is required').max(40, 'must be at most 40 characters');
const choice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: () => `must be one of: ${values.join(', ')}` });

/** Numbers as people type them in forms and spreadsheets: '1,218', '93%', ' 93.0 '. Blank means not known. */
export const looseNumber = z.preprocess(
  (input) => {
    if (typeof input !== 'string') return input;
    const cleaned = input.trim().replace(/,/g, '').replace(/%$/, '').trim();
    return cleaned === '' ? null : cleaned;
  },
  z
    .union(
      [
        z.number(),
        z
          .string()
          .regex(/^-?\d+(\.\d+)?$/)
          .transform(Number),
      ],
      {
        error: (issue) =>
          `must be a number${typeof issue.input === 'string' ? `, not "${issue.input}"` : ''}`,
      },
    )
    .nullable(),
);

export const IndicatorInput = z.object({
  ref,
  title: text.min(1, 'is required'),
  definition: text.default(''),
  unit: choice(UNITS),
  decimals: z.coerce.number().int().min(0).max(6).default(0),
  aim: choice(AIMS),
  frequency: choice(FREQUENCIES),
  basis: choice(BASES).default('in_period'),
  comparison: choice(COMPARISONS).optional(),
  reportingYear: choice(['financial', 'academic', 'calendar'] as const).optional(),
  serviceArea: text.min(1, 'is required'),
  directorate: text.default(''),
  portfolio: text.default(''),
  priority: text.default(''),
  owner: text.default(''),
  reportingOrganisation: text.default(''),
  /** The indicator owner who enters its figures: a person with an account. */
  ownerEmail: z
    .union([z.literal('').transform(() => undefined), z.email('must be an email address')])
    .optional(),
  isRatio: z.boolean().default(false),
  isAdditive: z.boolean().default(true),
  numeratorLabel: text.default(''),
  denominatorLabel: text.default(''),
  complementLabel: text.default(''),
  valueLabel: text.default(''),
  totalLabel: text.default(''),
  showsRatePer10k: z.boolean().default(false),
  rowDimension: text.min(1).nullable().default(null),
  columnDimension: text.min(1).nullable().default(null),
  scorecardOrder: z.coerce.number().int().default(0),
});
export type IndicatorInput = z.input<typeof IndicatorInput>;
export type IndicatorFields = z.output<typeof IndicatorInput>;

export const TargetInput = z
  .object({
    ref,
    year: text.regex(
      /^\d{4}(-\d{2})?$/,
      'must be a reporting year such as 2017-18 (or 2017 for a calendar year)',
    ),
    kind: choice(TARGET_KINDS),
    value: looseNumber.optional(),
    low: looseNumber.optional(),
    high: looseNumber.optional(),
    benchmark: choice(BENCHMARKS).optional(),
    tolerance: looseNumber.optional(),
    note: text.default(''),
  })
  .superRefine((t, ctx) => {
    const need = (field: 'value' | 'low' | 'high' | 'benchmark') => {
      if (t[field] === undefined || t[field] === null)
        ctx.addIssue({ code: 'custom', path: [field], message: `is required for a ${t.kind} target` });
    };
    if (t.kind === 'value') need('value');
    if (t.kind === 'band') {
      need('low');
      need('high');
      if (t.low != null && t.high != null && t.low > t.high)
        ctx.addIssue({
          code: 'custom',
          path: ['high'],
          message: 'must not be below the low end of the band',
        });
    }
    if (t.kind === 'benchmark') need('benchmark');
    if (t.tolerance != null && t.tolerance < 0)
      ctx.addIssue({ code: 'custom', path: ['tolerance'], message: 'must not be negative' });
    if (t.year.length === 7 && Number(t.year.slice(5)) !== (Number(t.year.slice(0, 4)) + 1) % 100) {
      ctx.addIssue({
        code: 'custom',
        path: ['year'],
        message: 'must be two consecutive years, such as 2017-18',
      });
    }
  });
export type TargetInput = z.input<typeof TargetInput>;

export function targetFromFields(t: z.output<typeof TargetInput>): Target {
  const tolerance = t.tolerance ?? null;
  switch (t.kind) {
    case 'value':
      return { kind: 'value', value: t.value!, tolerance };
    case 'band':
      return { kind: 'band', low: t.low!, high: t.high!, tolerance };
    case 'benchmark':
      return { kind: 'benchmark', benchmark: t.benchmark!, resolvedValue: null, tolerance };
    case 'trend_only':
      return { kind: 'trend_only' };
    case 'tbc':
      return { kind: 'tbc' };
  }
}

export const ValueInput = z.object({
  ref,
  period: text.min(1, 'is required'),
  breakdown: text.default(''),
  value: looseNumber.optional(),
  numerator: looseNumber.optional(),
  denominator: looseNumber.optional(),
  /** Omitted: a new figure is provisional, and the same numbers again keep the status they had. */
  status: choice(VALUE_STATUSES).optional(),
  source: text.default(''),
  commentary: text.optional(),
  reason: text.default(''),
});
export type ValueInput = z.input<typeof ValueInput>;
export type ValueFields = z.output<typeof ValueInput>;

/**
 * Validates a list of inputs against a schema, collecting every problem
 * (with its row) rather than stopping at the first. Rows that fail are null
 * in the result, so a caller can go on to check the others.
 */
export function validateAll<S extends z.ZodType>(
  schema: S,
  inputs: unknown[],
  where: { file?: string; rowNumber?: (index: number) => number } = {},
): { rows: (z.output<S> | null)[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const rows = inputs.map((input, index) => {
    const result = schema.safeParse(input);
    if (result.success) return result.data as z.output<S>;
    for (const issue of result.error.issues) {
      issues.push({
        ...(where.file ? { file: where.file } : {}),
        ...(where.rowNumber ? { row: where.rowNumber(index) } : inputs.length > 1 ? { row: index + 1 } : {}),
        field: issue.path.join('.'),
        message: issue.message,
      });
    }
    return null;
  });
  return { rows, issues };
}

export function refusal(issues: Issue[]) {
  const sorted = [...issues].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return invalid(
    `${issues.length} problem${issues.length === 1 ? '' : 's'} found; nothing was saved.`,
    sorted,
  );
}

/** Like validateAll, but throws one validation error naming every problem. */
export function parseAll<S extends z.ZodType>(
  schema: S,
  inputs: unknown[],
  where: { file?: string; rowNumber?: (index: number) => number } = {},
): z.output<S>[] {
  const { rows, issues } = validateAll(schema, inputs, where);
  if (issues.length) throw refusal(issues);
  return rows as z.output<S>[];
}
