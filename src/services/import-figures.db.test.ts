import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/support/databases.ts';
import type { DatabaseHandle } from '../db/client.ts';
import { findIndicator } from '../db/repositories/catalogue.ts';
import { findCommentary, findValueHistory } from '../db/repositories/values.ts';
import { AppError, describeIssue } from '../errors.ts';
import { systemContext } from './context.ts';
import { defineDimension } from './dimensions.ts';
import { createImportServices, type ImportServices } from './import-figures.ts';
import { recordValues } from './record-values.ts';
import { saveIndicator } from './save-indicator.ts';

const cli = systemContext('cli:test', 'cli');

describe.each(testDatabases)('importing figures from a file on $name', (database) => {
  let handle: DatabaseHandle;
  let imports: ImportServices;
  let dir: string;

  const file = async (name: string, text: string) => {
    const path = join(dir, name);
    await writeFile(path, text);
    return { path, fileName: name };
  };
  const history = async (ref: string) =>
    findValueHistory(handle.db, (await findIndicator(handle.db, ref))!.id);
  const countOf = async (table: 'indicator_values' | 'import_rows' | 'commentary') =>
    Number(
      (
        await handle.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const failure = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scorecard-import-test-'));
    handle = await database.open();
    imports = createImportServices(handle.db);
    await defineDimension(handle.db, {
      code: 'locality',
      name: 'Locality',
      items: [
        { code: 'EAST', label: 'East' },
        { code: 'WEST', label: 'West' },
      ],
    });
    const indicator = (ref: string, extra: Record<string, unknown>) =>
      saveIndicator(
        handle.db,
        {
          ref,
          title: ref,
          unit: 'count',
          aim: 'bigger_is_better',
          frequency: 'monthly',
          serviceArea: 'Test',
          ...extra,
        },
        systemContext('test'),
      );
    await indicator('IMP-T', {
      unit: 'percent',
      isRatio: true,
      numeratorLabel: 'In time',
      denominatorLabel: 'All',
      columnDimension: 'locality',
    });
    await indicator('IMP-C', {});
    await indicator('IMP-R', {});
  });
  afterAll(async () => {
    await handle?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('previews a file without writing a figure, then commits exactly what it previewed', async () => {
    const before = await countOf('indicator_values');
    const upload = await file(
      'may.csv',
      'ref,period,breakdown,numerator,denominator,value,commentary\n' +
        'IMP-T,2017-05,,"1,218","1,304",,Steady.\n' +
        'IMP-T,2017-05,locality=EAST,600,650,,\n' +
        'IMP-C,2017-05,,,,7,\n',
    );
    const preview = await imports.preview(upload, cli);
    expect(preview).toMatchObject({
      status: 'ready',
      fileName: 'may.csv',
      format: 'csv',
      rowsRead: 3,
      newCount: 3,
      changedCount: 0,
      unchangedCount: 0,
      refusedCount: 0,
      commentaryCount: 1,
      createdBy: 'cli:test',
    });
    expect(preview.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(preview.newRows.map((r) => [r.row, r.ref, r.breakdown, r.value?.toFixed(2)])).toEqual([
      [2, 'IMP-T', '', '93.40'],
      [3, 'IMP-T', 'locality=EAST', '92.31'],
      [4, 'IMP-C', '', '7.00'],
    ]);
    expect(await countOf('indicator_values')).toBe(before);

    const committed = await imports.commit(preview.id, cli);
    expect(committed.status).toBe('committed');
    expect(await countOf('indicator_values')).toBe(before + 3);
    const [figure] = await handle.db
      .selectFrom('indicator_values')
      .select(['import_id', 'entered_by', 'numerator'])
      .where('import_id', '=', preview.id)
      .orderBy('id')
      .execute();
    expect(figure).toEqual({ import_id: preview.id, entered_by: 'cli:test', numerator: 1218 });
    const commentary = await findCommentary(handle.db, [(await findIndicator(handle.db, 'IMP-T'))!.id]);
    expect(commentary.map((c) => c.body)).toEqual(['Steady.']);
    await expect(imports.commit(preview.id, cli)).rejects.toThrow('has already been committed');
  });

  it('says so when the same file is imported twice, and changes nothing', async () => {
    const before = await countOf('indicator_values');
    const again = await imports.preview(
      await file(
        'may.csv',
        'ref,period,breakdown,numerator,denominator,value,commentary\n' +
          'IMP-T,2017-05,,"1,218","1,304",,Steady.\n' +
          'IMP-T,2017-05,locality=EAST,600,650,,\n' +
          'IMP-C,2017-05,,,,7,\n',
      ),
      cli,
    );
    expect(again).toMatchObject({ status: 'unchanged', unchangedCount: 3, newCount: 0, changedCount: 0 });
    expect(again.notes).toContain(
      'Nothing to import: all 3 figures in this file are already recorded exactly so.',
    );
    expect(
      again.notes.some((n) => n.startsWith('The same file (the same SHA-256) was imported before: import')),
    ).toBe(true);
    await expect(imports.commit(again.id, cli)).rejects.toThrow('has nothing to commit');
    expect(await countOf('indicator_values')).toBe(before);
  });

  it('shows each changed figure old and new, and commits it as a new revision', async () => {
    const preview = await imports.preview(
      await file('may-corrected.csv', 'ref,period,value\nIMP-C,2017-05,9\nIMP-C,2017-06,4\n'),
      cli,
    );
    expect(preview).toMatchObject({ status: 'ready', newCount: 1, changedCount: 1 });
    expect(preview.changedRows).toMatchObject([
      { row: 2, ref: 'IMP-C', oldValue: 7, value: 9, outcome: 'changed' },
    ]);
    await imports.commit(preview.id, cli);
    const may = (await history('IMP-C')).filter((v) => v.period === '2017-05');
    expect(may.map((v) => [v.revision, v.value, v.isCurrent])).toEqual([
      [1, 7, false],
      [2, 9, true],
    ]);
  });

  it('refuses the whole file for one bad row, naming file, row and column, and stores nothing from it', async () => {
    const before = await Promise.all([
      countOf('indicator_values'),
      countOf('import_rows'),
      countOf('commentary'),
    ]);
    const preview = await imports.preview(
      await file(
        'bad.csv',
        'ref,period,value,numerator,denominator\nIMP-C,2017-07,5,,\nIMP-X,2017-07,1,,\nIMP-T,2017-07,,70,60\n',
      ),
      cli,
    );
    expect(preview).toMatchObject({ status: 'refused', refusedCount: 2, problemCount: 2, newCount: 0 });
    expect(preview.problems.map(describeIssue)).toEqual([
      'bad.csv, row 3, column A (ref): no indicator has the reference "IMP-X"',
      'bad.csv, row 4, column D (numerator): 70 is greater than the denominator 60, which a percentage cannot be',
    ]);
    expect(
      await Promise.all([countOf('indicator_values'), countOf('import_rows'), countOf('commentary')]),
    ).toEqual(before);
    await expect(imports.commit(preview.id, cli)).rejects.toThrow('was refused');
  });

  it('refuses to commit a preview when a figure in it was recorded by someone else meanwhile', async () => {
    const preview = await imports.preview(await file('aug.csv', 'ref,period,value\nIMP-C,2017-08,3\n'), cli);
    await recordValues(
      handle.db,
      [{ ref: 'IMP-C', period: '2017-08', value: 4 }],
      systemContext('someone else'),
    );
    const error = await failure(imports.commit(preview.id, cli));
    expect(error.message).toBe(
      'Some figures changed after this file was previewed, so it was not imported: row 2 (IMP-C, 2017-08, since recorded by someone else). Upload the file again to see a new preview.',
    );
    expect((await history('IMP-C')).filter((v) => v.period === '2017-08').map((v) => v.value)).toEqual([4]);
  });

  it('rolls an import back by new revisions: earlier values restored, figures it created withdrawn', async () => {
    await recordValues(handle.db, [{ ref: 'IMP-R', period: '2017-05', value: 10 }], systemContext('before'));
    const preview = await imports.preview(
      await file('rollback.csv', 'ref,period,value,commentary\nIMP-R,2017-05,11,Up.\nIMP-R,2017-06,12,\n'),
      cli,
    );
    await imports.commit(preview.id, cli);
    const rolledBack = await imports.rollback(preview.id, systemContext('cli:admin', 'cli'));
    expect(rolledBack).toMatchObject({ status: 'rolled_back', rolledBackBy: 'cli:admin' });
    const figures = (await history('IMP-R')).map((v) => [v.period, v.revision, v.value, v.isCurrent]);
    expect(figures).toEqual([
      ['2017-05', 1, 10, false],
      ['2017-05', 2, 11, false],
      ['2017-05', 3, 10, true],
      ['2017-06', 1, 12, false],
      ['2017-06', 2, null, true],
    ]);
    const withdrawn = (await history('IMP-R')).find((v) => v.period === '2017-06' && v.revision === 2)!;
    expect(withdrawn.reason).toBe(
      'Rollback of import ' + preview.id + ' (rollback.csv): withdrawn, there was no figure before',
    );
    const commentary = await findCommentary(handle.db, [(await findIndicator(handle.db, 'IMP-R'))!.id], {
      currentOnly: true,
    });
    expect(commentary.map((c) => c.body)).toEqual(['']);
    await expect(imports.rollback(preview.id, cli)).rejects.toThrow('has already been rolled back');
  });

  it('refuses to roll back an import whose figures were changed since, naming them', async () => {
    const preview = await imports.preview(
      await file('sep.csv', 'ref,period,value\nIMP-R,2017-09,1\nIMP-R,2017-10,2\n'),
      cli,
    );
    await imports.commit(preview.id, cli);
    await recordValues(
      handle.db,
      [{ ref: 'IMP-R', period: '2017-10', value: 3 }],
      systemContext('Jo Bloggs'),
    );
    const error = await failure(imports.rollback(preview.id, cli));
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(
      /^Import \d+ cannot be rolled back: figures it wrote have been changed since, and a rollback would undo those later changes too\. Changed since: IMP-R, 2017-10 \(changed by Jo Bloggs on .+\)\. Correct the figures by hand instead\.$/,
    );
  });

  it('reads the figures from a file in the background, with its progress, when begun', async () => {
    const upload = await file('background.csv', 'ref,period,value\nIMP-C,2018-01,1\n');
    const id = await imports.begin({ ...upload, isTemporary: true }, cli);
    await imports.whenIdle();
    expect(await imports.detail(id, cli)).toMatchObject({ status: 'ready', newCount: 1, progress: null });
    expect((await imports.list(cli))[0]!.id).toBe(id);
  });
});
