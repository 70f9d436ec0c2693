import { systemContext } from './context.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/support/databases.ts';
import { importText } from '../../test/support/import-text.ts';
import type { DatabaseHandle } from '../db/client.ts';
import { findIndicator } from '../db/repositories/catalogue.ts';
import { findValueHistory } from '../db/repositories/values.ts';
import { AppError } from '../errors.ts';
import { defineDimension } from './dimensions.ts';
import { buildScorecard } from './build-scorecard.ts';
import { getIndicator } from './get-indicator.ts';
import { recordValues } from './record-values.ts';
import { saveIndicator } from './save-indicator.ts';
import { setTarget } from './set-target.ts';

const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return (error as AppError).issues;
};

describe.each(testDatabases)('recording figures on $name', (database) => {
  let handle: DatabaseHandle;
  const history = async (ref: string) =>
    findValueHistory(handle.db, (await findIndicator(handle.db, ref))!.id);

  beforeAll(async () => {
    handle = await database.open();
    await defineDimension(handle.db, {
      code: 'locality',
      name: 'Locality',
      items: [
        { code: 'EAST', label: 'East' },
        { code: 'WEST', label: 'West' },
      ],
    });
    await saveIndicator(
      handle.db,
      {
        ref: 'T1',
        title: 'Timely assessments',
        definition: 'Assessments completed within 45 working days.',
        unit: 'percent',
        aim: 'bigger_is_better',
        frequency: 'monthly',
        serviceArea: 'Test',
        isRatio: true,
        numeratorLabel: 'In time',
        denominatorLabel: 'Completed',
        columnDimension: 'locality',
      },
      systemContext('test'),
    );
    await saveIndicator(
      handle.db,
      {
        ref: 'C1',
        title: 'Children in care',
        unit: 'count',
        aim: 'smaller_is_better',
        frequency: 'monthly',
        basis: 'snapshot',
        serviceArea: 'Test',
      },
      systemContext('test'),
    );
  });
  afterAll(() => handle.close());

  it('computes the value from its parts and keeps the parts', async () => {
    await recordValues(
      handle.db,
      [{ ref: 'T1', period: '2017-05', numerator: '1,218', denominator: '1304' }],
      systemContext('test'),
    );
    const [stored] = await history('T1');
    expect(stored).toMatchObject({
      numerator: 1218,
      denominator: 1304,
      revision: 1,
      isCurrent: true,
      status: 'provisional',
    });
    expect(stored!.value).toBeCloseTo(93.4049, 3);
  });

  it('keeps the earlier figure when a correction is recorded, and marks only the new one current', async () => {
    await recordValues(handle.db, [{ ref: 'C1', period: '2017-05', value: 1735 }], systemContext('first'));
    const result = await recordValues(
      handle.db,
      [{ ref: 'C1', period: '2017-05', value: 1736, reason: 'late entry' }],
      systemContext('second'),
    );
    expect(result).toMatchObject({ created: 0, revised: 1, unchanged: 0 });
    const revisions = await history('C1');
    expect(revisions.map((r) => [r.value, r.revision, r.isCurrent, r.enteredBy])).toEqual([
      [1735, 1, false, 'first'],
      [1736, 2, true, 'second'],
    ]);
    const detail = await getIndicator(handle.db, 'C1');
    expect(detail.rows[0]!.superseded.map((v) => v.value)).toEqual([1735]);
  });

  it('shows a scorecard exactly as it stood before a correction', async () => {
    await recordValues(
      handle.db,
      [{ ref: 'C1', period: '2017-04', value: 100, commentary: 'First words.' }],
      systemContext('a'),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    const before = new Date();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await recordValues(
      handle.db,
      [{ ref: 'C1', period: '2017-04', value: 120, commentary: 'Second words.' }],
      systemContext('b'),
    );
    const shown = async (asAt?: Date) => {
      const scorecard = await buildScorecard(handle.db, {
        serviceArea: 'Test',
        month: '2017-04',
        ...(asAt ? { asAt } : {}),
      });
      const section = scorecard.sections.find((s) => s.ref === 'C1')!;
      return [section.lines[0]!.cells[1]!.text, section.commentary];
    };
    expect(await shown(before)).toEqual(['100', 'First words.']);
    expect(await shown()).toEqual(['120', 'Second words.']);
  });

  it('leaves identical figures alone and says so', async () => {
    const result = await recordValues(
      handle.db,
      [{ ref: 'C1', period: '2017-05', value: '1,736' }],
      systemContext('x'),
    );
    expect(result).toMatchObject({ created: 0, revised: 0, unchanged: 1 });
  });

  it('keeps a validated figure validated when the same numbers come again without a status', async () => {
    await recordValues(
      handle.db,
      [{ ref: 'C1', period: '2016-12', value: 9, status: 'validated' }],
      systemContext('x'),
    );
    const again = await recordValues(
      handle.db,
      [{ ref: 'C1', period: '2016-12', value: 9 }],
      systemContext('x'),
    );
    expect(again).toMatchObject({ unchanged: 1, revised: 0 });
    const changed = await recordValues(
      handle.db,
      [{ ref: 'C1', period: '2016-12', value: 10 }],
      systemContext('x'),
    );
    expect(changed).toMatchObject({ revised: 1 });
    expect((await history('C1')).filter((r) => r.period === '2016-12').map((r) => r.status)).toEqual([
      'validated',
      'provisional',
    ]);
  });

  it('refuses a whole batch when one row is bad, naming every problem by row and field', async () => {
    const issues = await refusal(
      recordValues(
        handle.db,
        [
          { ref: 'C1', period: '2017-06', value: 10 },
          { ref: 'T1', period: '2017-06', numerator: 5, denominator: 0 },
          { ref: 'T1', period: '2017-06', numerator: 7, denominator: 5, breakdown: 'locality=EAST' },
          { ref: 'T1', period: '2017-06', value: 50, breakdown: 'locality=MARS' },
          { ref: 'NOPE', period: '2017-06', value: 1 },
          { ref: 'C1', period: '2017-13', value: 1 },
          { ref: 'C1', period: '2017-Q1', value: 1 },
          { ref: 'C1', period: '2017-07', value: 'many' },
        ],
        systemContext('x'),
        { file: 'june.csv' },
      ),
    );
    expect(issues.map((i) => [i.file, i.row, i.field])).toEqual([
      ['june.csv', 2, 'denominator'],
      ['june.csv', 3, 'numerator'],
      ['june.csv', 4, 'breakdown'],
      ['june.csv', 5, 'ref'],
      ['june.csv', 6, 'period'],
      ['june.csv', 7, 'period'],
      ['june.csv', 8, 'value'],
    ]);
    expect((await history('C1')).some((r) => r.period === '2017-06')).toBe(false);
  });

  it('refuses a printed percentage that does not match its parts', async () => {
    const issues = await refusal(
      recordValues(
        handle.db,
        [{ ref: 'T1', period: '2017-07', numerator: 1218, denominator: 1304, value: 95 }],
        systemContext('x'),
      ),
    );
    expect(issues[0]!.message).toContain('does not match');
  });

  it('refuses two figures for the same indicator, period and breakdown in one batch', async () => {
    const issues = await refusal(
      recordValues(
        handle.db,
        [
          { ref: 'C1', period: '2017-08', value: 1 },
          { ref: 'C1', period: '2017-08', value: 2 },
        ],
        systemContext('x'),
      ),
    );
    expect(issues).toMatchObject([{ row: 2, field: 'period' }]);
  });

  it('imports a CSV file with thousands separators and percentages, naming the file row of each problem', async () => {
    const ok = await importText(
      handle.db,
      {
        name: 'may.csv',
        text: '\uFEFFref,period,breakdown,numerator,denominator,value\nT1,2017-05,locality=EAST,395,407,97%\n\nT1,2017-05,locality=WEST,"1,000","1,100",\n',
      },
      systemContext('x'),
    );
    expect(ok).toMatchObject({ status: 'ready', newCount: 2, problems: [] });
    const bad = await importText(
      handle.db,
      { name: 'bad.csv', text: 'ref,period,value\nC1,2017-09,1\n\nC1,2017-09x,2\n' },
      systemContext('x'),
    );
    expect(bad.status).toBe('refused');
    expect(bad.problems).toMatchObject([{ file: 'bad.csv', row: 4, column: 'B', field: 'period' }]);
    expect((await history('C1')).some((r) => r.period === '2017-09')).toBe(false);
  });

  it('refuses a file without the columns it needs', async () => {
    const odd = await importText(
      handle.db,
      { name: 'odd.csv', text: 'indicator name,amount\nx,1\n' },
      systemContext('x'),
    );
    expect(odd.status).toBe('refused');
    expect(odd.problems).toMatchObject([
      { file: 'odd.csv', message: expect.stringContaining('No heading row was found') as unknown },
    ]);
    const empty = await importText(handle.db, { name: 'empty.csv', text: '' }, systemContext('x'));
    expect(empty.problems).toMatchObject([
      { file: 'empty.csv', message: 'The file is empty (0 bytes): there is nothing to import.' },
    ]);
  });
});

describe.each(testDatabases)('the catalogue on $name', (database) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await database.open();
  });
  afterAll(() => handle.close());

  const indicator = {
    ref: 'S1',
    title: 'Progress score',
    definition: 'Old scoring system.',
    unit: 'score',
    decimals: 1,
    aim: 'above_zero',
    frequency: 'academic_year',
    serviceArea: 'Education',
  };

  it('starts a new series when the definition changes, and never compares across it', async () => {
    await saveIndicator(handle.db, indicator, systemContext('test'));
    await recordValues(handle.db, [{ ref: 'S1', period: 'AY2015-16', value: 0.4 }], systemContext('x'));
    const refused = await refusal(
      saveIndicator(handle.db, { ...indicator, definition: 'New scoring system.' }, systemContext('test')),
    );
    expect(refused[0]!.field).toBe('definition');
    await saveIndicator(
      handle.db,
      { ...indicator, definition: 'New scoring system.' },
      systemContext('test'),
      { definitionChange: { startsOn: '2016-09-01', reason: 'Not comparable: new scoring system' } },
    );
    await recordValues(handle.db, [{ ref: 'S1', period: 'AY2016-17', value: 0.1 }], systemContext('x'));
    const detail = await getIndicator(handle.db, 'S1');
    expect(detail.rows.map((r) => [r.period.code, r.series, r.againstPrevious.direction])).toEqual([
      ['AY2016-17', 1, 'not_comparable'],
      ['AY2015-16', 0, 'not_available'],
    ]);
  });

  it('refuses a target without a year and an indicator with an unknown aim', async () => {
    expect(
      await refusal(setTarget(handle.db, { ref: 'S1', kind: 'value', value: 0 }, systemContext('test'))),
    ).toMatchObject([{ field: 'year' }]);
    expect(
      await refusal(
        saveIndicator(
          handle.db,
          { ...indicator, ref: 'S2', aim: 'as_big_as_possible' },
          systemContext('test'),
        ),
      ),
    ).toMatchObject([{ field: 'aim' }]);
  });

  it('takes target years of the indicator’s own reporting year', async () => {
    await setTarget(
      handle.db,
      { ref: 'S1', year: '2016-17', kind: 'value', value: 0 },
      systemContext('test'),
    );
    expect(
      await refusal(
        setTarget(handle.db, { ref: 'S1', year: '2016', kind: 'value', value: 0 }, systemContext('test')),
      ),
    ).toMatchObject([{ field: 'year' }]);
    const detail = await getIndicator(handle.db, 'S1');
    expect(detail.rows[0]!.evaluation.status).toBe('better_than_target');
  });
});
