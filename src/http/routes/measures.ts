import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { can } from '../../domain/permissions.ts';
import { parsePeriod, type Period } from '../../domain/periods.ts';
import { AppError, invalid } from '../../errors.ts';
import { TOTAL_ITEM } from '../../measures/aggregate.ts';
import {
  BREAKDOWN_KINDS,
  breakdownItems,
  TEAM_NOT_RECORDED,
  type BreakdownKind,
} from '../../measures/breakdowns.ts';
import { MEASURES, measureById } from '../../measures/catalogue.ts';
import type { MeasureDefinition } from '../../measures/measure.ts';
import { WORKING_LISTS, workingListById, type WorkingListRow } from '../../measures/working-lists.ts';
import type { ReturnSource } from '../../measures/model.ts';
import { FINDINGS_PER_PAGE } from '../../services/child-records/index.ts';
import { HOME_LA } from '../../services/child-records/measures.ts';
import type { StoredReturn } from '../../services/child-records/store-return.ts';
import type { Services } from '../../services/index.ts';
import type { Render } from '../../web/render.ts';
import {
  BREAKDOWN_LABELS,
  choiceKindOf,
  dateText,
  findingsTable,
  formatFigure,
  lastMonthOf,
  latestCompleteMonth,
  lineView,
  localMoment,
  measureSummaryView,
  PART_LABELS,
  PERIOD_KIND_LABELS,
  periodChoices,
  periodOfKind,
  queryString,
  recordCountsText,
  rowsBehindTable,
  SOURCE_LABELS,
  UPLOAD_LABELS,
  tableCells,
  trendMonths,
  workingListTable,
  type PeriodChoiceKind,
} from '../../web/view-models/measures.ts';
import { sendPage } from '../forms.ts';
import { exportLinks, FormatQuery, sendExport } from '../send-export.ts';
import { acceptFilesInMemory, type UploadedFile } from '../uploads.ts';

/**
 * Statutory measures computed from the child-level records held: every
 * measure's figure for a period and breakdown, a measure's page with its
 * definition, breakdown and trend, the children behind each count, the
 * working lists, and the imports of the returns with their findings; the
 * same figures in the JSON API. Figures need 'measures:read'; anything
 * naming a child 'children:read' (and the service audits each view and
 * export); imports 'children:import'. See docs/measures/README.md.
 */

const READ = { config: { access: 'measures:read' as const } };
const CHILDREN = { config: { access: 'children:read' as const } };
const IMPORT = { config: { access: 'children:import' as const } };

/** The largest file the upload form accepts: a large authority's CIN census XML is tens of megabytes. */
export const RETURN_UPLOAD_LIMIT_BYTES = 100 * 1024 * 1024;
/** The SSDA903 as CSV is up to 13 tables; Annex A up to 11 lists. */
const RETURN_UPLOAD_FILES = 20;
/** The most rows a page lists; the export has them all. */
export const ROWS_SHOWN = 1000;

const PERIOD_CHOICE_KINDS = Object.keys(PERIOD_KIND_LABELS) as PeriodChoiceKind[];
const RETURN_SOURCES = Object.keys(UPLOAD_LABELS) as ReturnSource[];

const blankIsAbsent = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((text) => text || undefined);

const FigureQuery = z.object({
  la: blankIsAbsent(10),
  period: blankIsAbsent(20),
  kind: z.enum(PERIOD_CHOICE_KINDS).optional(),
  breakdown: z.enum(BREAKDOWN_KINDS).default('none'),
});
const RowsQuery = FigureQuery.extend({
  item: blankIsAbsent(200).transform((item) => item ?? TOTAL_ITEM),
  part: z.enum(['numerator', 'denominator', 'left_out']).default('denominator'),
});
const MeasureParams = z.object({ id: z.string().max(100) });
const ListQuery = z.object({
  la: blankIsAbsent(10),
  asAt: blankIsAbsent(16).refine(
    (text) => text === undefined || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(text),
    'must be a moment such as 2024-03-31T09:00',
  ),
  team: blankIsAbsent(200),
});
const ImportParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const FindingsQuery = z.object({ page: z.coerce.number().int().positive().max(100_000).default(1) });
const ImportBody = z.object({
  source: z.enum(RETURN_SOURCES, { error: () => 'Choose which return the files are' }),
  la: blankIsAbsent(10),
  asAt: blankIsAbsent(10).refine(
    (text) => text === undefined || parsePeriod(text.slice(0, 7)) !== null,
    'must be a date such as 2024-03-31',
  ),
});

interface Chosen {
  la: string;
  period: Period;
  kind: PeriodChoiceKind;
  breakdown: BreakdownKind;
  /** The latest month the records reach wholly. */
  latest: Period;
  authorities: { la: string; children: number }[];
}

const todayIso = () => localMoment(new Date()).slice(0, 10);

export function registerMeasurePages(
  app: FastifyInstance,
  services: Pick<Services, 'childRecords'>,
  render: Render,
) {
  const childRecords = services.childRecords;

  /**
   * The authority, period and breakdown asked for, or the defaults: the
   * council's own authority when its records are held (else the largest
   * held), the latest month the records reach wholly (or the quarter, year
   * or 12 months holding it), no breakdown. Switching kind keeps the
   * period's last month.
   */
  async function choose(request: FastifyRequest, query: z.output<typeof FigureQuery>): Promise<Chosen> {
    const authorities = await childRecords.authorities(request.context);
    const la =
      query.la ?? (authorities.some((a) => a.la === HOME_LA) ? HOME_LA : (authorities[0]?.la ?? HOME_LA));
    const latest = latestCompleteMonth((await childRecords.recordsReach(la, request.context)) ?? todayIso());
    const asked = query.period === undefined ? null : parsePeriod(query.period);
    const askedKind = asked && choiceKindOf(asked);
    if (query.period !== undefined && !askedKind)
      throw invalid('Choose a month, a quarter, a financial year or 12 months.', [
        {
          field: 'period',
          message: `"${query.period}" is not a month, a quarter, a financial year or 12 months`,
        },
      ]);
    const kind = query.kind ?? askedKind ?? 'month';
    const period =
      asked && askedKind === kind ? asked : periodOfKind(kind, asked ? lastMonthOf(asked) : latest);
    return { la, period, kind, breakdown: query.breakdown, latest, authorities };
  }

  const filterView = (chosen: Chosen) => ({
    authorities: (chosen.authorities.some((a) => a.la === chosen.la)
      ? chosen.authorities
      : [...chosen.authorities, { la: chosen.la, children: 0 }]
    ).map((a) => ({
      value: a.la,
      text: `${a.la}${a.la === HOME_LA ? ' (the council)' : ''}: ${a.children.toLocaleString('en-GB')} children`,
      selected: a.la === chosen.la,
    })),
    kinds: PERIOD_CHOICE_KINDS.map((k) => ({
      value: k,
      text: PERIOD_KIND_LABELS[k],
      selected: k === chosen.kind,
    })),
    periods: periodChoices(chosen.kind, chosen.latest, chosen.period),
    breakdowns: BREAKDOWN_KINDS.map((b) => ({
      value: b,
      text: BREAKDOWN_LABELS[b],
      selected: b === chosen.breakdown,
    })),
  });

  const figureQuery = (chosen: Chosen) => ({
    la: chosen.la,
    period: chosen.period.code,
    breakdown: chosen.breakdown,
  });

  const figureOf = (request: FastifyRequest, measureId: string, chosen: Chosen, period = chosen.period) =>
    childRecords.figure({ la: chosen.la, measureId, period, breakdown: chosen.breakdown }, request.context);

  const definitionOf = (id: string): MeasureDefinition => {
    const definition = measureById(id);
    if (!definition) throw new AppError('not_found', `There is no measure ${id}.`);
    return definition;
  };

  const canSeeChildren = (request: FastifyRequest) => can(request.signedIn?.actor ?? null, 'children:read');
  const canImport = (request: FastifyRequest) => can(request.signedIn?.actor ?? null, 'children:import');

  app.get('/measures', READ, async (request, reply) => {
    const query = FigureQuery.parse(request.query);
    const chosen = await choose(request, query);
    if (!chosen.authorities.length)
      return sendPage(render, request, reply, 'pages/measures/empty.njk', {
        title: 'Statutory measures',
        canImport: canImport(request),
      });
    const seeChildren = canSeeChildren(request);
    const figures = await childRecords.figures(
      { la: chosen.la, period: chosen.period, breakdown: chosen.breakdown },
      request.context,
    );
    const measures = figures.map(({ definition, aggregate }) => {
      const line = (l: typeof aggregate.total) => lineView(definition, l, figureQuery(chosen), seeChildren);
      return {
        ...measureSummaryView(definition),
        href: `/measures/${definition.id}?${queryString(figureQuery(chosen))}`,
        total: line(aggregate.total),
        items: aggregate.items.map(line),
      };
    });
    return sendPage(render, request, reply, 'pages/measures/index.njk', {
      title: `Statutory measures, ${chosen.period.label}, authority ${chosen.la}`,
      action: '/measures',
      la: chosen.la,
      period: chosen.period,
      periodRange: `${dateText(chosen.period.start)} to ${dateText(chosen.period.end)}`,
      breakdownLabel: BREAKDOWN_LABELS[chosen.breakdown],
      hasBreakdown: chosen.breakdown !== 'none',
      filter: filterView(chosen),
      measures,
      canSeeChildren: seeChildren,
      canImport: canImport(request),
    });
  });

  app.get('/measures/working-lists', CHILDREN, async (request, reply) => {
    const query = ListQuery.parse(request.query);
    const la = (await choose(request, { la: query.la, period: undefined, breakdown: 'none' })).la;
    return sendPage(render, request, reply, 'pages/measures/working-lists.njk', {
      title: 'Working lists',
      breadcrumbs: [{ text: 'Statutory measures', href: `/measures?${queryString({ la })}` }],
      lists: WORKING_LISTS.map((list) => ({
        title: list.title,
        summary: list.summary(childRecords.settings),
        href: `/measures/working-lists/${list.id}?${queryString({ la, asAt: query.asAt })}`,
      })),
    });
  });

  async function workingListOf(request: FastifyRequest, id: string, query: z.output<typeof ListQuery>) {
    if (!workingListById(id)) throw new AppError('not_found', `There is no working list ${id}.`);
    const chosen = await choose(request, { la: query.la, period: undefined, breakdown: 'none' });
    const now = query.asAt ?? localMoment(new Date());
    const { list, rows } = await childRecords.workingList(id, { la: chosen.la, now }, request.context);
    const teamOf = (row: WorkingListRow) => row.team ?? TEAM_NOT_RECORDED;
    const teams = breakdownItems('team', rows.map(teamOf)).map((t) => t.item);
    const shown = query.team ? rows.filter((r) => teamOf(r) === query.team) : rows;
    return { chosen, now, list, rows: shown, teams };
  }

  app.get('/measures/working-lists/:id', CHILDREN, async (request, reply) => {
    const { id } = MeasureParams.parse(request.params);
    const query = ListQuery.parse(request.query);
    const { chosen, now, list, rows, teams } = await workingListOf(request, id, query);
    const table = workingListTable(list.title, rows.slice(0, ROWS_SHOWN));
    return sendPage(render, request, reply, 'pages/measures/working-list.njk', {
      title: `${list.title}, authority ${chosen.la}`,
      breadcrumbs: [
        { text: 'Statutory measures', href: `/measures?${queryString({ la: chosen.la })}` },
        { text: 'Working lists', href: `/measures/working-lists?${queryString({ la: chosen.la })}` },
      ],
      list: { id: list.id, title: list.title, summary: list.summary(childRecords.settings) },
      la: chosen.la,
      asAt: query.asAt ?? '',
      nowText: dateText(now),
      authorities: filterView(chosen).authorities,
      teams: [
        { value: '', text: 'All teams', selected: !query.team },
        ...teams.map((t) => ({ value: t, text: t, selected: t === query.team })),
      ],
      count: rows.length,
      isCut: rows.length > ROWS_SHOWN,
      rowsShown: ROWS_SHOWN,
      columns: table.columns.map((c) => c.heading),
      cells: tableCells(table),
      exportLinks: exportLinks(`/measures/working-lists/${list.id}/export`, {
        la: chosen.la,
        asAt: now,
        team: query.team,
      }),
    });
  });

  app.get('/measures/working-lists/:id/export', CHILDREN, async (request, reply) => {
    const { id } = MeasureParams.parse(request.params);
    const { format } = FormatQuery.parse(request.query);
    const query = ListQuery.parse(request.query);
    const { chosen, now, list, rows } = await workingListOf(request, id, query);
    return sendExport(reply, workingListTable(list.title, rows), format, [
      list.id,
      chosen.la,
      now.replace(':', ''),
      ...(query.team ? [query.team] : []),
    ]);
  });

  app.get('/measures/imports', IMPORT, async (request, reply) => importsPage(request, reply, {}));

  app.get('/measures/imports/:id', IMPORT, async (request, reply) => {
    const { id } = ImportParams.parse(request.params);
    const { page } = FindingsQuery.parse(request.query);
    const result = await childRecords.importWithFindings(id, page, request.context);
    const table = findingsTable(`Findings of import ${id}`, result.findings);
    return sendPage(render, request, reply, 'pages/measures/import.njk', {
      title: `Import ${id}: ${SOURCE_LABELS[result.import.source as ReturnSource] ?? result.import.source}, authority ${result.import.la}`,
      breadcrumbs: [
        { text: 'Statutory measures', href: '/measures' },
        { text: 'Imports', href: '/measures/imports' },
      ],
      import: importView(result.import),
      page,
      pages: result.pages,
      firstNumber: (page - 1) * FINDINGS_PER_PAGE + 1,
      previousHref: page > 1 ? `/measures/imports/${id}?page=${page - 1}` : null,
      nextHref: page < result.pages ? `/measures/imports/${id}?page=${page + 1}` : null,
      columns: table.columns.map((c) => c.heading),
      cells: tableCells(table),
      exportLinks: exportLinks(`/measures/imports/${id}/export`),
    });
  });

  app.get('/measures/imports/:id/export', IMPORT, async (request, reply) => {
    const { id } = ImportParams.parse(request.params);
    const { format } = FormatQuery.parse(request.query);
    const first = await childRecords.importWithFindings(id, 1, request.context);
    const findings = [...first.findings];
    for (let page = 2; page <= first.pages; page++)
      findings.push(...(await childRecords.importWithFindings(id, page, request.context)).findings);
    return sendExport(reply, findingsTable(`Findings of import ${id}`, findings), format, [
      'findings',
      `import-${id}`,
      first.import.source,
      first.import.la,
    ]);
  });

  // Uploads: in their own scope, so multipart parsing applies to this route only.
  void app.register(async (scope) => {
    await acceptFilesInMemory(scope, {
      fileSize: RETURN_UPLOAD_LIMIT_BYTES,
      files: RETURN_UPLOAD_FILES,
      fields: 6,
      fieldSize: 1000,
      parts: RETURN_UPLOAD_FILES + 6,
    });

    scope.post('/measures/imports', IMPORT, async (request, reply) => {
      const raw = (request.body ?? {}) as Record<string, unknown>;
      const files = uploadedFiles(raw.files);
      const body = ImportBody.safeParse(raw);
      const entered = {
        source: String(raw.source ?? ''),
        la: String(raw.la ?? ''),
        asAt: String(raw.asAt ?? ''),
      };
      const problems: { field: string; text: string }[] = [];
      if (!body.success)
        for (const issue of body.error.issues) {
          const field = String(issue.path[0] ?? 'source');
          problems.push({
            field,
            text: field === 'source' ? issue.message : `${FIELD_LABELS[field] ?? field} ${issue.message}`,
          });
        }
      if (!files.length) problems.push({ field: 'files', text: 'Choose the file or files of the return.' });
      const tooLarge = files.find((f) => f.isTooLarge);
      if (tooLarge)
        problems.push({
          field: 'files',
          text: `${tooLarge.fileName} is larger than 100 MB, the most this page accepts, so it was not read. Import it with the command line (scorecard import).`,
        });
      if (problems.length || !body.success)
        return importsPage(request, reply.status(tooLarge ? 413 : 400), { problems, entered });
      try {
        const done = await childRecords.importReturn(
          {
            source: body.data.source,
            files: files.map((f) => ({ name: f.fileName, bytes: f.bytes })),
            ...(body.data.la ? { la: body.data.la } : {}),
            ...(body.data.asAt ? { asAt: body.data.asAt } : {}),
          },
          request.context,
        );
        return importsPage(request, reply, { done });
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'validation') throw error;
        return importsPage(request, reply.status(400), { refused: error.message, entered });
      }
    });
  });

  async function importsPage(
    request: FastifyRequest,
    reply: FastifyReply,
    locals: {
      problems?: { field: string; text: string }[];
      entered?: { source: string; la: string; asAt: string };
      done?: StoredReturn;
      refused?: string;
    },
  ) {
    const imports = await childRecords.imports(request.context);
    const problems = locals.problems ?? [];
    const entered = locals.entered ?? { source: '', la: '', asAt: '' };
    return sendPage(render, request, reply, 'pages/measures/imports.njk', {
      title: 'Import child-level returns',
      breadcrumbs: [{ text: 'Statutory measures', href: '/measures' }],
      uploadLimit: '100 MB',
      errors: problems.length
        ? {
            summary: problems.map((p) => ({ text: p.text, href: `#${p.field}` })),
            fields: Object.fromEntries(problems.map((p) => [p.field, { text: p.text }])),
          }
        : null,
      entered,
      sources: RETURN_SOURCES.map((s) => ({
        value: s,
        text: UPLOAD_LABELS[s],
        checked: s === entered.source,
      })),
      done: locals.done
        ? {
            ...locals.done,
            records: recordCountsText(locals.done.recordCounts),
            href: `/measures/imports/${locals.done.importId}`,
          }
        : null,
      refused: locals.refused ?? null,
      imports: imports.map(importView),
    });
  }

  app.get('/measures/:id', READ, async (request, reply) => {
    const { id } = MeasureParams.parse(request.params);
    const definition = definitionOf(id);
    const chosen = await choose(request, FigureQuery.parse(request.query));
    const seeChildren = canSeeChildren(request);
    const [figure, trend, written] = await Promise.all([
      figureOf(request, id, chosen),
      Promise.all(
        trendMonths(chosen.period).map(async (month) => ({
          month,
          line: (await figureOf(request, id, { ...chosen, breakdown: 'none' }, month)).aggregate.total,
        })),
      ),
      readDefinition(id),
    ]);
    const query = figureQuery(chosen);
    return sendPage(render, request, reply, 'pages/measures/measure.njk', {
      title: `${definition.title}, ${chosen.period.label}, authority ${chosen.la}`,
      breadcrumbs: [{ text: 'Statutory measures', href: `/measures?${queryString(query)}` }],
      action: `/measures/${id}`,
      measure: measureSummaryView(definition),
      period: chosen.period,
      la: chosen.la,
      filter: filterView(chosen),
      breakdownLabel: BREAKDOWN_LABELS[chosen.breakdown],
      total: lineView(definition, figure.aggregate.total, query, seeChildren),
      items: figure.aggregate.items.map((line) => lineView(definition, line, query, seeChildren)),
      trend: trend.map(({ month, line }) => ({
        period: month.label,
        href: `/measures/${id}?${queryString({ la: chosen.la, period: month.code, breakdown: chosen.breakdown })}`,
        // Each month's links are named for the month, not 'Total', so that they can be told apart.
        ...lineView(
          definition,
          { ...line, label: month.label },
          { ...query, period: month.code, breakdown: 'none' },
          seeChildren,
        ),
      })),
      settings: JSON.stringify(childRecords.settings, null, 2),
      definitionText: written,
      definitionPath: `docs/measures/${id}.md`,
      canSeeChildren: seeChildren,
    });
  });

  async function rowsOf(request: FastifyRequest, id: string, query: z.output<typeof RowsQuery>) {
    const definition = definitionOf(id);
    const chosen = await choose(request, query);
    const item = chosen.breakdown === 'none' ? TOTAL_ITEM : query.item;
    const result = await childRecords.rowsBehind(
      {
        la: chosen.la,
        measureId: id,
        period: chosen.period,
        breakdown: chosen.breakdown,
        item,
        part: query.part,
      },
      request.context,
    );
    const itemText = item === TOTAL_ITEM ? 'all children' : `${BREAKDOWN_LABELS[chosen.breakdown]}: ${item}`;
    const what = `${PART_LABELS[query.part]}: ${definition.title}`;
    return { chosen, item, itemText, what, ...result };
  }

  app.get('/measures/:id/children', CHILDREN, async (request, reply) => {
    const { id } = MeasureParams.parse(request.params);
    const query = RowsQuery.parse(request.query);
    const { definition, chosen, item, itemText, what, rows, records } = await rowsOf(request, id, query);
    const table = rowsBehindTable(definition, rows.slice(0, ROWS_SHOWN), records, definition.title);
    const figure = figureQuery(chosen);
    return sendPage(render, request, reply, 'pages/measures/children.njk', {
      title: `${what}, ${chosen.period.label}, authority ${chosen.la}`,
      breadcrumbs: [
        { text: 'Statutory measures', href: `/measures?${queryString(figure)}` },
        { text: definition.title, href: `/measures/${id}?${queryString(figure)}` },
      ],
      what,
      place: `Authority ${chosen.la}, ${chosen.period.label}, ${itemText}`,
      partLabel: query.part === 'numerator' ? definition.numeratorLabel : definition.denominatorLabel,
      isLeftOut: query.part === 'left_out',
      count: rows.length,
      isCut: rows.length > ROWS_SHOWN,
      rowsShown: ROWS_SHOWN,
      columns: table.columns.map((c) => c.heading),
      cells: tableCells(table),
      exportLinks: exportLinks(`/measures/${id}/children/export`, { ...figure, item, part: query.part }),
    });
  });

  app.get('/measures/:id/children/export', CHILDREN, async (request, reply) => {
    const { id } = MeasureParams.parse(request.params);
    const { format } = FormatQuery.parse(request.query);
    const query = RowsQuery.parse(request.query);
    const { definition, chosen, item, rows, records } = await rowsOf(request, id, query);
    return sendExport(reply, rowsBehindTable(definition, rows, records, definition.title), format, [
      id,
      query.part,
      chosen.la,
      chosen.period.code.replace('..', '-to-'),
      ...(item === TOTAL_ITEM ? [] : [chosen.breakdown, item]),
    ]);
  });

  // The JSON API over the same services and the same choice of defaults.
  app.get('/api/measures', READ, async () => ({
    measures: MEASURES.map((m) => ({ ...measureJson(m), href: `/api/measures/${m.id}` })),
    breakdowns: BREAKDOWN_KINDS,
  }));

  app.get('/api/measures/:id', READ, async (request) => {
    const { id } = MeasureParams.parse(request.params);
    const definition = definitionOf(id);
    const chosen = await choose(request, FigureQuery.parse(request.query));
    const { aggregate } = await figureOf(request, id, chosen);
    return {
      measure: measureJson(definition),
      la: chosen.la,
      period: periodJson(chosen.period),
      breakdown: chosen.breakdown,
      total: lineJson(definition, aggregate.total),
      items: aggregate.items.map((line) => lineJson(definition, line)),
    };
  });

  app.get('/api/measures/:id/children', CHILDREN, async (request) => {
    const { id } = MeasureParams.parse(request.params);
    const query = RowsQuery.parse(request.query);
    const { definition, chosen, item, rows, records } = await rowsOf(request, id, query);
    return {
      measure: measureJson(definition),
      la: chosen.la,
      period: periodJson(chosen.period),
      breakdown: chosen.breakdown,
      item,
      part: query.part,
      rows: rows.map((row) => ({
        childId: row.childId,
        team: records.child(row.childId)?.team ?? null,
        kind: row.kind,
        recordKey: row.recordKey,
        dates: row.dates,
        ageAt: row.ageAt,
        inDenominator: row.inDenominator,
        inNumerator: row.inNumerator,
        value: row.value,
        leftOutBecause: row.leftOutBecause,
      })),
    };
  });
}

const FIELD_LABELS: Record<string, string> = { la: 'Authority code', asAt: 'The date' };

function uploadedFiles(value: unknown): UploadedFile[] {
  const all = Array.isArray(value) ? value : [value];
  return all.filter(
    (file): file is UploadedFile =>
      !!file &&
      typeof file === 'object' &&
      'bytes' in file &&
      ((file as UploadedFile).bytes.length > 0 || !!(file as UploadedFile).fileName),
  );
}

function importView(i: Awaited<ReturnType<Services['childRecords']['imports']>>[number]) {
  return {
    id: i.id,
    href: `/measures/imports/${i.id}`,
    when: i.createdAt,
    source: SOURCE_LABELS[i.source],
    la: i.la,
    asAt: dateText(i.asAt),
    files: i.fileNames,
    records: recordCountsText(i.recordCounts),
    findings: i.findingCount,
    errors: i.errorCount,
    by: i.createdBy,
  };
}

/** The measure's written definition, or null while it is not written. The id is a catalogue id, never a path. */
async function readDefinition(id: string): Promise<string | null> {
  try {
    return await readFile(new URL(`../../../docs/measures/${id}.md`, import.meta.url), 'utf8');
  } catch {
    return null;
  }
}

function measureJson(m: MeasureDefinition) {
  return {
    id: m.id,
    title: m.title,
    summary: m.summary,
    kind: m.kind,
    polarity: m.polarity,
    numeratorLabel: m.numeratorLabel,
    denominatorLabel: m.denominatorLabel,
    source: m.source,
  };
}

const periodJson = (p: Period) => ({ code: p.code, label: p.label, start: p.start, end: p.end });

function lineJson(
  definition: MeasureDefinition,
  line: {
    item: string;
    label: string;
    numerator: number;
    denominator: number;
    value: number | null;
    leftOut: number;
  },
) {
  return { ...line, text: formatFigure(definition.kind, line.value) };
}

const QUERY_PARAMETERS = [
  {
    name: 'la',
    in: 'query',
    required: false,
    schema: { type: 'string', examples: ['330'] },
    description: "The authority's DfE code; by default the council's own when held, else the largest held",
  },
  {
    name: 'period',
    in: 'query',
    required: false,
    schema: { type: 'string', examples: ['2024-01', '2023-24-Q4', 'FY2023-24', '2023-02..2024-01'] },
    description:
      'A month, a financial quarter, a financial year or 12 months; by default the latest month the records reach wholly',
  },
  { name: 'breakdown', in: 'query', required: false, schema: { type: 'string', enum: [...BREAKDOWN_KINDS] } },
];

/** The measures' part of the OpenAPI document. */
export const MEASURES_API_PATHS = {
  '/api/measures': {
    get: {
      summary:
        'The statutory measures computed from child-level records: id, title, kind, polarity, labels, source',
      responses: { 200: { description: 'The catalogue of measures' } },
    },
  },
  '/api/measures/{id}': {
    get: {
      summary:
        "A measure's figure for an authority, period and breakdown: the total and each item, with numerator, denominator and records left out",
      parameters: [
        { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
        ...QUERY_PARAMETERS,
      ],
      responses: {
        200: { description: 'The figure' },
        400: { description: 'Not a period or breakdown' },
        404: { description: 'No such measure' },
      },
    },
  },
  '/api/measures/{id}/children': {
    get: {
      summary:
        'The records behind one part of one line of a figure, naming children (needs children:read; every call is audited)',
      parameters: [
        { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
        ...QUERY_PARAMETERS,
        {
          name: 'item',
          in: 'query',
          required: false,
          schema: { type: 'string', default: TOTAL_ITEM },
          description: 'The breakdown item (a team name, an age band such as 1_to_4)',
        },
        {
          name: 'part',
          in: 'query',
          required: false,
          schema: { type: 'string', enum: ['numerator', 'denominator', 'left_out'], default: 'denominator' },
        },
      ],
      responses: {
        200: { description: 'The rows' },
        400: { description: 'Not a period or breakdown' },
        404: { description: 'No such measure' },
      },
    },
  },
};
