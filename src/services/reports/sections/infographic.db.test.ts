import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../db/client.ts';
import { SEES_EVERYTHING, type Visibility } from '../../../domain/permissions.ts';
import { parsePeriod } from '../../../domain/periods.ts';
import type { Block, HeadlineFigure, ReportSection, ReportTable } from '../../../reports/document.ts';
import { testDatabases } from '../../../../test/support/databases.ts';
import { systemContext } from '../../context.ts';
import { loadDemoAccounts } from '../../demo/load-demo-accounts.ts';
import { loadInfographics } from '../../demo/load-infographics.ts';
import { loadScorecard201705 } from '../../demo/load-scorecard-2017-05.ts';
import { recordValues } from '../../record-values.ts';
import { buildInfographicSection } from './infographic.ts';

const FIXTURES = new URL('../../../../demo/fixtures/', import.meta.url).pathname;

describe.each(testDatabases)('the May 2017 infographics on $name', (database) => {
  let handle: DatabaseHandle;
  let loadedAt: Date;

  const build = (panel: string, options: { asAt?: Date; visibility?: Visibility } = {}) =>
    buildInfographicSection(handle.db, {
      id: 's1',
      definition: { kind: 'infographic', panel },
      month: parsePeriod('2017-05')!,
      asAt: options.asAt ?? new Date(),
      visibility: options.visibility ?? SEES_EVERYTHING,
    });
  const figures = (section: ReportSection): HeadlineFigure[] =>
    section.blocks.flatMap((b) => (b.type === 'figures' ? b.figures : []));
  const figure = (section: ReportSection, label: string) => {
    const found = figures(section).find((f) => f.label.startsWith(label));
    if (!found) throw new Error(`no figure "${label}"`);
    return found;
  };
  const charts = (section: ReportSection) =>
    section.blocks.flatMap((b) => (b.type === 'chart' ? [b.chart] : []));
  const notes = (section: ReportSection) =>
    section.blocks.flatMap((b: Block) => (b.type === 'paragraph' ? [b.text] : []));

  beforeAll(async () => {
    handle = await database.open();
    await loadDemoAccounts(handle.db);
    await loadScorecard201705(handle.db, FIXTURES);
    await loadInfographics(handle.db, FIXTURES);
    loadedAt = new Date();
  });
  afterAll(() => handle.close());

  it("rebuilds the children's social care headlines from the catalogue", async () => {
    const section = await build('csc-2017-05');
    expect(section).toMatchObject({
      id: 's1',
      kind: 'infographic',
      heading: "Children's social care in Birmingham, May 2017",
    });
    expect(figures(section).map((f) => [f.label, f.text])).toEqual([
      ['Net budget, 2017/18', '£162.5m'],
      ['Open cases', '7,803'],
      ['Children in care', '1,735'],
      ['Children with a child protection plan', '971'],
      ['Families supported by Family Support/Think Family', '2,081'],
      ['Children matched for adoption in 2016/17', '101'],
      ['Children supported to live with their own family', '84%'],
      ['Unaccompanied asylum seekers', '119'],
      ['Children in families with no recourse to public funds', '349'],
      ['BCC foster carers', '498'],
      ['Youth offending service reoffending rate', '35.8%'],
      ['Homes for disabled children', '4'],
      ['Disabled children', '655'],
    ]);
    expect(figure(section, 'Net budget')).toMatchObject({
      value: 162_500_000,
      format: { kind: 'money', decimals: 0 },
      source: { indicator: 'INF-CSC-BUDGET', period: 'FY2017-18', breakdown: '', revision: 1 },
    });
    // Reused from the May 2017 scorecard, not duplicated.
    expect(figure(section, 'Children in care')).toMatchObject({
      value: 1735,
      isCount: true,
      source: { indicator: 'CSC-07', period: '2017-05', breakdown: '' },
    });
    expect(figure(section, 'Children with a child protection plan').source?.indicator).toBe('CSC-05');
    expect(figure(section, 'Youth offending')).toMatchObject({
      value: 35.8,
      comparison: 'England and Wales: 38.0%',
    });
    expect(figure(section, 'Children matched').source?.period).toBe('FY2016-17');
    expect(notes(section)).toEqual([
      "The infographic counts 7,803 open cases; the scorecard's total of open cases for May 2017 is 7,715. The two are counted differently.",
    ]);
  });

  it('compares ethnicity and reoffending with England in bars described in words', async () => {
    const [ethnicity, reoffending] = charts(await build('csc-2017-05'));
    expect(ethnicity!.description).toBe(
      'Ethnicity: percentage of children aged 0 to 17 in each group. ' +
        'White: England 80%, Birmingham 43%, Children supported by BCC 47%; ' +
        'Mixed/multiple ethnic group: England 5%, Birmingham 10%, Children supported by BCC 14%; ' +
        'Asian/Asian British: England 10%, Birmingham 36%, Children supported by BCC 23%; ' +
        'Black/African/Caribbean/Black British: England 5%, Birmingham 11%, Children supported by BCC 16%.',
    );
    expect(ethnicity!.svg).toMatch(/^<svg role="img" aria-label="Ethnicity/);
    expect(reoffending!.description).toBe(
      'Youth offending service reoffending rate: Birmingham and England and Wales. Reoffending rate: Birmingham 35.8%, England and Wales 38.0%.',
    );
  });

  it('rebuilds the education headlines, exact figures beside rounded ones', async () => {
    const section = await build('education-2017-05');
    const shown = Object.fromEntries(figures(section).map((f) => [f.label, [f.text, f.value]]));
    expect(shown).toMatchObject({
      Pupils: ['205,867', 205867],
      'State-funded primary': ['114,749', 114749],
      'State-funded secondary': ['74,817', 74817],
      Independent: ['8,645', 8645],
      'Controllable budget, 2017/18': ['£19m', 19_000_000],
      Schools: ['447', 447],
      'Independent schools': ['Over 40', 40],
      "Early years PVI's": ['1,542', 1542],
      'Schools good or outstanding': ['81%', 81],
      'Primary schools good or outstanding': ['81%', 81],
      'Secondary schools good or outstanding': ['77%', 77],
      'Schools in special measures': ['24', 24],
      'Virtual School: 1,849 children in care aged 0 to 25 provided with education support': ['1,800', 1849],
      'School places: 10,454 additional primary places created since 2010': ['10,000+', 10454],
      'SENAR: 5,224 EHCPs and 2,388 statements maintained for young people aged 0 to 25': ['7,600', 7612],
      'Admissions: 16,000 primary and 14,465 secondary applications received from parents of home applicants on the National Offer Days in 2016':
        ['30,000', 30465],
      'Travel Assist: over 4,500 children supported to travel to school': ['4,500', 4500],
      'Exclusions: 280 permanently excluded pupils supported back into education by the Exclusions team in 2015/16':
        ['280', 280],
      'Early education: 32,300 3 and 4 year olds benefiting from some kind of free early education (as of 2016)':
        ['93%', 93],
      'Young people not in education, employment or training (NEET)': ['2.7%', 2.7],
    });
    expect(figure(section, 'SENAR').source).toBeUndefined();
    expect(figure(section, 'Early education').source).toMatchObject({
      indicator: 'INF-EDU-EARLY-EDUCATION-PCT',
      period: 'CY2016',
    });
    expect(notes(section)).toContain(
      'State-funded primary, state-funded secondary and independent pupils add up to 198,211, not 205,867: 7,656 pupils are not itemised.',
    );
    const [population] = charts(section);
    expect(population!.description).toBe(
      'School population overall: Birmingham and England (percentage of pupils). ' +
        'Black and minority ethnic (BME): Birmingham 66.6%, England 28.9%; ' +
        'English as an additional language (EAL): Birmingham 35.8%, England 17.3%; ' +
        'Free school meals (FSM): Birmingham 28.9%, England 15.2%; ' +
        'Special educational needs (SEN): Birmingham 17.8%, England 15.5%.',
    );
  });

  it('reproduces the schools-by-type table cell for cell, PRU and its 447 total included', async () => {
    const section = await build('education-2017-05');
    const table = section.blocks.find(
      (b): b is { type: 'table'; table: ReportTable } => b.type === 'table',
    )!.table;
    expect(table.caption).toBe('Schools by type');
    expect(table.columns.map((c) => c.label)).toEqual(['Phase', 'LA', 'Academy', 'Free', 'Total']);
    expect(table.rows.map((r) => r.cells.map((c) => c.text))).toEqual([
      ['Nursery', '27', '', '', '27'],
      ['Primary', '189', '108', '2', '299'],
      ['Secondary', '26', '48', '7', '81'],
      ['Special', '24', '3', '', '27'],
      ['All through', '2', '2', '2', '6'],
      ['Pupil referral unit', '', '', '', '1'],
      ['Alternative', '', '', '6', '6'],
      ['Total', '268', '161', '17', '447'],
    ]);
    expect(table.rows[7]!.cells[4]).toMatchObject({
      value: 447,
      source: { indicator: 'INF-EDU-SCHOOLS', period: '2017-05', breakdown: '', revision: 1 },
    });
    expect(table.rows[1]!.cells[2]!.source?.breakdown).toBe('school_phase=primary;school_type=academy');
    expect(table.rows[7]!.isTotal).toBe(true);
    expect(table.totals).toContainEqual({
      total: { row: 7, column: 4 },
      parts: [
        { row: 7, column: 1 },
        { row: 7, column: 2 },
        { row: 7, column: 3 },
      ],
    });
    expect(notes(section)).toEqual(
      expect.arrayContaining([
        'Pupil referral unit: only the total (1) is given.',
        'Total: LA, Academy and Free add up to 446; the total given is 447.',
      ]),
    );
  });

  it('shows the figures as they stood at the moment asked for', async () => {
    await recordValues(
      handle.db,
      [{ ref: 'INF-CSC-OPEN-CASES', period: '2017-05', value: 7810, status: 'validated', reason: 'recount' }],
      systemContext('test'),
    );
    expect(figure(await build('csc-2017-05'), 'Open cases')).toMatchObject({
      text: '7,810',
      source: { revision: 2 },
    });
    expect(figure(await build('csc-2017-05', { asAt: loadedAt }), 'Open cases')).toMatchObject({
      text: '7,803',
      source: { revision: 1 },
    });
  });

  it("shows a partner none of the council's figures", async () => {
    const section = await build('csc-2017-05', {
      visibility: { organisationId: 999_999, isPublishedOnly: false },
    });
    expect(figures(section).every((f) => f.text === 'Not available' && f.value === null)).toBe(true);
    expect(notes(section)).toEqual([]);
  });

  it('refuses a panel it does not know, naming those it does', async () => {
    await expect(build('csc-2099-01')).rejects.toMatchObject({
      code: 'validation',
      issues: [{ field: 'panel', message: expect.stringContaining('csc-2017-05, education-2017-05') }],
    });
  });
});
