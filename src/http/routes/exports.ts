import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ITEM_STATES } from '../../domain/publication.ts';
import {
  catalogueTable,
  changesTable,
  completenessTable,
  contractsTable,
  contractTable,
  indicatorHistoryTable,
  scorecardTable,
} from '../../export/tables.ts';
import type { Services } from '../../services/index.ts';
import { AsAt, OptionalShortText } from '../query-schemas.ts';
import { FormatQuery, sendExport } from '../send-export.ts';

/**
 * Downloads of the pages' tables, as CSV or XLSX (`?format=`): each route
 * needs what its page needs and calls the same service, so an export shows
 * exactly what the person may see on the page (a viewer: published figures
 * only; a partner: its own organisation's) and nothing more.
 */

const ScorecardExportQuery = FormatQuery.extend({
  area: z.string().trim().optional(),
  month: z.string().trim().optional(),
  asAt: z.union([z.literal('').transform(() => undefined), AsAt]).optional(),
});
const CatalogueExportQuery = FormatQuery.extend({
  area: z.string().trim().optional(),
  aim: z.string().trim().optional(),
  frequency: z.string().trim().optional(),
  owner: z.string().trim().optional(),
});
const CompletenessExportQuery = FormatQuery.extend({
  month: z
    .string()
    .trim()
    .regex(/^(\d{4}-\d{2})?$/, 'must be a month such as 2017-06')
    .optional(),
  state: z.enum(['', ...ITEM_STATES]).optional(),
  submitter: z.string().trim().max(200).optional(),
  overdue: z.enum(['', 'yes']).optional(),
});
const ChangesExportQuery = FormatQuery.extend({
  from: z.string().trim().max(7).optional(),
  to: z.string().trim().max(7).optional(),
});
const ContractExportQuery = FormatQuery.extend({
  month: OptionalShortText,
});

export function registerExports(app: FastifyInstance, services: Services) {
  app.get('/export/scorecard', { config: { access: 'figures:read' } }, async (request, reply) => {
    const query = ScorecardExportQuery.parse(request.query);
    const { scorecard } = await services.chosenScorecard(query, request.context);
    return sendExport(reply, scorecardTable(scorecard), query.format, [
      'scorecard',
      scorecard.serviceArea,
      scorecard.month.code,
      ...(scorecard.asAt ? ['as-at', scorecard.asAt.toISOString().slice(0, 10)] : []),
    ]);
  });

  app.get('/export/indicators', { config: { access: 'figures:read' } }, async (request, reply) => {
    const query = CatalogueExportQuery.parse(request.query);
    const indicators = await services.indicators(
      {
        ...(query.area ? { serviceArea: query.area } : {}),
        ...(query.aim ? { aim: query.aim } : {}),
        ...(query.frequency ? { frequency: query.frequency } : {}),
        ...(query.owner ? { owner: query.owner } : {}),
      },
      request.context,
    );
    return sendExport(reply, catalogueTable(indicators), query.format, ['indicators', query.area ?? '']);
  });

  app.get<{ Params: { ref: string } }>(
    '/export/indicators/:ref',
    { config: { access: 'figures:read' } },
    async (request, reply) => {
      const query = FormatQuery.parse(request.query);
      const detail = await services.indicator(request.params.ref, request.context);
      return sendExport(reply, indicatorHistoryTable(detail), query.format, [
        detail.indicator.ref,
        'history',
      ]);
    },
  );

  app.get('/export/contracts', { config: { access: 'contracts:read' } }, async (request, reply) => {
    const query = FormatQuery.parse(request.query);
    const items = await services.contracts.list(request.context);
    return sendExport(reply, contractsTable(items), query.format, ['contracts']);
  });

  app.get<{ Params: { ref: string } }>(
    '/export/contracts/:ref',
    { config: { access: 'contracts:read' } },
    async (request, reply) => {
      const query = ContractExportQuery.parse(request.query);
      const detail = await services.contracts.get(request.params.ref, query.month, request.context);
      return sendExport(reply, contractTable(detail), query.format, [
        detail.contract.ref,
        detail.position.month.code,
      ]);
    },
  );

  // The completeness page's items, filtered as the page filters them.
  app.get('/export/completeness', { config: { access: 'figures:write' } }, async (request, reply) => {
    const query = CompletenessExportQuery.parse(request.query);
    const month = query.month || (await services.publication.defaultMonth());
    const cycle = month ? await services.publication.cycle({ month }, request.context) : null;
    const items = (cycle?.items ?? []).filter(
      (i) =>
        (!query.state || i.state === query.state) &&
        (!query.submitter || i.submitter === query.submitter) &&
        (query.overdue !== 'yes' || i.isOverdue),
    );
    return sendExport(reply, completenessTable(month ?? '', items), query.format, [
      'completeness',
      month ?? '',
    ]);
  });

  app.get('/export/changes', { config: { access: 'figures:read' } }, async (request, reply) => {
    const query = ChangesExportQuery.parse(request.query);
    const published = (await services.publication.periods(request.context)).filter(
      (p) => p.publishedAt !== null,
    );
    const from = query.from || published[0]?.month;
    const to = query.to || 'now';
    if (!from) return reply.callNotFound();
    const changes = await services.publication.changes({ from, to }, request.context);
    return sendExport(reply, changesTable(changes), query.format, ['changes', from, 'to', to]);
  });
}
