import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Indicator } from '../../db/repositories/catalogue.ts';
import { AppError } from '../../errors.ts';
import { ReportDefinition } from '../../reports/definition.ts';
import type { Services } from '../../services/index.ts';
import type { ReportSummary } from '../../services/reports/reports.ts';
import { IndicatorInput, TargetInput, ValueInput } from '../../services/inputs.ts';
import { AsAt } from '../query-schemas.ts';
import { MEASURES_API_PATHS } from './measures.ts';

const ValuesBody = z.object({
  values: z.array(z.unknown()).min(1).max(50_000),
});
const DefinitionChange = z.object({ startsOn: z.string(), reason: z.string() });
const IndicatorBody = z.object({ indicator: z.unknown(), definitionChange: DefinitionChange.optional() });
const ScorecardQuery = z.object({ area: z.string().min(1), month: z.string().min(1), asAt: AsAt.optional() });
const ReportParams = z.object({ id: z.coerce.number().int().positive() });
const PublicationParams = ReportParams.extend({ publication: z.coerce.number().int().positive() });

/** A path's numeric identifiers, or 'not found' for anything else (so a guessed path learns nothing). */
function idsOf<T extends z.ZodType>(schema: T, params: unknown): z.output<T> {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw new AppError('not_found', 'There is no such report.');
  return parsed.data;
}

/**
 * The JSON API over the same services as the pages. Bodies are validated by
 * the services' own schemas, so a bad request gets the same field-by-field
 * messages as a form or a file.
 */
export function registerApi(app: FastifyInstance, services: Services) {
  app.get('/api/openapi.json', { config: { access: 'public' } }, async () => openApiDocument());

  app.get('/api/indicators', { config: { access: 'figures:read' } }, async (request) => ({
    indicators: (await services.indicators({}, request.context)).map(indicatorJson),
  }));

  app.get<{ Params: { ref: string } }>(
    '/api/indicators/:ref',
    { config: { access: 'figures:read' } },
    async (request) => {
      const detail = await services.indicator(request.params.ref, request.context);
      return {
        indicator: indicatorJson(detail.indicator),
        targets: detail.targets,
        series: detail.series,
        periods: detail.rows.map((r) => ({
          period: r.period.code,
          value: r.total,
          breakdowns: r.breakdowns,
          revisions: r.superseded,
          target: r.target,
          rating: r.evaluation,
          againstPrevious: r.againstPrevious.direction,
          againstLastYear: r.againstLastYear.direction,
          commentary: r.commentary.filter((c) => c.isCurrent).map((c) => c.body)[0] ?? null,
        })),
      };
    },
  );

  app.put<{ Params: { ref: string } }>(
    '/api/indicators/:ref',
    { config: { access: 'catalogue:write' } },
    async (request) => {
      const body = IndicatorBody.parse(request.body);
      const indicator = await services.saveIndicator(
        { ...(body.indicator as object), ref: request.params.ref },
        request.context,
        body.definitionChange ? { definitionChange: body.definitionChange } : {},
      );
      return { indicator: indicatorJson(indicator) };
    },
  );

  app.put<{ Params: { ref: string; year: string } }>(
    '/api/indicators/:ref/targets/:year',
    { config: { access: 'catalogue:write' } },
    async (request) => {
      await services.setTarget(
        { ...(request.body as object), ref: request.params.ref, year: request.params.year },
        request.context,
      );
      return { saved: true };
    },
  );

  app.post('/api/values', { config: { access: 'figures:write' } }, async (request) => {
    const body = ValuesBody.parse(request.body);
    return services.recordValues(body.values, request.context);
  });

  app.get('/api/reports', { config: { access: 'reports:read' } }, async (request) =>
    (await services.reports.list(request.context)).map(reportJson),
  );

  app.post('/api/reports', { config: { access: 'reports:write' } }, async (request, reply) => {
    const id = await services.reports.save({ id: null, input: request.body }, request.context);
    return reply.code(201).send({ id });
  });

  app.get('/api/reports/:id', { config: { access: 'reports:read' } }, async (request) => {
    const { id } = idsOf(ReportParams, request.params);
    const report = await services.reports.read(id, request.context);
    return { ...reportJson(report), publications: report.publications };
  });

  app.put('/api/reports/:id', { config: { access: 'reports:write' } }, async (request) => {
    const { id } = idsOf(ReportParams, request.params);
    await services.reports.save({ id, input: request.body }, request.context);
    return { id };
  });

  app.get('/api/reports/:id/document', { config: { access: 'reports:read' } }, async (request) => {
    const { id } = idsOf(ReportParams, request.params);
    return services.reports.draft({ id }, request.context);
  });

  app.get(
    '/api/reports/:id/publications/:publication',
    { config: { access: 'reports:read' } },
    async (request, reply) => {
      const { id, publication } = idsOf(PublicationParams, request.params);
      const published = await services.reports.publication(
        { id, publicationId: publication },
        request.context,
      );
      // The document exactly as stored when it was published, with the corrections made since beside it.
      return reply
        .type('application/json; charset=utf-8')
        .send(
          `{"publication":${JSON.stringify(published.publication)},"revisedSince":${JSON.stringify(published.revisedSince)},"document":${published.json}}`,
        );
    },
  );

  app.get('/api/scorecard', { config: { access: 'figures:read' } }, async (request) => {
    const query = ScorecardQuery.parse(request.query);
    return services.scorecard(
      { serviceArea: query.area, month: query.month, ...(query.asAt ? { asAt: query.asAt } : {}) },
      request.context,
    );
  });
}

function reportJson(r: ReportSummary) {
  return {
    id: r.id,
    title: r.title,
    definition: r.definition,
    updatedAt: r.updatedAt,
    updatedBy: r.updatedBy,
    lastPublishedAt: r.lastPublishedAt,
  };
}

function indicatorJson(i: Indicator) {
  return {
    ...i,
    rowDimension: i.rowDimension?.code ?? null,
    columnDimension: i.columnDimension?.code ?? null,
  };
}

function openApiDocument() {
  const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });
  const json = (ref: string) => ({
    content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } },
  });
  const error = {
    description: 'Refused: the body lists every problem with its field (and row).',
    ...json('Error'),
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Scorecard API',
      version: '0.1.0',
      description:
        'Indicators, targets, figures, scorecards and report packs. Send an API token (created on your account page) as `Authorization: Bearer sc_…`; a token acts as its owner, within the scopes chosen for it.',
    },
    security: [{ apiToken: [] }],
    paths: {
      '/api/openapi.json': {
        get: {
          summary: 'This description of the API (OpenAPI 3.1)',
          security: [],
          responses: { 200: { description: 'The OpenAPI document' } },
        },
      },
      '/api/indicators': {
        get: {
          summary: 'List the indicator catalogue',
          responses: { 200: { description: 'The catalogue' } },
        },
      },
      '/api/indicators/{ref}': {
        parameters: [{ name: 'ref', in: 'path', required: true, schema: { type: 'string' } }],
        get: {
          summary: 'An indicator with its targets, figures (every revision), ratings and commentary',
          responses: { 200: { description: 'The indicator' }, 404: error },
        },
        put: {
          summary:
            'Add or update an indicator; a changed definition needs definitionChange and starts a new series',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    indicator: { $ref: '#/components/schemas/Indicator' },
                    definitionChange: schema(DefinitionChange),
                  },
                  required: ['indicator'],
                },
              },
            },
          },
          responses: { 200: { description: 'Saved' }, 400: error },
        },
      },
      '/api/indicators/{ref}/targets/{year}': {
        parameters: [
          { name: 'ref', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'year', in: 'path', required: true, schema: { type: 'string', examples: ['2017-18'] } },
        ],
        put: {
          summary: "Set an indicator's target for a reporting year",
          requestBody: { required: true, ...json('Target') },
          responses: { 200: { description: 'Saved' }, 400: error },
        },
      },
      '/api/values': {
        post: {
          summary:
            'Record figures, all or nothing; identical figures are left unchanged, different ones become new revisions',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    values: { type: 'array', items: { $ref: '#/components/schemas/Value' } },
                  },
                  required: ['values'],
                },
              },
            },
          },
          responses: { 200: { description: 'Counts of created, revised and unchanged figures' }, 400: error },
        },
      },
      '/api/contracts/{ref}': {
        get: {
          summary:
            "A partner contract's indicators, each rated in month and cumulatively, with the position in the council's words",
          parameters: [
            {
              name: 'ref',
              in: 'path',
              required: true,
              schema: { type: 'string', examples: ['BCT-CONTRACT'] },
            },
            {
              name: 'month',
              in: 'query',
              required: false,
              schema: { type: 'string', examples: ['2018-10'] },
            },
          ],
          responses: { 200: { description: 'The contract and its position' }, 404: error },
        },
      },
      '/api/reports': {
        get: {
          summary: 'The report packs you may read (members: published ones)',
          responses: {
            200: { description: 'Each report with its definition and when it was last published' },
          },
        },
        post: {
          summary: 'Save a new report pack',
          requestBody: { required: true, ...json('ReportDefinition') },
          responses: { 201: { description: 'Saved: its id' }, 400: error },
        },
      },
      '/api/reports/{id}': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
        get: {
          summary: 'A report pack: its definition and its publications',
          responses: { 200: { description: 'The report' }, 404: error },
        },
        put: {
          summary: "Change a report pack's definition",
          requestBody: { required: true, ...json('ReportDefinition') },
          responses: { 200: { description: 'Saved' }, 400: error, 404: error },
        },
      },
      '/api/reports/{id}/document': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
        get: {
          summary:
            'The report built now: every section, figure, rating, chart and sentence, as its outputs draw them (not for members)',
          responses: { 200: { description: 'The report document' }, 404: error },
        },
      },
      '/api/reports/{id}/publications/{publication}': {
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'integer' } },
          { name: 'publication', in: 'path', required: true, schema: { type: 'integer' } },
        ],
        get: {
          summary:
            'A publication: the document exactly as published, its SHA-256, and the figures revised since',
          responses: { 200: { description: 'The publication' }, 404: error },
        },
      },
      '/api/scorecard': {
        get: {
          summary: 'The scorecard for a service area and month, every figure as shown on the page',
          parameters: [
            { name: 'area', in: 'query', required: true, schema: { type: 'string' } },
            { name: 'month', in: 'query', required: true, schema: { type: 'string', examples: ['2017-05'] } },
            {
              name: 'asAt',
              in: 'query',
              required: false,
              schema: { type: 'string', examples: ['2017-06-30'] },
              description: 'Show the figures as they stood at this date (end of day, UTC) or moment',
            },
          ],
          responses: { 200: { description: 'The scorecard' }, 400: error },
        },
      },
      ...MEASURES_API_PATHS,
    },
    components: {
      securitySchemes: { apiToken: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Indicator: schema(IndicatorInput),
        Target: schema(TargetInput),
        Value: schema(ValueInput),
        ReportDefinition: schema(ReportDefinition),
        Error: {
          type: 'object',
          properties: {
            code: { type: 'string' },
            message: { type: 'string' },
            issues: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  file: { type: 'string' },
                  row: { type: 'integer' },
                  field: { type: 'string' },
                  message: { type: 'string' },
                },
              },
            },
          },
        },
      },
    },
  };
}
