import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import { systemContext } from '../../src/services/context.ts';
import { defineDimension } from '../../src/services/dimensions.ts';
import { saveIndicator } from '../../src/services/save-indicator.ts';

/**
 * A large figures file for the import bench and the crash test: 500
 * indicators (every other one a percentage given by numerator and
 * denominator, the rest counts), each for the whole authority and four
 * localities, month after month from January 2000, as many rows as asked.
 * Deterministic: row i is always the same figure.
 */
export const BIG_INDICATORS = 500;
const LOCALITIES = ['EAST', 'NWC', 'SOUTH', 'DCSC'];
const BREAKDOWNS = ['', ...LOCALITIES.map((l) => `locality=${l}`)];
const PER_MONTH = BIG_INDICATORS * BREAKDOWNS.length;

const refOf = (n: number) => `BIG-${String(n + 1).padStart(4, '0')}`;

/** Defines the locality dimension and the 500 indicators the big file gives figures for. */
export async function defineBigCatalogue(db: Kysely<Database>): Promise<void> {
  const context = systemContext('bench');
  await defineDimension(db, {
    code: 'locality',
    name: 'Locality',
    items: LOCALITIES.map((code) => ({ code, label: code })),
  });
  for (let n = 0; n < BIG_INDICATORS; n++) {
    const isRatio = n % 2 === 0;
    await saveIndicator(
      db,
      {
        ref: refOf(n),
        title: `Synthetic indicator ${n + 1}`,
        unit: isRatio ? 'percent' : 'count',
        aim: 'bigger_is_better',
        frequency: 'monthly',
        serviceArea: 'Import bench',
        isRatio,
        ...(isRatio ? { numeratorLabel: 'Met', denominatorLabel: 'All' } : {}),
        columnDimension: 'locality',
      },
      context,
    );
  }
}

/** Row i of the big file: ref, period, breakdown, numerator, denominator, value. */
export function bigRow(i: number): [string, string, string, number | null, number | null, number | null] {
  const month = Math.floor(i / PER_MONTH);
  const within = i % PER_MONTH;
  const n = Math.floor(within / BREAKDOWNS.length);
  const period = `${2000 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;
  const breakdown = BREAKDOWNS[within % BREAKDOWNS.length]!;
  return n % 2 === 0
    ? [refOf(n), period, breakdown, 50 + (i % 50), 100 + (i % 7), null]
    : [refOf(n), period, breakdown, null, null, i % 1000];
}

const HEADINGS = ['ref', 'period', 'breakdown', 'numerator', 'denominator', 'value'];

export async function writeBigCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  let chunk = `${HEADINGS.join(',')}\r\n`;
  for (let i = 0; i < rows; i++) {
    chunk += `${bigRow(i)
      .map((c) => (c === null ? '' : String(c)))
      .join(',')}\r\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

export async function writeBigXlsx(path: string, rows: number): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useSharedStrings: false,
    useStyles: false,
  });
  const sheet = workbook.addWorksheet('Figures');
  sheet.addRow(HEADINGS).commit();
  for (let i = 0; i < rows; i++) sheet.addRow(bigRow(i)).commit();
  sheet.commit();
  await workbook.commit();
}
