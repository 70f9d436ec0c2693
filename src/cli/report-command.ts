import { writeFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { renderReportFile, REPORT_FORMATS, type ReportFormat } from '../reports/render-file.ts';
import { systemContext } from '../services/context.ts';
import { createReportServices } from '../services/reports/index.ts';
import { createRenderer } from '../web/render.ts';

export const REPORT_USAGE = `  report <id>     render report pack <id> to a file: --format pdf|docx|xlsx|html (default pdf),
                  --publication N for a publication as frozen (default: the draft now),
                  --out FILE (default: the report's file name in this folder)`;

/** `scorecard report <id>`: a report pack rendered to a file by the operator, as the page would give it. */
export async function runReportCommand(
  db: Kysely<Database>,
  id: string | undefined,
  flags: { format?: string; publication?: string; out?: string },
  settings: { disclosureThreshold: number; chromiumPath: string },
): Promise<number> {
  const format = (flags.format ?? 'pdf') as ReportFormat;
  if (!id || !/^\d+$/.test(id) || !REPORT_FORMATS.includes(format)) {
    console.error(`Usage:\n${REPORT_USAGE}`);
    return 2;
  }
  const started = performance.now();
  const reports = createReportServices(db, settings);
  const context = systemContext('cli', 'cli');
  const published = flags.publication
    ? await reports.publication({ id: Number(id), publicationId: Number(flags.publication) }, context)
    : null;
  const document =
    published?.document ??
    (await reports.draft(
      { id: Number(id), onSection: (done, total) => process.stderr.write(`\rSection ${done} of ${total}`) },
      context,
    ));
  process.stderr.write('\n');
  const file = await renderReportFile(document, format, {
    render: createRenderer({ isDevelopment: false }),
    chromiumPath: settings.chromiumPath,
    onProgress: (text) => process.stderr.write(`${text}\n`),
    ...(published
      ? { revisedSince: published.revisedSince, publishedAt: published.publication.publishedAt }
      : {}),
  });
  const out = flags.out ?? file.fileName;
  await writeFile(out, file.body);
  console.log(
    `Wrote ${out} (${Math.round(file.body.length / 1024)} KiB) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return 0;
}
