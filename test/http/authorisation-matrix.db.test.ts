import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client.ts';
import { findUserByEmail } from '../../src/db/repositories/people.ts';
import { createApp } from '../../src/http/app.ts';
import { loadDemo } from '../../src/services/demo/load-demo.ts';
import { createServices, type Services } from '../../src/services/index.ts';
import { testDatabases } from '../support/databases.ts';
import { sessionOf } from '../support/people.ts';
import { registeredRoutes } from '../support/routes.ts';

/**
 * Every route, called as every kind of person, against the demo. Each
 * request's expectations are one letter per person, in the order of WHO:
 *   y  allowed (whatever the answer: a page, a redirect, a 400 for the deliberately empty form)
 *   n  refused: 401/403, or sent to sign in
 *   h  hidden: 404, as if the thing did not exist (another organisation's data)
 * A route the app serves with no row here fails the suite, so a new route
 * cannot ship without someone deciding who may use it.
 */
const WHO = ['admin', 'performance', 'owner', 'trust', 'partnership', 'councillor', 'anonymous'] as const;
type Who = (typeof WHO)[number];

const EMAIL: Record<Exclude<Who, 'anonymous'>, string> = {
  admin: 'admin@demo.invalid',
  performance: 'performance@demo.invalid',
  owner: 'owner@demo.invalid',
  trust: 'trust@demo.invalid',
  partnership: 'partnership@demo.invalid',
  councillor: 'councillor@demo.invalid',
};

interface Call {
  url: string;
  /** The body: deliberately incomplete for writes, so an allowed call is refused as invalid and changes nothing. */
  payload?: Record<string, unknown>;
  expect: string;
}

//                        admin perf owner trust partnership councillor anonymous
const MATRIX: Record<string, Call[]> = {
  'GET /': [{ url: '/', expect: 'y y y y y y y' }],
  'GET /sign-in': [{ url: '/sign-in', expect: 'y y y y y y y' }],
  'POST /sign-in': [{ url: '/sign-in', payload: { email: 'nobody@demo.invalid' }, expect: 'y y y y y y y' }],
  'POST /sign-out': [{ url: '/sign-out', expect: 'y y y y y y n' }],
  'POST /sign-out-everywhere': [{ url: '/sign-out-everywhere', expect: 'y y y y y y n' }],
  'GET /account': [{ url: '/account', expect: 'y y y y y y n' }],
  'GET /account/password': [{ url: '/account/password', expect: 'y y y y y y n' }],
  'POST /account/password': [
    {
      url: '/account/password',
      payload: { newPassword: 'a', confirmPassword: 'b' },
      expect: 'y y y y y y n',
    },
  ],
  'POST /account/tokens': [{ url: '/account/tokens', payload: {}, expect: 'y y n y y n n' }],
  // No one has token 999999: those allowed to revoke tokens are told so; the rest are refused first.
  'POST /account/tokens/:id/revoke': [{ url: '/account/tokens/999999/revoke', expect: 'h h n h h n n' }],
  'GET /admin/people': [{ url: '/admin/people', expect: 'y n n n n n n' }],
  'POST /admin/people': [{ url: '/admin/people', payload: {}, expect: 'y n n n n n n' }],
  'GET /admin/people/:id': [{ url: '/admin/people/{councillor}', expect: 'y n n n n n n' }],
  'POST /admin/people/:id': [{ url: '/admin/people/{councillor}', payload: {}, expect: 'y n n n n n n' }],
  'POST /admin/organisations': [{ url: '/admin/organisations', payload: {}, expect: 'y n n n n n n' }],
  'GET /admin/audit': [{ url: '/admin/audit', expect: 'y n n n n n n' }],
  'GET /admin/audit.csv': [{ url: '/admin/audit.csv', expect: 'y n n n n n n' }],
  'GET /admin/audit.xlsx': [{ url: '/admin/audit.xlsx', expect: 'y n n n n n n' }],
  'GET /templates': [{ url: '/templates', expect: 'y y y y y n n' }],
  'GET /templates/download': [
    { url: '/templates/download?period=2017-05&format=csv', expect: 'y y y y y n n' },
  ],
  'GET /export/scorecard': [{ url: '/export/scorecard?format=csv', expect: 'y y y y y y n' }],
  'GET /export/indicators': [{ url: '/export/indicators?format=xlsx', expect: 'y y y y y y n' }],
  'GET /export/indicators/:ref': [
    { url: '/export/indicators/CSC-03?format=csv', expect: 'y y y h h y n' },
    { url: '/export/indicators/BCT-01?format=csv', expect: 'y y y y h y n' },
  ],
  'GET /export/contracts': [{ url: '/export/contracts?format=csv', expect: 'y y y y y y n' }],
  'GET /export/completeness': [{ url: '/export/completeness?format=csv', expect: 'y y y y y n n' }],
  'GET /export/changes': [
    { url: '/export/changes?from=2017-05&to=now&format=xlsx', expect: 'y y y y y y n' },
  ],
  'GET /export/contracts/:ref': [
    { url: '/export/contracts/BCT-CONTRACT?format=xlsx', expect: 'y y y y h y n' },
  ],
  'GET /scorecard': [{ url: '/scorecard', expect: 'y y y y y y n' }],
  'GET /indicators': [{ url: '/indicators', expect: 'y y y y y y n' }],
  'GET /indicators/:ref': [
    { url: '/indicators/CSC-03', expect: 'y y y h h y n' },
    { url: '/indicators/BCT-01', expect: 'y y y y h y n' },
  ],
  'GET /contracts': [{ url: '/contracts', expect: 'y y y y y y n' }],
  'GET /contracts/:ref': [{ url: '/contracts/BCT-CONTRACT', expect: 'y y y y h y n' }],
  'GET /api/contracts/:ref': [{ url: '/api/contracts/BCT-CONTRACT', expect: 'y y y y h y n' }],
  'GET /api/openapi.json': [{ url: '/api/openapi.json', expect: 'y y y y y y y' }],
  'GET /api/indicators': [{ url: '/api/indicators', expect: 'y y y y y y n' }],
  'GET /api/indicators/:ref': [
    { url: '/api/indicators/CSC-03', expect: 'y y y h h y n' },
    { url: '/api/indicators/BCT-01', expect: 'y y y y h y n' },
  ],
  'PUT /api/indicators/:ref': [{ url: '/api/indicators/CSC-03', payload: {}, expect: 'y y n n n n n' }],
  'PUT /api/indicators/:ref/targets/:year': [
    { url: '/api/indicators/CSC-03/targets/2017-18', payload: {}, expect: 'y y n n n n n' },
  ],
  'POST /api/values': [{ url: '/api/values', payload: {}, expect: 'y y y y y n n' }],
  'GET /api/scorecard': [{ url: '/api/scorecard', expect: 'y y y y y y n' }],
  'GET /api/reports': [{ url: '/api/reports', expect: 'y y y n n y n' }],
  'POST /api/reports': [{ url: '/api/reports', payload: {}, expect: 'y y n n n n n' }],
  'GET /api/reports/:id': [
    { url: '/api/reports/1', expect: 'y y y n n y n' },
    { url: '/api/reports/2', expect: 'y y y n n h n' },
  ],
  'PUT /api/reports/:id': [{ url: '/api/reports/1', payload: {}, expect: 'y y n n n n n' }],
  'GET /api/reports/:id/document': [{ url: '/api/reports/4/document', expect: 'y y y n n h n' }],
  'GET /api/reports/:id/publications/:publication': [
    { url: '/api/reports/1/publications/1', expect: 'y y y n n y n' },
  ],
  // Imports: anyone who records figures; no one has import 999999, so those allowed are told it does not exist.
  'GET /imports': [{ url: '/imports', expect: 'y y y y y n n' }],
  'GET /imports/new': [{ url: '/imports/new', expect: 'y y y y y n n' }],
  'POST /imports': [{ url: '/imports', payload: {}, expect: 'y y y y y n n' }],
  'GET /imports/:id': [{ url: '/imports/999999', expect: 'h h h h h n n' }],
  'POST /imports/:id/commit': [{ url: '/imports/999999/commit', expect: 'h h h h h n n' }],
  'POST /imports/:id/rollback': [{ url: '/imports/999999/rollback', expect: 'h h h h h n n' }],
  // The publication cycle: owners and partners enter and submit their own; the performance team checks and publishes.
  'GET /entry': [{ url: '/entry', expect: 'y y y y y n n' }],
  'POST /entry': [{ url: '/entry', payload: { month: 'not a month' }, expect: 'y y y y y n n' }],
  'GET /publication': [{ url: '/publication', expect: 'y y n n n n n' }],
  'POST /publication/items': [{ url: '/publication/items', payload: {}, expect: 'y y n n n n n' }],
  'POST /publication/publish': [{ url: '/publication/publish', payload: {}, expect: 'y y n n n n n' }],
  // An impossible due date, so that nothing is opened.
  'POST /publication/open': [
    { url: '/publication/open', payload: { dueOn: 'not a date' }, expect: 'y y n n n n n' },
  ],
  'GET /completeness': [{ url: '/completeness', expect: 'y y y y y n n' }],
  'GET /changes': [{ url: '/changes?from=2017-05&to=now', expect: 'y y y y y y n' }],
  // Schools: everyone of the council reads them; partner contributors do not; the performance team imports and records.
  'GET /schools': [{ url: '/schools?la=330&asAt=2017-06-12', expect: 'y y y n n y n' }],
  'GET /schools/list': [
    {
      url: '/schools/list?la=330&asAt=2017-06-12&governance=la_maintained&phase=primary&column=inadequate',
      expect: 'y y y n n y n',
    },
  ],
  'GET /schools/movements': [{ url: '/schools/movements?la=330&to=2017-11-08', expect: 'y y y n n y n' }],
  'GET /schools/:urn': [{ url: '/schools/900001', expect: 'y y y n n y n' }],
  'GET /schools/import': [{ url: '/schools/import', expect: 'y y n n n n n' }],
  // No files and no day: those allowed are told what is missing, and nothing is imported or recorded.
  'POST /schools/import/register': [
    { url: '/schools/import/register', payload: {}, expect: 'y y n n n n n' },
  ],
  'POST /schools/import/inspections': [
    { url: '/schools/import/inspections', payload: {}, expect: 'y y n n n n n' },
  ],
  'POST /schools/position': [{ url: '/schools/position', payload: {}, expect: 'y y n n n n n' }],
  // Statutory measures: the council's performance team and indicator owners read the figures and the children
  // behind them; only the performance team imports the returns. Viewers and partners see none of it. The demo
  // holds no child records, so the pages show the empty authority; no one has import 999999.
  'GET /measures': [{ url: '/measures', expect: 'y y y n n n n' }],
  'GET /measures/:id': [{ url: '/measures/referrals?period=2024-03', expect: 'y y y n n n n' }],
  'GET /measures/:id/children': [
    { url: '/measures/referrals/children?period=2024-03&part=numerator', expect: 'y y y n n n n' },
  ],
  'GET /measures/:id/children/export': [
    { url: '/measures/referrals/children/export?period=2024-03&format=csv', expect: 'y y y n n n n' },
  ],
  'GET /measures/working-lists': [{ url: '/measures/working-lists', expect: 'y y y n n n n' }],
  'GET /measures/working-lists/:id': [
    { url: '/measures/working-lists/unallocated-cases', expect: 'y y y n n n n' },
  ],
  'GET /measures/working-lists/:id/export': [
    { url: '/measures/working-lists/unallocated-cases/export?format=xlsx', expect: 'y y y n n n n' },
  ],
  'GET /measures/imports': [{ url: '/measures/imports', expect: 'y y n n n n n' }],
  // No files and no return named: those allowed are told what is missing, and nothing is imported.
  'POST /measures/imports': [{ url: '/measures/imports', payload: {}, expect: 'y y n n n n n' }],
  'GET /measures/imports/:id': [{ url: '/measures/imports/999999', expect: 'h h n n n n n' }],
  'GET /measures/imports/:id/export': [
    { url: '/measures/imports/999999/export?format=csv', expect: 'h h n n n n n' },
  ],
  'GET /api/measures': [{ url: '/api/measures', expect: 'y y y n n n n' }],
  'GET /api/measures/:id': [{ url: '/api/measures/referrals?period=2024-03', expect: 'y y y n n n n' }],
  'GET /api/measures/:id/children': [
    { url: '/api/measures/referrals/children?period=2024-03', expect: 'y y y n n n n' },
  ],
  // Report packs: the council's people read them (viewers: published ones only; the demo's second is a
  // draft); the performance team defines, renders and publishes them. Partners read none.
  'GET /reports': [{ url: '/reports', expect: 'y y y n n y n' }],
  'GET /reports/new': [{ url: '/reports/new', expect: 'y y n n n n n' }],
  'POST /reports/new': [{ url: '/reports/new', payload: {}, expect: 'y y n n n n n' }],
  'GET /reports/:id': [
    { url: '/reports/1', expect: 'y y y n n y n' },
    { url: '/reports/2', expect: 'y y y n n h n' },
    { url: '/reports/999', expect: 'h h h n n h n' },
  ],
  'GET /reports/:id/publications/:publication': [
    { url: '/reports/1/publications/1', expect: 'y y y n n y n' },
    { url: '/reports/1/publications/999', expect: 'h h h n n h n' },
  ],
  'GET /reports/:id/download': [
    { url: '/reports/1/download?format=xlsx&publication=1', expect: 'y y y n n y n' },
    { url: '/reports/2/download?format=html', expect: 'y y y n n h n' },
  ],
  'POST /reports/:id/renders': [{ url: '/reports/1/renders', payload: {}, expect: 'y y y n n y n' }],
  'GET /reports/:id/renders/:job': [
    { url: '/reports/1/renders/6f1d2c3b-0a4e-4f5b-9c6d-7e8f9a0b1c2d', expect: 'h h h n n h n' },
  ],
  'GET /reports/:id/renders/:job/file': [
    { url: '/reports/1/renders/6f1d2c3b-0a4e-4f5b-9c6d-7e8f9a0b1c2d/file', expect: 'h h h n n h n' },
  ],
  'POST /reports/:id/publish': [{ url: '/reports/999/publish', expect: 'h h n n n n n' }],
  'GET /reports/:id/edit': [{ url: '/reports/1/edit', expect: 'y y n n n n n' }],
  'POST /reports/:id/edit': [{ url: '/reports/1/edit', payload: {}, expect: 'y y n n n n n' }],
  'POST /reports/:id/sections': [{ url: '/reports/1/sections', payload: {}, expect: 'y y n n n n n' }],
  'POST /reports/:id/sections/:index': [
    { url: '/reports/1/sections/0', payload: {}, expect: 'y y n n n n n' },
  ],
  // The improvement programme: the council's people read it; the performance team writes; a lead posts on
  // their own items (the owner leads A2 in the demo, not B1); partner contributors have no part in it.
  'GET /improvement': [{ url: '/improvement', expect: 'y y y n n y n' }],
  'GET /improvement/import': [{ url: '/improvement/import', expect: 'y y n n n n n' }],
  'POST /improvement/import': [{ url: '/improvement/import', payload: {}, expect: 'y y n n n n n' }],
  'GET /improvement/:plan': [
    { url: '/improvement/2023?asAt=2023-03-17', expect: 'y y y n n y n' },
    { url: '/improvement/nothing', expect: 'h h h n n h n' },
  ],
  'GET /improvement/:plan/export': [{ url: '/improvement/2023/export?format=csv', expect: 'y y y n n y n' }],
  'GET /improvement/:plan/board': [{ url: '/improvement/2023/board?on=2023-03-17', expect: 'y y y n n y n' }],
  // An impossible day, so that nothing is recorded.
  'POST /improvement/:plan/board': [
    { url: '/improvement/2023/board', payload: { on: 'not a day' }, expect: 'y y n n n n n' },
  ],
  'GET /improvement/:plan/statuses': [{ url: '/improvement/2023/statuses', expect: 'y y y n n y n' }],
  // An impossible colour, so that nothing is changed.
  'POST /improvement/:plan/statuses': [
    { url: '/improvement/2023/statuses', payload: { 'red-colour': 'red' }, expect: 'y y n n n n n' },
  ],
  'GET /improvement/:plan/leads': [{ url: '/improvement/2023/leads', expect: 'y y y n n y n' }],
  'POST /improvement/:plan/leads': [{ url: '/improvement/2023/leads', payload: {}, expect: 'y y n n n n n' }],
  'GET /improvement/:plan/items/:ref': [{ url: '/improvement/2023/items/E2.7', expect: 'y y y n n y n' }],
  // No narrative, so that nothing is posted.
  'POST /improvement/:plan/items/:ref/updates': [
    { url: '/improvement/2023/items/A2/updates', payload: { status: 'Amber' }, expect: 'y y y n n n n' },
    { url: '/improvement/2023/items/B1/updates', payload: { status: 'Amber' }, expect: 'y y n n n n n' },
  ],
  'GET /risks': [{ url: '/risks', expect: 'y y y n n y n' }],
  'GET /risks/export': [{ url: '/risks/export?format=xlsx', expect: 'y y y n n y n' }],
  'GET /risks/new': [{ url: '/risks/new', expect: 'y y n n n n n' }],
  'POST /risks': [{ url: '/risks', payload: { plan: '2023' }, expect: 'y y n n n n n' }],
  'GET /risks/:plan/:ref': [{ url: '/risks/2023/R1', expect: 'y y y n n y n' }],
  'POST /risks/:plan/:ref': [{ url: '/risks/2023/R1', payload: { ref: '' }, expect: 'y y n n n n n' }],
};

type Outcome = 'y' | 'n' | 'h';

function outcomeOf(response: LightMyRequestResponse): Outcome | `unexpected ${number}` {
  const { statusCode } = response;
  if (statusCode === 403) return 'n';
  if (statusCode === 401) {
    // The sign-in form answers a wrong password with 401 too: that is the form working, not a refusal.
    return String(response.headers['content-type']).includes('json') ? 'n' : 'y';
  }
  if (statusCode === 303 && String(response.headers.location).startsWith('/sign-in?next=')) return 'n';
  if (statusCode === 404) return 'h';
  if (statusCode < 500) return 'y';
  return `unexpected ${statusCode}`;
}

describe.each(testDatabases)('the authorisation matrix on $name', (database) => {
  let handle: DatabaseHandle;
  let services: Services;
  let app: FastifyInstance;
  const ids = new Map<string, number>();

  beforeAll(async () => {
    handle = await database.open();
    await loadDemo(handle.db);
    services = createServices(handle.db);
    app = await createApp(services, { isDevelopment: false, isSecure: false, signInAttemptsPerMinute: 1000 });
    for (const [who, email] of Object.entries(EMAIL))
      ids.set(who, (await findUserByEmail(handle.db, email))!.id);
  });
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  /** Each call gets a fresh session, since some (sign out, change password) end the one they use. */
  async function call(who: Who, method: string, call: Call): Promise<LightMyRequestResponse> {
    const url = call.url.replace(/\{(\w+)\}/g, (_, name: string) => String(ids.get(name)));
    const isWrite = method !== 'GET';
    const request: InjectOptions = { method: method as InjectOptions['method'], url, headers: {} };
    if (who === 'anonymous') {
      if (isWrite)
        request.headers = { cookie: 'scorecard_csrf=anonymous-token', 'x-csrf-token': 'anonymous-token' };
    } else {
      const session = await sessionOf(services, EMAIL[who]);
      request.headers = { cookie: session.cookie, ...(isWrite ? { 'x-csrf-token': session.csrfToken } : {}) };
    }
    if (call.payload) request.payload = call.payload;
    return app.inject(request);
  }

  it('has a row for every route the app serves, and no row for a route it does not', () => {
    const served = [...registeredRoutes(app)]
      // The static files (/assets/*) are public by design and hold no data.
      .filter(([path]) => !path.endsWith('*'))
      .flatMap(([path, methods]) => methods.map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    expect(served).toEqual(Object.keys(MATRIX).sort());
  });

  const cases = Object.entries(MATRIX).flatMap(([route, calls]) =>
    calls.flatMap((c) =>
      WHO.map((who, index) => ({ route, call: c, who, expected: c.expect.split(' ')[index] as Outcome })),
    ),
  );

  it.each(cases)('$route as $who ($call.url): $expected', async ({ route, call: c, who, expected }) => {
    const response = await call(who, route.split(' ')[0]!, c);
    expect(outcomeOf(response), `${response.statusCode} ${response.body.slice(0, 300)}`).toBe(expected);
  });
});
