import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.ts';
import { findAuditEvents } from '../../db/repositories/audit.ts';
import { AppError } from '../../errors.ts';
import { testDatabases } from '../../../test/support/databases.ts';
import { contextOf } from '../../../test/support/people.ts';
import type { RequestContext } from '../context.ts';
import { loadDemo } from '../demo/load-demo.ts';
import { createServices, type Services } from '../index.ts';

/** The thrown error's issues' messages, or a failure if nothing was thrown. */
async function refusalOf(
  promise: Promise<unknown>,
): Promise<{ code: string; messages: string[]; fields: string[] }> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return {
      code: error.code,
      messages: error.issues.length ? error.issues.map((i) => i.message) : [error.message],
      fields: error.issues.map((i) => i.field),
    };
  }
  throw new Error('expected a refusal');
}

/**
 * The publication cycle over the demo, in the order a month goes through
 * it: June 2017 entered by its owner, submitted, returned and submitted
 * again, checked, refused publication while items are unchecked, published,
 * then corrected. The tests share one database and run in order.
 */
describe.each(testDatabases)('the publication cycle on $name', (database) => {
  let handle: DatabaseHandle;
  let services: Services;
  const as: Record<'owner' | 'performance' | 'councillor' | 'trust', RequestContext> = {} as never;

  beforeAll(async () => {
    handle = await database.open();
    await loadDemo(handle.db);
    services = createServices(handle.db);
    for (const who of ['owner', 'performance', 'councillor', 'trust'] as const) {
      as[who] = await contextOf(handle.db, `${who}@demo.invalid`);
    }
  });
  afterAll(async () => {
    await handle?.close();
  });

  const itemOf = async (ref: string, month = '2017-06') =>
    (await services.publication.cycle({ month, today: '2017-07-03' }, as.performance)).items.find(
      (i) => i.indicator.ref === ref,
    )!;
  const entryItem = async (ref: string) =>
    (await services.publication.entry({ month: '2017-06' }, as.owner))!.items.find(
      (i) => i.indicator.ref === ref,
    )!;
  /** The form the grid posts for one ratio indicator's total: numerator and denominator as typed, and commentary. */
  const gridForm = async (ref: string, numerator: string, denominator: string, commentary = '') => {
    const item = await entryItem(ref);
    const [n, d] = item.cells[0]!.inputs;
    return { [n!.name]: numerator, [d!.name]: denominator, [item.commentary.name]: commentary };
  };
  const scorecardCell = async (context: RequestContext, ref: string, month = '2017-06') => {
    const scorecard = await services.scorecard({ serviceArea: "Children's social care", month }, context);
    const section = scorecard.sections.find((s) => s.ref === ref)!;
    return {
      cell: section.lines.find((l) => l.kind === 'value' && l.isTotal)!.cells[1]!,
      commentary: section.commentary,
    };
  };

  it('has May 2017 published and June 2017 open in the demo, June due 10 working days after it ends', async () => {
    const periods = await services.publication.periods(as.performance);
    expect(periods.map((p) => [p.month, p.publishedAt !== null, p.dueOn])).toEqual([
      ['2017-06', false, '2017-07-14'],
      ['2017-05', true, '2017-06-14'],
    ]);
    const may = await services.publication.cycle({ month: '2017-05' }, as.performance);
    expect(may.counts.published).toBe(may.items.length);
  });

  it('gives an owner a grid of their own indicators only, each with its breakdown items', async () => {
    const entry = (await services.publication.entry({}, as.owner))!;
    expect(entry.month.code).toBe('2017-06');
    expect(entry.items.every((i) => i.indicator.ownerUserId === as.owner.actor!.userId)).toBe(true);
    const csc01 = entry.items.find((i) => i.indicator.ref === 'CSC-01')!;
    expect(csc01.cells.map((c) => c.label)).toEqual([
      'Total',
      'EAST',
      'NWC',
      'SOUTH',
      'DCSC',
      'Other Citywide Teams',
    ]);
    const trust = (await services.publication.entry({}, as.trust))!;
    expect(trust.items.every((i) => i.indicator.ref.startsWith('BCT-'))).toBe(true);
  });

  it('reads numbers as people type them and names the cell of each problem, saving nothing', async () => {
    const refused = await refusalOf(
      services.publication.saveEntry(
        {
          month: '2017-06',
          form: {
            ...(await gridForm('CSC-02', '1,218', '1304')),
            ...(await gridForm('CSC-04', 'abc', '10')),
          },
          submit: false,
        },
        as.owner,
      ),
    );
    expect(refused.messages).toEqual(['CSC-04 Total: Children seen: must be a number, not "abc"']);
    expect(refused.fields[0]).toMatch(/^cell-\d+-0-numerator$/);
    expect((await itemOf('CSC-02')).state).toBe('no_data');
  });

  it('saves a draft, hidden from viewers while the period is open', async () => {
    await services.publication.saveEntry(
      {
        month: '2017-06',
        form: await gridForm('CSC-02', '1,218', '1304', 'Re-referrals rose in June.'),
        submit: false,
      },
      as.owner,
    );
    expect((await itemOf('CSC-02')).state).toBe('draft');
    expect((await scorecardCell(as.owner, 'CSC-02')).cell.text).toBe('93%');
    expect(await scorecardCell(as.councillor, 'CSC-02')).toEqual({
      cell: expect.objectContaining({ text: '' }),
      commentary: null,
    });
  });

  it('refuses to blank out a figure already recorded: it can only be corrected', async () => {
    const refused = await refusalOf(
      services.publication.saveEntry(
        { month: '2017-06', form: await gridForm('CSC-02', '', ''), submit: false },
        as.owner,
      ),
    );
    expect(refused.messages).toEqual([
      'CSC-02 Total: No. re-referrals: a figure already recorded cannot be removed, only corrected (it was 1218)',
      'CSC-02 commentary: cannot be removed once written; write what should replace it',
    ]);
  });

  it('submits the items with figures or commentary and names those left with neither', async () => {
    const result = await services.publication.saveEntry(
      {
        month: '2017-06',
        form: await gridForm('CSC-02', '1218', '1304', 'Re-referrals rose in June.'),
        submit: true,
      },
      as.owner,
    );
    expect(result.submitted).toEqual(['CSC-02']);
    expect(result.notSubmitted).toContain('CSC-04');
    expect((await itemOf('CSC-02')).state).toBe('submitted');
  });

  it('takes a submitted item back to draft when its owner changes it, and records why', async () => {
    await services.publication.saveEntry(
      {
        month: '2017-06',
        form: await gridForm('CSC-02', '1,220', '1,304', 'Re-referrals rose in June.'),
        submit: false,
      },
      as.owner,
    );
    const item = await itemOf('CSC-02');
    expect(item.state).toBe('draft');
    expect(item.history.at(-1)).toMatchObject({ fromStage: 'submitted', toStage: 'draft' });
    await services.publication.act({ month: '2017-06', action: 'submit', itemIds: [item.id] }, as.owner);
  });

  it('lets the performance team return an item only with a note, which the owner then sees', async () => {
    const item = await itemOf('CSC-02');
    expect(
      (
        await refusalOf(
          services.publication.act(
            { month: '2017-06', action: 'return', itemIds: [item.id] },
            as.performance,
          ),
        )
      ).messages,
    ).toEqual(['CSC-02 cannot be returned: say what needs to change in a note']);
    await services.publication.act(
      {
        month: '2017-06',
        action: 'return',
        itemIds: [item.id],
        note: 'Check the denominator against the CIN extract.',
      },
      as.performance,
    );
    expect(await entryItem('CSC-02')).toMatchObject({
      state: 'returned',
      note: 'Check the denominator against the CIN extract.',
    });
    await services.publication.act({ month: '2017-06', action: 'submit', itemIds: [item.id] }, as.owner);
  });

  it('keeps owners from checking, and the performance team from checking what was never submitted', async () => {
    const csc02 = await itemOf('CSC-02');
    const csc04 = await itemOf('CSC-04');
    await expect(
      services.publication.act({ month: '2017-06', action: 'check', itemIds: [csc02.id] }, as.owner),
    ).rejects.toMatchObject({ code: 'forbidden' });
    expect(
      (
        await refusalOf(
          services.publication.act(
            { month: '2017-06', action: 'check', itemIds: [csc02.id, csc04.id] },
            as.performance,
          ),
        )
      ).messages,
    ).toEqual(['CSC-04 cannot be checked: it has no figures: to publish it without any, say why in a note']);
    expect((await itemOf('CSC-02')).state).toBe('submitted'); // all or nothing
  });

  it('refuses to publish while any item is unchecked, naming each, and audits the refusal', async () => {
    const refused = await refusalOf(services.publication.publish('2017-06', as.performance));
    expect(refused.messages).toContain('CSC-04 (2017-06) is not checked: no data');
    expect(refused.messages).toContain('CSC-02 (2017-06) is not checked: submitted');
    const audit = await findAuditEvents(handle.db, { action: 'publication.publish' } as never);
    expect(audit.some((e) => e.outcome === 'failed' && e.entityId === '2017-06')).toBe(true);
  });

  it('publishes once everything is checked; viewers then see the figures and commentary', async () => {
    const cycle = await services.publication.cycle({ month: '2017-06' }, as.performance);
    const submitted = cycle.items.filter((i) => i.state === 'submitted').map((i) => i.id);
    const empty = cycle.items.filter((i) => i.state === 'no_data').map((i) => i.id);
    await services.publication.act({ month: '2017-06', action: 'check', itemIds: submitted }, as.performance);
    await services.publication.act(
      { month: '2017-06', action: 'check', itemIds: empty, note: 'Not reported this month.' },
      as.performance,
    );
    const { publishedAt } = await services.publication.publish('2017-06', as.performance);
    expect(publishedAt).toBeInstanceOf(Date);
    expect(await scorecardCell(as.councillor, 'CSC-02')).toEqual({
      cell: expect.objectContaining({ text: '94%', isRevised: false }),
      commentary: 'Re-referrals rose in June.',
    });
    await expect(services.publication.publish('2017-06', as.performance)).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it('locks a published period: owners are refused, and the performance team must give a reason', async () => {
    const row = { ref: 'CSC-02', period: '2017-06', numerator: '1,230', denominator: '1,304' };
    expect(
      (await refusalOf(services.recordValues([{ ...row, reason: 'late referrals' }], as.owner))).messages,
    ).toEqual(['2017-06 is published and locked: only the performance team may correct it']);
    expect((await refusalOf(services.recordValues([row], as.performance))).messages).toEqual([
      '2017-06 is published and locked: a correction needs a reason',
    ]);
    // The same figures again change nothing, so they pass.
    await expect(
      services.recordValues(
        [{ ref: 'CSC-02', period: '2017-06', numerator: 1220, denominator: 1304 }],
        as.owner,
      ),
    ).resolves.toMatchObject({ unchanged: 1 });
  });

  it('shows a correction as revised, beside the figure as published, to everyone', async () => {
    await services.recordValues(
      [
        {
          ref: 'CSC-02',
          period: '2017-06',
          numerator: '1,250',
          denominator: '1,304',
          reason: 'Late-recorded referrals',
        },
      ],
      as.performance,
    );
    for (const context of [as.councillor, as.performance]) {
      expect((await scorecardCell(context, 'CSC-02')).cell).toMatchObject({
        text: '96%',
        exact: (1250 / 1304) * 100,
        isRevised: true,
        publishedText: '94%',
      });
    }
    const detail = await services.indicator('CSC-02', as.councillor);
    const june = detail.rows.find((r) => r.period.code === '2017-06')!;
    expect(june.publication?.corrections.map((c) => c.reason)).toEqual(['Late-recorded referrals']);
    expect(june.publication?.publishedTotal?.numerator).toBe(1220);
  });

  it('says what changed since May’s publication, and why', async () => {
    const changes = await services.publication.changes({ from: '2017-05', to: 'now' }, as.councillor);
    const csc02 = changes.changes.filter((c) => c.indicator.ref === 'CSC-02');
    expect(csc02).toEqual([]); // June's figures were new since May: counted, not listed as changes
    expect(changes.newFigures.find((n) => n.period.code === '2017-06')?.indicators).toBeGreaterThan(0);
    const sinceJune = await services.publication.changes({ from: '2017-06', to: 'now' }, as.councillor);
    expect(sinceJune.changes).toEqual([
      expect.objectContaining({
        kind: 'figure',
        before: '94%',
        after: '96%',
        why: [expect.stringMatching(/^Late-recorded referrals \(Priya Performance, \d{4}-\d{2}-\d{2}\)$/)],
      }),
    ]);
  });

  it('opens only the month after the latest, due 10 working days after it ends unless told otherwise', async () => {
    await expect(services.publication.open({ month: '2017-09' }, as.performance)).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(services.publication.open({}, as.owner)).rejects.toMatchObject({ code: 'forbidden' });
    expect(await services.publication.open({}, as.performance)).toMatchObject({
      month: '2017-07',
      dueOn: '2017-08-14',
    });
  });
});
