import type { Kysely } from 'kysely';
import { findPublicationPeriod } from '../../db/repositories/publication.ts';
import type { Database } from '../../db/schema.ts';
import { systemContext } from '../context.ts';
import { actOnItems } from '../publication/act-on-items.ts';
import { getCycle, todayInEngland } from '../publication/cycle.ts';
import { openPeriod } from '../publication/open-period.ts';
import { publishPeriod } from '../publication/publish-period.ts';

const DEMO = systemContext('demo');
const PUBLISHED = '2017-05';
const OPEN = '2017-06';

/**
 * The demo's publication cycle: May 2017 (the month of the council's
 * printed scorecard) submitted, checked and published, so viewers see it;
 * June 2017 open for entry, with the trust's figures already submitted
 * (the trust's illustrative series runs on to 2018) and the council's
 * waiting for their owner. Idempotent: once May is opened, it does nothing.
 */
export async function loadPublicationDemo(db: Kysely<Database>): Promise<void> {
  if (await findPublicationPeriod(db, PUBLISHED)) return;
  await openPeriod(db, { month: PUBLISHED }, DEMO);
  await submitWhatHasFigures(db, PUBLISHED);
  const may = await getCycle(db, { month: PUBLISHED, today: todayInEngland() }, DEMO);
  const submitted = may.items.filter((i) => i.state === 'submitted').map((i) => i.id);
  const empty = may.items.filter((i) => i.state === 'no_data').map((i) => i.id);
  if (submitted.length) await actOnItems(db, { month: PUBLISHED, action: 'check', itemIds: submitted }, DEMO);
  if (empty.length)
    await actOnItems(
      db,
      {
        month: PUBLISHED,
        action: 'check',
        itemIds: empty,
        note: 'Not reported in May 2017: the series starts later.',
      },
      DEMO,
    );
  await publishPeriod(db, PUBLISHED, DEMO);
  await openPeriod(db, { month: OPEN }, DEMO);
  await submitWhatHasFigures(db, OPEN);
}

/** Submits, on their submitters' behalf, every item of a period that has figures or commentary. */
async function submitWhatHasFigures(db: Kysely<Database>, month: string): Promise<void> {
  const cycle = await getCycle(db, { month, today: todayInEngland() }, DEMO);
  const ready = cycle.items.filter((i) => i.state === 'draft').map((i) => i.id);
  if (ready.length) await actOnItems(db, { month, action: 'submit', itemIds: ready }, DEMO);
}
