import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  EXPORT_FORMATS,
  exportFileName,
  exportTable,
  type ExportFormat,
  type ExportTable,
} from '../export/table-export.ts';

/** `?format=csv` or `?format=xlsx`, as every download route takes it. */
export const FormatQuery = z.object({
  format: z.enum(EXPORT_FORMATS, { error: () => 'must be csv or xlsx' }),
});

/**
 * Sends a table as a download: the file's content type, an attachment
 * disposition with a safe file name, and no caching (the figures are the
 * reader's own view, and may change within the minute).
 */
export async function sendExport(
  reply: FastifyReply,
  table: ExportTable,
  format: ExportFormat,
  nameParts: readonly string[],
): Promise<FastifyReply> {
  const { body, contentType } = await exportTable(table, format);
  return reply
    .type(contentType)
    .header('Content-Disposition', `attachment; filename="${exportFileName(nameParts, format)}"`)
    .header('Cache-Control', 'private, no-store')
    .send(body);
}

/**
 * The links a page shows under a table: the export route with the page's
 * own query (its filters, month, as-at moment) and each format, as
 * `?format=`, or, given an address per format, at those addresses.
 */
export function exportLinks(
  target: string | Record<ExportFormat, string>,
  query: Record<string, string | undefined> = {},
): { format: ExportFormat; label: string; href: string }[] {
  const kept = Object.entries(query).filter(
    (entry): entry is [string, string] =>
      typeof entry[1] === 'string' && entry[1] !== '' && entry[0] !== 'format',
  );
  return EXPORT_FORMATS.map((format) => {
    const params = new URLSearchParams(typeof target === 'string' ? [...kept, ['format', format]] : kept);
    const path = typeof target === 'string' ? target : target[format];
    return { format, label: format.toUpperCase(), href: params.size ? `${path}?${params}` : path };
  });
}
