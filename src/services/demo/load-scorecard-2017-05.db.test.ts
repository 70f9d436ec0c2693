import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.ts';
import { testDatabases } from '../../../test/support/databases.ts';
import { buildScorecard, type Scorecard } from '../build-scorecard.ts';
import { loadScorecard201705 } from './load-scorecard-2017-05.ts';
import { findValueHistory } from '../../db/repositories/values.ts';
import { findIndicators } from '../../db/repositories/catalogue.ts';
import { loadDemoAccounts } from './load-demo-accounts.ts';

const FIXTURES = new URL('../../../demo/fixtures/', import.meta.url).pathname;

describe.each(testDatabases)('the May 2017 scorecard demo on $name', (database) => {
  let handle: DatabaseHandle;
  let scorecard: Scorecard;
  const section = (ref: string) => scorecard.sections.find((s) => s.ref === ref)!;
  const line = (ref: string, label: string) => section(ref).lines.find((l) => l.label === label)!;
  const texts = (ref: string, label: string) => line(ref, label).cells.map((c) => c.text);

  beforeAll(async () => {
    handle = await database.open();
    await loadDemoAccounts(handle.db);
    await loadScorecard201705(handle.db, FIXTURES);
    scorecard = await buildScorecard(handle.db, { serviceArea: "Children's social care", month: '2017-05' });
  });
  afterAll(() => handle.close());

  it('shows family assessments as 1,218 of 1,304 inside timescale, 93%', () => {
    expect(section('CSC-03').columns.map((c) => c.label)).toEqual([
      'Prev. 6 months average',
      'May-17',
      'EAST',
      'NWC',
      'SOUTH',
      'DCSC',
      'Other Citywide Teams',
    ]);
    expect(texts('CSC-03', 'No. inside')).toEqual(['1,178', '1,218', '395', '397', '353', '25', '48']);
    expect(texts('CSC-03', 'No. outside')).toEqual(['123', '86', '12', '40', '19', '4', '11']);
    expect(texts('CSC-03', 'Total')).toEqual(['1,301', '1,304', '407', '437', '372', '29', '59']);
    expect(texts('CSC-03', '% Inside')).toEqual(['91%', '93%', '97%', '91%', '95%', '86%', '81%']);
    expect(section('CSC-03').rating.label).toBe('Better than target');
  });

  it('shows re-referrals as 305 of 1,382, 22% against a 24% target, with the six months cumulative', () => {
    expect(texts('CSC-02', 'No. re-referrals')).toEqual(['1,862', '305']);
    expect(texts('CSC-02', 'Total Referrals')).toEqual(['7,508', '1,382']);
    expect(texts('CSC-02', 'Re-referrals %')).toEqual(['25%', '22%']);
    expect(section('CSC-02').target).toBe('24%');
    expect(section('CSC-02').rating.status).toBe('better_than_target');
  });

  it('shows 971 children on a plan with rates per 10,000 of 26, 28 and 52 by locality', () => {
    expect(texts('CSC-05', 'No of CPP')).toEqual(['988', '971', '275', '308', '355', '20', '13']);
    expect(texts('CSC-05', 'Rate per 10,000 children')).toEqual(['35', '34', '26', '28', '52', '', '']);
  });

  it('reproduces the printed children in care rate, UASC included in the city total only', () => {
    expect(texts('CSC-07R', 'Rate per 10K (UASC included)')).toEqual(['66', '65', '49', '50', '85', '', '']);
  });

  it('finds that every locality split adds up to its total', () => {
    for (const s of scorecard.sections) expect(s.notes.filter((n) => n.includes('add up'))).toEqual([]);
  });

  it('lays out team types as rows and localities as columns for caseloads', () => {
    expect(section('CSC-13').lines.map((l) => l.label)).toEqual([
      'Assessment Teams',
      'Safeguarding Teams',
      'Children in Care Teams',
      'Average Caseload - City',
    ]);
    expect(texts('CSC-13', 'Average Caseload - City')).toEqual(['15', '15', '15', '15', '16', '13', '']);
  });

  it('carries each indicator’s commentary for the month', () => {
    expect(section('CSC-13').commentary).toContain('National average: 15');
  });

  it('changes nothing when loaded a second time', async () => {
    await loadScorecard201705(handle.db, FIXTURES);
    const [indicator] = await findIndicators(handle.db, { refs: ['CSC-03'] });
    const history = await findValueHistory(handle.db, indicator!.id);
    expect(history.every((v) => v.revision === 1)).toBe(true);
  });
});
