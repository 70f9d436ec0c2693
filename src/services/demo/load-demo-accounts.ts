import type { Kysely } from 'kysely';
import type { Role } from '../../domain/permissions.ts';
import { findUserByEmail, saveOrganisation } from '../../db/repositories/people.ts';
import type { Database } from '../../db/schema.ts';
import { createUser } from '../access/manage-people.ts';
import { systemContext } from '../context.ts';

const DEMO = systemContext('demo');

export const COUNCIL = 'Birmingham City Council';
export const TRUST = "Birmingham Children's Trust";
export const EDUCATION_PARTNERSHIP = 'Birmingham Education Partnership';

/** One password for every demo account: these exist only in the demo, never in a real installation. */
export const DEMO_PASSWORD = 'scorecard-demo-2026';

/** A person for each role (the README lists them); the partner contributors show what a partner sees. */
export const DEMO_ACCOUNTS: { email: string; name: string; organisation: string; role: Role }[] = [
  { email: 'admin@demo.invalid', name: 'Ada Administrator', organisation: COUNCIL, role: 'administrator' },
  {
    email: 'performance@demo.invalid',
    name: 'Priya Performance',
    organisation: COUNCIL,
    role: 'performance_officer',
  },
  { email: 'owner@demo.invalid', name: 'Owen Owner', organisation: COUNCIL, role: 'indicator_owner' },
  { email: 'trust@demo.invalid', name: 'Tara Trust', organisation: TRUST, role: 'partner_contributor' },
  {
    email: 'partnership@demo.invalid',
    name: 'Pat Partnership',
    organisation: EDUCATION_PARTNERSHIP,
    role: 'partner_contributor',
  },
  { email: 'councillor@demo.invalid', name: 'Cllr Vera Viewer', organisation: COUNCIL, role: 'viewer' },
];

/** The demo's organisations, then its people: idempotent, so it may run at every start. */
export async function loadDemoAccounts(db: Kysely<Database>): Promise<void> {
  await saveOrganisation(db, { name: COUNCIL, kind: 'council' });
  await saveOrganisation(db, { name: TRUST, kind: 'partner' });
  await saveOrganisation(db, { name: EDUCATION_PARTNERSHIP, kind: 'partner' });
  for (const account of DEMO_ACCOUNTS) {
    if (await findUserByEmail(db, account.email)) continue;
    await createUser(db, { ...account, password: DEMO_PASSWORD, mustChangePassword: false }, DEMO);
  }
}
