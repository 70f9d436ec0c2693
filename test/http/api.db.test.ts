import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client.ts';
import { createApp } from '../../src/http/app.ts';
import { loadDemo } from '../../src/services/demo/load-demo.ts';
import { createServices } from '../../src/services/index.ts';
import { testDatabases } from '../support/databases.ts';
import { registeredRoutes } from '../support/routes.ts';
import { apiTokenOf } from '../support/people.ts';

interface Issue {
  row?: number;
  field: string;
  message: string;
}

interface PeriodJson {
  period: string;
  value: { value: number; numerator: number | null; denominator: number | null; revision: number } | null;
  revisions: { value: number; numerator: number | null; denominator: number | null; revision: number }[];
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Every `$ref` anywhere in a JSON document. */
function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, v]) =>
      key === '$ref' && typeof v === 'string' ? [v] : refsIn(v),
    );
  }
  return [];
}

function resolvePointer(document: unknown, ref: string): unknown {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>(
      (node, part) =>
        node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined,
      document,
    );
}

describe.each(testDatabases)('the JSON API over the May 2017 demo on $name', (database) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  /** Requests as the performance team's system, with an API token. */
  let inject: (options: InjectOptions) => Promise<LightMyRequestResponse>;

  const get = async (url: string) => (await inject({ method: 'GET', url })).json();
  const postValues = (values: unknown[]) =>
    inject({ method: 'POST', url: '/api/values', payload: { values } });
  const periodOf = async (ref: string, period: string): Promise<PeriodJson | undefined> =>
    ((await get(`/api/indicators/${ref}`)).periods as PeriodJson[]).find((p) => p.period === period);

  /** Everything the API shows about the catalogue and some indicators: what a refused request must leave alone. */
  const stateOf = async (refs: string[]) => ({
    catalogue: await get('/api/indicators'),
    indicators: await Promise.all(
      refs.map(async (ref) => {
        const response = await inject({ method: 'GET', url: `/api/indicators/${ref}` });
        return { ref, status: response.statusCode, body: response.json() };
      }),
    ),
  });

  /** Sends a request that must be refused: 400, every problem named, and nothing about `refs` changed. */
  const expectRefused = async (
    send: () => Promise<LightMyRequestResponse>,
    options: { refs: string[]; issue: Partial<Issue> },
  ): Promise<Issue[]> => {
    const before = await stateOf(options.refs);
    const response = await send();
    expect(response.statusCode).toBe(400);
    const body = response.json() as { code: string; message: string; issues: Issue[] };
    expect(body.code).toBe('validation');
    expect(body.message).toMatch(/not saved|nothing was/);
    expect(body.issues).toContainEqual(expect.objectContaining(options.issue));
    expect(await stateOf(options.refs)).toEqual(before);
    return body.issues;
  };

  beforeAll(async () => {
    handle = await database.open();
    await loadDemo(handle.db);
    const services = createServices(handle.db);
    app = await createApp(services, { isDevelopment: false, isSecure: false });
    // May 2017 is published in the demo: correcting it takes publication:manage (and a reason).
    const token = await apiTokenOf(services, 'performance@demo.invalid', [
      'figures:read',
      'figures:write',
      'publication:manage',
      'catalogue:write',
    ]);
    inject = (options) =>
      app.inject({ ...options, headers: { ...options.headers, authorization: `Bearer ${token}` } });
  });
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  describe('reading', () => {
    it('gives an indicator with its target and its May 2017 figure and parts', async () => {
      const detail = await get('/api/indicators/CSC-03');
      expect(detail.indicator).toMatchObject({ ref: 'CSC-03', unit: 'percent', columnDimension: 'locality' });
      expect(detail.targets).toContainEqual(expect.objectContaining({ year: '2017-18' }));
      expect((await periodOf('CSC-03', '2017-05'))?.value).toMatchObject({
        numerator: 1218,
        denominator: 1304,
      });
    });

    it('answers an unknown indicator with 404 and a JSON body', async () => {
      const response = await inject({ method: 'GET', url: '/api/indicators/CSC-99' });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ code: 'not_found', issues: [] });
    });

    it('gives the scorecard with every figure as the page shows it', async () => {
      const scorecard = await get(
        `/api/scorecard?area=${encodeURIComponent("Children's social care")}&month=2017-05`,
      );
      const section = scorecard.sections.find((s: { ref: string }) => s.ref === 'CSC-03');
      const line = section.lines.find((l: { label: string }) => l.label === '% Inside');
      expect(line.cells.map((c: { text: string }) => c.text)).toContain('93%');
    });
  });

  describe('refusing bad figures, storing nothing', () => {
    it.each([
      {
        problem: 'a figure for an unknown indicator',
        value: { ref: 'CSC-99', period: '2017-06', value: 4 },
        field: 'ref',
      },
      {
        problem: 'a period that does not exist (2017-13)',
        value: { ref: 'CSC-03', period: '2017-13', numerator: 1, denominator: 2 },
        field: 'period',
      },
      {
        problem: 'a quarter (2022-23-Q1) for a monthly indicator',
        value: { ref: 'CSC-03', period: '2022-23-Q1', numerator: 1, denominator: 2 },
        field: 'period',
      },
      {
        problem: 'a breakdown item the dimension does not have (locality=MARS)',
        value: { ref: 'CSC-03', period: '2017-06', breakdown: 'locality=MARS', numerator: 1, denominator: 2 },
        field: 'breakdown',
      },
      {
        problem: 'a denominator of zero',
        value: { ref: 'CSC-03', period: '2017-06', numerator: 0, denominator: 0 },
        field: 'denominator',
      },
      {
        problem: 'a numerator greater than its denominator for a percentage',
        value: { ref: 'CSC-03', period: '2017-06', numerator: 1305, denominator: 1304 },
        field: 'numerator',
      },
      {
        problem: 'text where a number is due',
        value: { ref: 'CSC-03', period: '2017-06', numerator: 'abc', denominator: 1304 },
        field: 'numerator',
      },
    ])('refuses $problem, naming the field and the row', async ({ value, field }) => {
      const issues = await expectRefused(() => postValues([value]), {
        refs: [value.ref],
        issue: { row: 1, field },
      });
      expect(issues).toHaveLength(1);
    });

    it('refuses a batch with one good row and one bad one, naming the bad row and storing neither', async () => {
      const good = { ref: 'CSC-02', period: '2017-07', numerator: 300, denominator: 1400 };
      const bad = { ref: 'CSC-03', period: '2017-13', numerator: 1, denominator: 2 };
      const issues = await expectRefused(() => postValues([good, bad]), {
        refs: ['CSC-02', 'CSC-03'],
        issue: { row: 2, field: 'period' },
      });
      expect(issues.map((i) => i.row)).toEqual([2]);
      expect(await periodOf('CSC-02', '2017-07')).toBeUndefined();
    });

    it('refuses a body whose values are not a list', async () => {
      await expectRefused(
        () => inject({ method: 'POST', url: '/api/values', payload: { values: 'CSC-03,2017-06,1,2' } }),
        { refs: ['CSC-03'], issue: { field: 'values' } },
      );
    });
  });

  describe('refusing bad catalogue entries, storing nothing', () => {
    it('refuses a target without a year, naming the year field', async () => {
      await expectRefused(
        () =>
          inject({
            method: 'PUT',
            url: '/api/indicators/CSC-03/targets/',
            payload: { kind: 'value', value: 90 },
          }),
        { refs: ['CSC-03'], issue: { field: 'year' } },
      );
    });

    it('refuses a target whose value is not a number, naming the value field', async () => {
      await expectRefused(
        () =>
          inject({
            method: 'PUT',
            url: '/api/indicators/CSC-03/targets/2017-18',
            payload: { kind: 'value', value: 'ninety' },
          }),
        { refs: ['CSC-03'], issue: { field: 'value' } },
      );
    });

    it.each([
      {
        change: { columnDimension: 'ward' },
        field: 'columnDimension',
        message: /"ward" is not a breakdown dimension/,
      },
      {
        change: { rowDimension: 'locality' },
        field: 'columnDimension',
        message: /must differ from the row dimension/,
      },
      { change: { numeratorLabel: '' }, field: 'numeratorLabel', message: /is required for a ratio/ },
      {
        change: { reportingOrganisation: 'Nowhere Trust' },
        field: 'reportingOrganisation',
        message: /no organisation is called/,
      },
      {
        change: { ownerEmail: 'nobody@demo.invalid' },
        field: 'ownerEmail',
        message: /no one has the email address/,
      },
    ])(
      'refuses an indicator whose $field is wrong, and keeps the saved one',
      async ({ change, field, message }) => {
        const { indicator } = await get('/api/indicators/CSC-03');
        const issues = await expectRefused(
          () =>
            inject({
              method: 'PUT',
              url: '/api/indicators/CSC-03',
              payload: { indicator: { ...indicator, title: 'Renamed', ...change } },
            }),
          { refs: ['CSC-03'], issue: { field } },
        );
        expect(issues.find((i) => i.field === field)!.message).toMatch(message);
        expect((await get('/api/indicators/CSC-03')).indicator.title).toBe(indicator.title);
      },
    );

    it('refuses an indicator with an unknown aim, naming the aim field, and keeps the saved one', async () => {
      const { indicator } = await get('/api/indicators/CSC-03');
      await expectRefused(
        () =>
          inject({
            method: 'PUT',
            url: '/api/indicators/CSC-03',
            payload: { indicator: { ...indicator, title: 'Renamed', aim: 'sideways_is_better' } },
          }),
        { refs: ['CSC-03'], issue: { field: 'aim' } },
      );
      expect((await get('/api/indicators/CSC-03')).indicator).toMatchObject({
        aim: 'bigger_is_better',
        title: indicator.title,
      });
    });

    it('saves an indicator read from the API back unchanged but for the edited field', async () => {
      const { indicator } = await get('/api/indicators/CSC-14');
      const response = await inject({
        method: 'PUT',
        url: '/api/indicators/CSC-14',
        payload: { indicator: { ...indicator, owner: 'Principal social worker' } },
      });
      expect(response.statusCode).toBe(200);
      expect((await get('/api/indicators/CSC-14')).indicator).toEqual({
        ...indicator,
        owner: 'Principal social worker',
      });
    });

    it('sets a target for a year and shows it with the indicator', async () => {
      const response = await inject({
        method: 'PUT',
        url: '/api/indicators/CSC-03/targets/2018-19',
        payload: { kind: 'value', value: '88%', note: 'Raised after inspection' },
      });
      expect(response.statusCode).toBe(200);
      expect((await get('/api/indicators/CSC-03')).targets).toContainEqual({
        year: '2018-19',
        target: { kind: 'value', value: 88, tolerance: null },
        note: 'Raised after inspection',
      });
    });
  });

  describe('revisions', () => {
    it('records a correction as revision 2 and keeps revision 1 in the indicator’s history', async () => {
      const response = await postValues([
        {
          ref: 'CSC-02',
          period: '2017-05',
          numerator: 306,
          denominator: 1382,
          status: 'validated',
          reason: 'late referral',
        },
      ]);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ created: 0, revised: 1, unchanged: 0, commentary: 0 });

      const may = await periodOf('CSC-02', '2017-05');
      expect(may?.value).toMatchObject({ revision: 2, numerator: 306, denominator: 1382 });
      expect(may?.revisions).toEqual([
        expect.objectContaining({ revision: 1, numerator: 305, denominator: 1382 }),
      ]);
    });

    it('reports figures posted a second time as unchanged, and makes no new revision', async () => {
      const values = [
        { ref: 'CSC-02', period: '2017-06', numerator: 290, denominator: 1350 },
        { ref: 'CSC-03', period: '2017-06', numerator: '1,200', denominator: '1,300' },
      ];
      expect((await postValues(values)).json()).toEqual({
        created: 2,
        revised: 0,
        unchanged: 0,
        commentary: 0,
      });
      expect((await postValues(values)).json()).toEqual({
        created: 0,
        revised: 0,
        unchanged: 2,
        commentary: 0,
      });
      for (const ref of ['CSC-02', 'CSC-03']) {
        const june = await periodOf(ref, '2017-06');
        expect(june?.value?.revision).toBe(1);
        expect(june?.revisions).toEqual([]);
      }
    });
  });

  describe('the OpenAPI document', () => {
    it('is an OpenAPI 3.1 document whose references and path parameters all resolve', async () => {
      const response = await inject({ method: 'GET', url: '/api/openapi.json' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      const document = response.json();
      expect(document.openapi).toMatch(/^3\.1\.\d+$/);
      expect(document.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });

      for (const ref of refsIn(document)) {
        expect(ref, `${ref} points inside the document`).toMatch(/^#\//);
        expect(resolvePointer(document, ref), `${ref} resolves`).toBeTypeOf('object');
      }
      for (const [path, item] of Object.entries<Record<string, unknown>>(document.paths)) {
        const pathLevel = (item.parameters ?? []) as { name: string; in: string; required?: boolean }[];
        for (const method of HTTP_METHODS.filter((m) => m in item)) {
          const operation = item[method] as {
            parameters?: typeof pathLevel;
            responses: Record<string, { description?: string }>;
          };
          const where = `${method.toUpperCase()} ${path}`;
          expect(
            Object.keys(operation.responses ?? {}).some((s) => /^2\d\d$/.test(s)),
            `${where} has a 2xx`,
          ).toBe(true);
          for (const [status, r] of Object.entries(operation.responses)) {
            expect(r.description, `${where} ${status} has a description`).toBeTruthy();
          }
          const declared = [...pathLevel, ...(operation.parameters ?? [])].filter((p) => p.in === 'path');
          const inPath = [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => name);
          expect(declared.map((p) => p.name).sort(), `${where} declares its path parameters`).toEqual(
            inPath.sort(),
          );
          for (const p of declared) expect(p.required, `${where} path parameter ${p.name}`).toBe(true);
        }
      }
    });

    it('describes every /api route the app serves, with the same methods, and nothing else', async () => {
      const document = (await inject({ method: 'GET', url: '/api/openapi.json' })).json();
      const documented = Object.fromEntries(
        Object.entries<Record<string, unknown>>(document.paths).map(([path, item]) => [
          path.replace(/\{(\w+)\}/g, ':$1'),
          HTTP_METHODS.filter((m) => m in item).sort(),
        ]),
      );
      const served = Object.fromEntries(
        [...registeredRoutes(app)].filter(([path]) => path.startsWith('/api/')),
      );
      expect(served).toHaveProperty(['/api/indicators/:ref/targets/:year'], ['put']);
      expect(documented).toEqual(served);
      for (const [path, methods] of Object.entries(documented)) {
        for (const method of methods) {
          expect(
            app.hasRoute({ method: method.toUpperCase() as 'GET', url: path }),
            `${method} ${path}`,
          ).toBe(true);
        }
      }
    });
  });
  describe('report packs', () => {
    let reports: (options: InjectOptions) => Promise<LightMyRequestResponse>;
    beforeAll(async () => {
      const services = createServices(handle.db);
      const token = await apiTokenOf(services, 'performance@demo.invalid', ['reports:read', 'reports:write']);
      reports = (options) =>
        app.inject({ ...options, headers: { ...options.headers, authorization: `Bearer ${token}` } });
    });

    const definition = {
      title: 'Assessments for the board',
      audience: 'Board',
      period: '2017-05',
      isPublic: false,
      sections: [{ kind: 'indicators', refs: ['CSC-03'] }],
    };

    it('saves a definition, refusing a bad one field by field', async () => {
      const bad = await reports({
        method: 'POST',
        url: '/api/reports',
        payload: { ...definition, period: 'May' },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().issues).toContainEqual(expect.objectContaining({ field: 'period' }));
      const saved = await reports({ method: 'POST', url: '/api/reports', payload: definition });
      expect(saved.statusCode).toBe(201);
      const { id } = saved.json() as { id: number };
      const read = (await reports({ method: 'GET', url: `/api/reports/${id}` })).json();
      expect(read).toMatchObject({ id, title: 'Assessments for the board', definition, publications: [] });
    });

    it('gives the document every output is drawn from, and a publication exactly as stored', async () => {
      const list = (await reports({ method: 'GET', url: '/api/reports' })).json() as {
        id: number;
        title: string;
      }[];
      const id = list.find((r) => r.title === 'Assessments for the board')!.id;
      const document = (await reports({ method: 'GET', url: `/api/reports/${id}/document` })).json();
      expect(document).toMatchObject({
        title: 'Assessments for the board',
        status: 'draft',
        periodLabel: 'May 2017',
      });
      expect(JSON.stringify(document)).toContain('"indicator":"CSC-03"');

      const published = await reports({ method: 'GET', url: '/api/reports/1/publications/1' });
      expect(published.statusCode).toBe(200);
      const body = published.json() as {
        publication: { sha256: string };
        document: unknown;
        revisedSince: unknown[];
      };
      const stored = await handle.db
        .selectFrom('report_publications')
        .select(['document', 'document_sha256'])
        .where('id', '=', 1)
        .executeTakeFirstOrThrow();
      expect(published.body).toContain(`"document":${stored.document}}`);
      expect(body.publication.sha256).toBe(stored.document_sha256);
    });
  });
});
