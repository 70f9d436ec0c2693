import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../../test/support/databases.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { findOrganisations } from '../../db/repositories/people.ts';
import type { Actor } from '../../domain/permissions.ts';
import { systemContext, type RequestContext } from '../../services/context.ts';
import { createContractServices } from '../../services/contracts.ts';
import { CONTRACT_REF, loadDemoContracts, TRUST } from '../../services/demo/load-contracts.ts';
import { createRenderer } from '../../web/render.ts';
import { registerErrorHandling } from '../errors.ts';
import { registerContractPages } from './contracts.ts';

const FIXTURES = new URL('../../../demo/fixtures/', import.meta.url).pathname;
const OCTOBER_IN_MONTH =
  'all 15 within target or tolerance: 10 better than target, 1 at target, 4 missed but within tolerance';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };
const textOf = (html: string) =>
  html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, name: string) => ENTITIES[name]!)
    .replace(/\s+/g, ' ')
    .trim();

describe.each(testDatabases)('the contract pages on $name', (database) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  const accessRules = new Map<string, unknown>();
  let trustId = 0;
  let otherId = 0;

  /** A request as someone of an organisation: the test stands in for the auth hook via a header. */
  const actors: Record<string, () => Actor> = {
    council: () => ({ userId: 1, role: 'viewer', organisationId: 1, isCouncil: true, scopes: null }),
    trust: () => ({
      userId: 2,
      role: 'partner_contributor',
      organisationId: trustId,
      isCouncil: false,
      scopes: null,
    }),
    other: () => ({
      userId: 3,
      role: 'partner_contributor',
      organisationId: otherId,
      isCouncil: false,
      scopes: null,
    }),
  };
  const get = (url: string, who = 'council') =>
    app.inject({ method: 'GET', url, headers: { 'x-test-actor': who } });

  beforeAll(async () => {
    handle = await database.open();
    await loadDemoContracts(handle.db, FIXTURES);
    const organisations = await findOrganisations(handle.db);
    trustId = organisations.find((o) => o.name === TRUST)!.id;
    otherId = (
      await handle.db
        .insertInto('organisations')
        .values({ name: 'Another Partner', kind: 'partner' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;

    app = Fastify();
    app.addHook('onRoute', (route) => {
      accessRules.set(`${route.method} ${route.url}`, route.config?.access);
    });
    app.decorateRequest('context', null as unknown as RequestContext);
    app.addHook('onRequest', async (request) => {
      const who = String(request.headers['x-test-actor'] ?? '');
      request.context = actors[who] ? { ...systemContext(who), actor: actors[who]() } : systemContext('test');
    });
    const render = createRenderer({ isDevelopment: false });
    registerErrorHandling(app, render, { isDevelopment: false });
    registerContractPages(app, { contracts: createContractServices(handle.db) }, render);
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  it('declares contracts:read on every route', () => {
    expect([...accessRules.entries()].filter(([route]) => route.startsWith('GET'))).toEqual([
      ['GET /contracts', 'contracts:read'],
      ['GET /contracts/:ref', 'contracts:read'],
      ['GET /api/contracts/:ref', 'contracts:read'],
    ]);
  });

  it('lists the contract with its summary sentence', async () => {
    const response = await get('/contracts');
    expect(response.statusCode).toBe(200);
    const text = textOf(response.body);
    expect(text).toContain("Birmingham Children's Trust: children's social care services contract");
    expect(text).toContain(OCTOBER_IN_MONTH);
    expect(text).toContain('Illustrative figures');
  });

  it('shows the latest month by default, with both sentences, every KPI and the illustrative inset', async () => {
    const response = await get(`/contracts/${CONTRACT_REF}`);
    expect(response.statusCode).toBe(200);
    const page = response.body;
    expect(page).toContain(
      '<caption class="govuk-table__caption govuk-table__caption--m">Contractual indicators, Oct 2018',
    );
    expect(page).toContain('scope="colgroup"');
    expect(page.match(/<th scope="row"/g)).toHaveLength(15);
    expect(page).not.toMatch(/<script(?![^>]*src=)/);
    expect(page).not.toMatch(/\sstyle=/);
    const text = textOf(page);
    expect(text).toContain(`In month, Oct 2018 ${OCTOBER_IN_MONTH}`);
    expect(text).toContain(
      'Cumulative, to Oct 2018 all 14 within target or tolerance: 6 better than target, 8 missed but within tolerance (not counted: 1 indicator with no cumulative measure)',
    );
    expect(text).toContain('Illustrative figures');
    expect(text).toContain('Average caseload of qualified Social Workers');
    expect(text).toContain('Previous 3 years average, Nov 2015 – Oct 2018');
    expect(text).toContain('No cumulative measure');
    expect(text).toContain('Missed but within tolerance');
  });

  it('shows another month when asked', async () => {
    const response = await get(`/contracts/${CONTRACT_REF}?month=2018-09`);
    expect(response.statusCode).toBe(200);
    expect(textOf(response.body)).toContain('In month, Sep 2018');
    expect(response.body).toContain('?month=2018-10">Next month');
  });

  it('answers a malformed month with a 400 page naming the field', async () => {
    const response = await get(`/contracts/${CONTRACT_REF}?month=October`);
    expect(response.statusCode).toBe(400);
    expect(textOf(response.body)).toContain('must be a month such as 2018-10');
  });

  it('gives the position as JSON, without internal ids', async () => {
    const response = await get(`/api/contracts/${CONTRACT_REF}?month=2018-10`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.summary.inMonth.text).toBe(OCTOBER_IN_MONTH);
    expect(body.contract).toMatchObject({
      ref: CONTRACT_REF,
      isIllustrative: true,
      partner: { name: TRUST },
    });
    expect(body.contract).not.toHaveProperty('id');
    expect(body.indicators).toHaveLength(15);
    expect(body.indicators[0]).toMatchObject({
      position: 1,
      ref: 'BCT-01',
      inMonth: { status: 'at_target', period: '2018-10' },
      cumulative: { status: 'within_tolerance', period: '2017-11..2018-10' },
    });
  });

  it('shows the trust its own contract', async () => {
    expect((await get(`/contracts/${CONTRACT_REF}`, 'trust')).statusCode).toBe(200);
    expect(textOf((await get('/contracts', 'trust')).body)).toContain(OCTOBER_IN_MONTH);
  });

  it('answers another partner as if the contract did not exist', async () => {
    const page = await get(`/contracts/${CONTRACT_REF}`, 'other');
    const missing = await get('/contracts/NO-SUCH-CONTRACT', 'other');
    expect(page.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    const api = await get(`/api/contracts/${CONTRACT_REF}`, 'other');
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ code: 'not_found' });
    expect(textOf((await get('/contracts', 'other')).body)).toContain('There are no contracts you can see.');
  });
});
