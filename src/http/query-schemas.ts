import { z } from 'zod';

/** A date (the end of that day) or a full timestamp: the moment whose figures to show. */
export const AsAt = z
  .string()
  .trim()
  .regex(
    /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/,
    'must be a date such as 2017-06-30, or a date and time',
  )
  .transform((text) => new Date(text.length === 10 ? `${text}T23:59:59.999Z` : text))
  .refine((date) => !Number.isNaN(date.getTime()), 'is not a real date');

/** A short optional field of a query or form (a day, a month): blank is the same as absent. */
export const OptionalShortText = z
  .string()
  .trim()
  .max(20)
  .optional()
  .transform((text) => text || undefined);
