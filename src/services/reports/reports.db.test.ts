import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../../test/support/databases.ts';
import { contextOf } from '../../../test/support/people.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { findAuditEvents } from '../../db/repositories/audit.ts';
import { AppError } from '../../errors.ts';
import type { ReportDefinition } from '../../reports/definition.ts';
import type { ReportDocument, TableCell } from '../../reports/document.ts';
import type { RequestContext } from '../context.ts';
import { DEMO_FIXTURES } from '../demo/load-demo.ts';
import { loadDemoAccounts } from '../demo/load-demo-accounts.ts';
import { loadScorecard201705 } from '../demo/load-scorecard-2017-05.ts';
import { createServices, type Services } from '../index.ts';

const PACK: ReportDefinition = {
  title: "Children's social care performance",
  audience: 'Scrutiny committee',
  period: '2017-05',
  isPublic: false,
  sections: [
    { kind: 'text', heading: 'Introduction', text: 'This report sets out May 2017.\n\nIt is for noting.' },
    { kind: 'scorecard', serviceArea: "Children's social care" },
    { kind: 'exceptions', serviceArea: "Children's social care" },
    { kind: 'indicators', refs: ['CSC-03'] },
  ],
};

/** The cells of the table following an indicator's heading in a section. */
function tableOf(document: ReportDocument, headingStart: string): TableCell[][] {
  for (const section of document.sections) {
    const at = section.blocks.findIndex((b) => b.type === 'heading' && b.text.startsWith(headingStart));
    if (at < 0) continue;
    const table = section.blocks.slice(at).find((b) => b.type === 'table');
    if (table?.type === 'table') return table.table.rows.map((r) => r.cells);
  }
  throw new Error(`no table after ${headingStart}`);
}

const rowTexts = (rows: TableCell[][], label: string) =>
  rows.find((cells) => cells[0]!.text === label)!.map((c) => c.text);

describe.each(testDatabases)('report packs on $name', (database) => {
  let handle: DatabaseHandle;
  let services: Services;
  let officer: RequestContext;
  let councillor: RequestContext;
  let trust: RequestContext;
  let reportId: number;

  beforeAll(async () => {
    handle = await database.open();
    await loadDemoAccounts(handle.db);
    await loadScorecard201705(handle.db, DEMO_FIXTURES);
    services = createServices(handle.db, { disclosureThreshold: 5 });
    officer = await contextOf(handle.db, 'performance@demo.invalid');
    councillor = await contextOf(handle.db, 'councillor@demo.invalid');
    trust = await contextOf(handle.db, 'trust@demo.invalid');
    reportId = await services.reports.save({ id: null, input: PACK }, officer);
  });
  afterAll(() => handle.close());

  it('builds a draft from the same figures as the scorecard page, section by section', async () => {
    const progress: string[] = [];
    const document = await services.reports.draft(
      { id: reportId, onSection: (done, total) => progress.push(`${done}/${total}`) },
      officer,
    );
    expect(progress).toEqual(['1/4', '2/4', '3/4', '4/4']);
    expect(document.status).toBe('draft');
    expect(document.sections.map((s) => s.heading)).toEqual([
      'Introduction',
      "Children's social care scorecard, May 2017",
      "Exceptions: Children's social care, May 2017",
      'Indicators in detail',
    ]);
    const assessments = tableOf(document, 'CSC-03');
    expect(rowTexts(assessments, 'No. inside')).toEqual([
      'No. inside',
      '1,178',
      '1,218',
      '395',
      '397',
      '353',
      '25',
      '48',
    ]);
    expect(rowTexts(assessments, '% Inside')).toEqual([
      '% Inside',
      '91%',
      '93%',
      '97%',
      '91%',
      '95%',
      '86%',
      '81%',
    ]);
    const cell = assessments.find((c) => c[0]!.text === 'No. inside')![2]!;
    expect(cell).toMatchObject({
      value: 1218,
      isCount: true,
      source: { indicator: 'CSC-03', period: '2017-05', breakdown: '' },
    });
  });

  it('records who saved the report in the audit record', async () => {
    const events = await findAuditEvents(handle.db, { action: 'report.create' });
    expect(events.at(-1)).toMatchObject({ actor: 'Priya Performance', entityId: String(reportId) });
  });

  it('refuses a definition with what is wrong, field by field', async () => {
    const error = await services.reports
      .save({ id: null, input: { ...PACK, period: '2017-13', sections: [] } }, officer)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).issues.map((i) => i.field)).toEqual(['period', 'sections']);
  });

  it('freezes a publication exactly, and notes a correction made since', async () => {
    const publicationId = await services.reports.publish(reportId, officer);
    const before = await services.reports.publication({ id: reportId, publicationId }, officer);
    expect(before.document.status).toBe('published');
    expect(before.revisedSince).toEqual([]);

    await services.recordValues(
      [{ ref: 'CSC-03', period: '2017-05', numerator: 1220, denominator: 1304, reason: 'late recording' }],
      officer,
    );
    const after = await services.reports.publication({ id: reportId, publicationId: 'latest' }, officer);
    expect(after.json).toBe(before.json);
    expect(after.publication.sha256).toBe(before.publication.sha256);
    expect(rowTexts(tableOf(after.document, 'CSC-03'), 'No. inside')[2]).toBe('1,218');
    expect(after.revisedSince.map((n) => n.indicator)).toContain('CSC-03');
    expect(after.revisedSince.find((n) => n.indicator === 'CSC-03')!.text).toMatch(
      /^CSC-03 \(May 2017\): shown as 1,218; revised on \d{4}-\d{2}-\d{2} by Priya Performance to 93\.\d+ \(late recording\)\.$/,
    );

    const draft = await services.reports.draft({ id: reportId }, officer);
    expect(rowTexts(tableOf(draft, 'CSC-03'), 'No. inside')[2]).toBe('1,220');
  });

  it('suppresses small counts in a public report, with the total that would reveal them', async () => {
    const id = await services.reports.save({ id: null, input: { ...PACK, isPublic: true } }, officer);
    const document = await services.reports.draft({ id }, officer);
    const assessments = tableOf(document, 'CSC-03');
    // DCSC: 25 inside and 4 outside of 29. The 4 is suppressed; so is the next smallest locality,
    // or the month's total would give it away; and so is DCSC's 25 inside, or its total of 29 would.
    const outside = rowTexts(assessments, 'No. outside');
    expect(outside[6]).toBe('c');
    expect(outside.slice(3).filter((t) => t === 'c')).toHaveLength(2);
    expect(rowTexts(assessments, 'No. inside')[6]).toBe('c');
    expect(rowTexts(assessments, 'Total')[6]).toBe('29');
    expect(rowTexts(assessments, '% Inside')[6]).toBe('c');
    expect(rowTexts(assessments, '% Inside')[3]).toBe('97%');
  });

  it('shows viewers published reports only, and partners none', async () => {
    const draftOnly = await services.reports.save(
      { id: null, input: { ...PACK, title: 'Work in progress' } },
      officer,
    );
    const seen = (await services.reports.list(councillor)).map((r) => r.id);
    expect(seen).toContain(reportId);
    expect(seen).not.toContain(draftOnly);
    await expect(services.reports.read(draftOnly, councillor)).rejects.toMatchObject({ code: 'not_found' });
    await expect(services.reports.draft({ id: reportId }, councillor)).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(services.reports.list(trust)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(services.reports.publish(reportId, councillor)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('keeps publications append-only in the database', async () => {
    await expect(
      handle.db
        .updateTable('report_publications')
        .set({ document: '{}' })
        .where('report_id', '=', reportId)
        .execute(),
    ).rejects.toThrow(/append-only/);
  });
});
