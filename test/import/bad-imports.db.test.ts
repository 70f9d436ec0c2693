import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client.ts';
import { findCommentary, findCurrentValues } from '../../src/db/repositories/values.ts';
import { findIndicator } from '../../src/db/repositories/catalogue.ts';
import { describeIssue } from '../../src/errors.ts';
import { systemContext } from '../../src/services/context.ts';
import { loadDemo } from '../../src/services/demo/load-demo.ts';
import { createImportServices, type ImportServices } from '../../src/services/import-figures.ts';
import { testDatabases } from '../support/databases.ts';
import { writeCorpus } from '../fixtures/bad-imports/make.ts';

/**
 * The corpus of awkward and bad files (test/fixtures/bad-imports/, written
 * by make.ts there), each imported against the demo catalogue. A refused
 * file is refused whole, with exactly these words, each naming the file,
 * the sheet, the row and the column, and nothing from it is stored. The
 * awkward files that should work (a byte-order mark, Windows-1252, dates
 * in cells, titles above the headings …) are imported, and say how they
 * were read.
 */
const CORPUS = fileURLToPath(new URL('../fixtures/bad-imports/', import.meta.url));
const cli = systemContext('cli:test', 'cli');

const REFUSED: Record<string, string[]> = {
  'binary-data.csv': [
    'binary-data.csv: The file is not a spreadsheet: it holds binary data, not text or an Excel workbook (it may be another kind of file renamed). Save it from Excel as an Excel Workbook (.xlsx) or as CSV, and upload that.',
  ],
  'column-given-twice.csv': [
    'column-given-twice.csv, row 1, column D (Value): "Value" is the same column as "value" in column C: give it once.',
  ],
  'different-commentary-for-one-period.csv': [
    'different-commentary-for-one-period.csv, row 3, column G (commentary): row 2 gives different commentary for the same indicator and period: commentary is one per indicator and period, so give it once (or the same in each row).',
  ],
  'duplicate-rows.csv': [
    'duplicate-rows.csv, row 3, column B (period): row 2 already gives a figure for CSC-05, 2017-08, locality=EAST',
  ],
  'empty.csv': ['empty.csv: The file is empty (0 bytes): there is nothing to import.'],
  'entry-without-a-heading.csv': [
    'entry-without-a-heading.csv, row 2, column E: has something in it, but its column has no heading, so it cannot be read: give the column a heading, or clear it.',
  ],
  'excel-97-2003.xls': [
    'excel-97-2003.xls: The file is an Excel 97–2003 workbook (.xls) or another old Office file, which cannot be read here. Save it from Excel as an Excel Workbook (.xlsx) or as CSV, and upload that.',
  ],
  'excel-serial-date.csv': [
    'excel-serial-date.csv, row 2, column B (period): "42948" looks like a date that lost its format (Excel\'s number for 1 August 2017): write the period as 2017-08, or format the cell as a date.',
  ],
  'figures-only-on-a-hidden-sheet.xlsx': [
    'figures-only-on-a-hidden-sheet.xlsx, sheet "Notes": No visible sheet has the figures\' headings (ref, period, …); the hidden sheet "Data" has them. Unhide the sheet in Excel, or choose it when importing.',
  ],
  'formula-error.xlsx': [
    'formula-error.xlsx, sheet "Figures", row 2, column F (value): shows #DIV/0!, the result of its formula =D2/E2: correct the formula or type the figure in.',
  ],
  'formula-without-saved-result.xlsx': [
    'formula-without-saved-result.xlsx, sheet "Figures", row 2, column F (value): holds a formula (=1+2) with no saved result: open the file in Excel and save it again, or paste the figures as values.',
  ],
  'headings-only.csv': ['headings-only.csv: The file has a heading row (row 1) but no figures below it.'],
  'locked-period.csv': [
    'locked-period.csv, row 2, column B (period): 2017-05 is published and locked: a correction needs a reason',
  ],
  'merged-cells.xlsx': [
    'merged-cells.xlsx, sheet "Figures", row 2, column A: Cells A2:A3 are merged, so what is written there belongs to A2 alone and the other cells are empty. Unmerge the cells and fill in every row.',
    'merged-cells.xlsx, sheet "Figures", row 3, column A (ref): is blank: give the indicator\'s reference in every row.',
  ],
  'negative-count.csv': ['negative-count.csv, row 2, column F (value): a count cannot be negative'],
  'no-heading-row.csv': [
    'no-heading-row.csv: No heading row was found in the first 2 rows: the figures need a row of headings with at least "ref" and "period" (and value, or numerator and denominator); the first row with anything in it has: CSC-05, 2017-08, locality=EAST, 3.',
  ],
  'not-a-number.csv': ['not-a-number.csv, row 2, column F (value): must be a number, not "n/a"'],
  'not-a-period.csv': [
    'not-a-period.csv, row 2, column B (period): "Summer" is not a period (examples: 2017-05 for a month, 2022-23-Q1, 2022-23-autumn, FY2017-18, AY2017-18, 2016-11..2017-04 for a range of months)',
  ],
  'numerator-greater-than-denominator.csv': [
    'numerator-greater-than-denominator.csv, row 2, column D (numerator): 70 is greater than the denominator 60, which a percentage cannot be',
  ],
  'quote-without-its-pair.csv': [
    'quote-without-its-pair.csv, row 2, column G (commentary): holds over 10,000 characters: a quote mark (") is probably missing its pair, so the rest of the file ran into this cell.',
  ],
  'ratio-without-denominator.csv': [
    'ratio-without-denominator.csv, row 2, column E (denominator): is required when the other part of the ratio is given',
  ],
  'renamed-pdf.csv': [
    'renamed-pdf.csv: The file is a PDF document, not a spreadsheet. Save it from Excel as an Excel Workbook (.xlsx) or as CSV, and upload that.',
  ],
  'renamed-picture.xlsx': [
    'renamed-picture.xlsx: The file is a picture, not a spreadsheet. Save it from Excel as an Excel Workbook (.xlsx) or as CSV, and upload that.',
  ],
  'several-sheets-with-figures.xlsx': [
    'several-sheets-with-figures.xlsx: The workbook has 2 sheets with figures\' headings ("Figures", "Copy of Figures"): choose the sheet to read, or import them as separate files.',
  ],
  'unknown-column.csv': [
    'unknown-column.csv, row 1, column D (numerater): "numerater" is not a heading this file can have (the headings are: ref, period, breakdown, value, numerator, denominator, status, source, commentary, reason; a title or units column is ignored).',
  ],
  'unknown-indicator.csv': [
    'unknown-indicator.csv, row 2, column A (ref): no indicator has the reference "CSC-99"',
  ],
  'unknown-locality.csv': [
    'unknown-locality.csv, row 2, column C (breakdown): "WEST" is not a locality (expected one of EAST, NWC, SOUTH, DCSC, CITYWIDE)',
  ],
  'unknown-status.csv': [
    'unknown-status.csv, row 2, column E (status): must be one of: provisional, validated',
  ],
  'value-disagrees-with-its-parts.csv': [
    'value-disagrees-with-its-parts.csv, row 2, column F (value): 50 does not match 1218 / 1304, which gives 93.4',
  ],
  'wrong-kind-of-period.csv': [
    'wrong-kind-of-period.csv, row 2, column B (period): CSC-05 is monthly, so its periods are of the kind "month", not "quarter"',
  ],
  'zero-denominator.csv': [
    'zero-denominator.csv, row 2, column E (denominator): must be more than 0: with nothing to measure there is no figure (leave the row out)',
  ],
  'zip-that-is-not-a-workbook.xlsx': [
    'zip-that-is-not-a-workbook.xlsx: The file is a ZIP archive with no worksheets in it, not an Excel workbook (perhaps a Word document or another kind of file renamed). Save the figures from Excel as an Excel Workbook (.xlsx) or as CSV.',
  ],
};

type Figure = [ref: string, period: string, breakdown: string, value: number];

const ACCEPTED: Record<string, { figures: Figure[]; notes?: string[]; encoding?: string; sheet?: string }> = {
  'utf8-with-bom.csv': {
    figures: [['CSC-05', '2017-08', 'locality=EAST', 12]],
    encoding: 'UTF-8 with a byte-order mark',
  },
  'windows-1252.csv': {
    figures: [['CSC-05', '2017-08', 'locality=EAST', 12]],
    encoding: 'Windows-1252',
    notes: [
      'The file is not UTF-8, so it was read as Windows-1252 (what Excel saves as "CSV" on a Windows PC): check that letters such as £, é and ’ look right below.',
    ],
  },
  'utf-16-tab-separated.csv': {
    figures: [['CSC-05', '2017-08', 'locality=NWC', 7]],
    encoding: 'UTF-16 with a byte-order mark',
  },
  'semicolon-separated.csv': { figures: [['CSC-05', '2017-08', 'locality=SOUTH', 4]] },
  'thousands-separators-and-percent.csv': {
    figures: [
      ['CSC-03', '2017-08', '', 93.4049079754601],
      ['CSC-05', '2017-08', 'locality=EAST', 1218],
    ],
  },
  'blank-rows-and-columns.csv': {
    figures: [
      ['CSC-05', '2017-08', 'locality=EAST', 3],
      ['CSC-05', '2017-08', 'locality=NWC', 4],
    ],
  },
  'headings-not-on-row-1.csv': {
    figures: [['CSC-05', '2017-08', 'locality=EAST', 3]],
    notes: ['The headings were found on row 4; the rows above were not read.'],
  },
  'months-as-people-write-them.csv': {
    figures: [
      ['CSC-05', '2017-08', 'locality=EAST', 3],
      ['CSC-05', '2017-09', 'locality=EAST', 4],
      ['CSC-05', '2017-10', 'locality=EAST', 5],
    ],
  },
  'hidden-sheet-left-alone.xlsx': {
    figures: [['CSC-05', '2017-08', 'locality=EAST', 3]],
    sheet: 'Figures',
    notes: [
      'The sheet "Figures" was read (the only visible sheet with the figures’ headings); "Old" (hidden) was not.',
    ],
  },
  'formula-with-saved-result.xlsx': {
    figures: [['CSC-05', '2017-08', 'locality=EAST', 3]],
    sheet: 'Figures',
  },
  'dates-and-percentages.xlsx': {
    figures: [
      ['CSC-08', '2017-08', '', 93.4],
      ['CSC-05', '2017-08', 'locality=EAST', 1218],
    ],
    sheet: 'Figures',
  },
  'title-rows-merged-above-the-headings.xlsx': {
    figures: [['CSC-05', '2017-08', 'locality=EAST', 3]],
    notes: ['The headings were found on row 3; the rows above were not read.'],
  },
  'workbook-saved-as-csv.csv': {
    figures: [['CSC-05', '2017-08', 'locality=EAST', 3]],
    notes: ['The file is named workbook-saved-as-csv.csv but is an Excel workbook, so it was read as one.'],
  },
  'csv-saved-as-xlsx.xlsx': {
    figures: [['CSC-05', '2017-08', 'locality=EAST', 3]],
    notes: ['The file is named csv-saved-as-xlsx.xlsx but holds CSV text, so it was read as CSV.'],
  },
};

describe.each(testDatabases)('the bad-imports corpus on $name', (database) => {
  let handle: DatabaseHandle;
  let imports: ImportServices;

  const stored = async () =>
    Promise.all(
      (['indicator_values', 'commentary', 'import_rows'] as const).map(async (table) =>
        Number(
          (
            await handle.db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        ),
      ),
    );
  const current = async (ref: string, period: string, breakdown: string) => {
    const indicator = (await findIndicator(handle.db, ref))!;
    return (await findCurrentValues(handle.db, [indicator.id], [period])).find(
      (v) => v.breakdown === breakdown,
    );
  };

  beforeAll(async () => {
    handle = await database.open();
    await loadDemo(handle.db);
    imports = createImportServices(handle.db);
  });
  afterAll(async () => handle?.close());

  it('holds at least 30 files that are refused, and make.ts writes exactly the files it holds', async () => {
    expect(Object.keys(REFUSED).length).toBeGreaterThanOrEqual(30);
    const onDisk = (await readdir(CORPUS)).filter((f) => f !== 'make.ts').sort();
    expect(onDisk).toEqual([...Object.keys(REFUSED), ...Object.keys(ACCEPTED)].sort());
    const dir = await mkdtemp(join(tmpdir(), 'scorecard-corpus-'));
    try {
      expect((await writeCorpus(dir)).sort()).toEqual(onDisk);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.each(Object.entries(REFUSED))(
    'refuses %s, saying so, and stores nothing from it',
    async (name, messages) => {
      const before = await stored();
      const preview = await imports.preview({ path: join(CORPUS, name), fileName: name }, cli);
      expect(preview.status).toBe('refused');
      expect(preview.problems.map(describeIssue)).toEqual(messages);
      expect(preview.newCount + preview.changedCount + preview.commentaryCount).toBe(0);
      await expect(imports.commit(preview.id, cli)).rejects.toThrow(`Import ${preview.id} was refused`);
      expect(await stored()).toEqual(before);
    },
  );

  it.each(Object.entries(ACCEPTED))('imports %s', async (name, expected) => {
    const preview = await imports.preview({ path: join(CORPUS, name), fileName: name }, cli);
    expect(preview.problems.map(describeIssue)).toEqual([]);
    for (const note of expected.notes ?? []) expect(preview.notes).toContain(note);
    if (expected.encoding) expect(preview.encoding).toBe(expected.encoding);
    if (expected.sheet) expect(preview.sheet).toBe(expected.sheet);
    if (preview.status === 'ready') await imports.commit(preview.id, cli);
    else expect(preview.status).toBe('unchanged');
    for (const [ref, period, breakdown, value] of expected.figures)
      expect((await current(ref, period, breakdown))?.value).toBeCloseTo(value, 6);
  });

  it('reads Windows-1252 text as the person typed it', async () => {
    const csc05 = (await findIndicator(handle.db, 'CSC-05'))!;
    const commentary = await findCommentary(handle.db, [csc05.id], { periods: ['2017-08'] });
    expect(commentary.map((c) => c.body)).toContain('Café costs £5 ‘quoted’');
  });

  it.each([
    'duplicate-rows.csv',
    'different-commentary-for-one-period.csv',
    'locked-period.csv',
    'unknown-indicator.csv',
    'merged-cells.xlsx',
    'formula-error.xlsx',
    'figures-only-on-a-hidden-sheet.xlsx',
  ])(
    'refuses %s with the same words when a worker thread reads it (as it does a large file)',
    async (name) => {
      const inWorker = createImportServices(handle.db, { workerFromBytes: 0 });
      const preview = await inWorker.preview({ path: join(CORPUS, name), fileName: name }, cli);
      expect(preview.status).toBe('refused');
      expect(preview.problems.map(describeIssue)).toEqual(REFUSED[name]);
    },
  );

  it.each(['semicolon-separated.csv', 'hidden-sheet-left-alone.xlsx'])(
    'previews %s the same when a worker thread reads it',
    async (name) => {
      const inWorker = createImportServices(handle.db, { workerFromBytes: 0 });
      const [here, there] = [
        await imports.preview({ path: join(CORPUS, name), fileName: name }, cli),
        await inWorker.preview({ path: join(CORPUS, name), fileName: name }, cli),
      ];
      const shown = (p: typeof here) => ({
        status: p.status,
        counts: [p.rowsRead, p.newCount, p.changedCount, p.unchangedCount, p.commentaryCount],
        notes: p.notes.filter((n) => !n.startsWith('The same file')),
        problems: p.problems,
        rows: [...p.changedRows, ...p.newRows],
      });
      expect(shown(there)).toEqual(shown(here));
    },
  );
});
