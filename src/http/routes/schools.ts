import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { OptionalShortText } from '../query-schemas.ts';
import { can } from '../../domain/permissions.ts';
import { REPORT_CARD_AREAS, REPORT_CARD_GRADES } from '../../domain/schools/inspection.ts';
import { MOVEMENT_KINDS, MOVEMENT_LABELS, countMovements } from '../../domain/schools/movements.ts';
import { POSITION_COLUMNS, type CountSelector } from '../../domain/schools/position.ts';
import { GOVERNANCES, PHASES } from '../../domain/schools/school.ts';
import { AppError, describeIssue } from '../../errors.ts';
import { MI_LAYOUT_LABELS, type MiLayout } from '../../import/schools/parse-ofsted-mi.ts';
import type { Services } from '../../services/index.ts';
import type { SchoolFile, SchoolImportResult } from '../../services/schools/import-schools.ts';
import type { Render } from '../../web/render.ts';
import {
  historyView,
  longDate,
  movementView,
  placedSchoolView,
  positionTablesView,
  queryString,
  reportCardTablesView,
  selectorText,
} from '../../web/view-models/schools.ts';
import { acceptFilesInMemory, type UploadedFile } from '../uploads.ts';
import { sendPage } from '../forms.ts';

/**
 * Schools: the Ofsted position of an authority on any day (the four-point
 * tables and the report-card tables), the schools behind every count, a
 * school's page with its inspection history, movements since the last
 * report, and the imports of the register and Ofsted's files. Reading needs
 * 'schools:read'; importing and recording the position as the indicator
 * 'schools:write'. See docs/schools.md.
 */

const READ = { config: { access: 'schools:read' as const } };
const WRITE = { config: { access: 'schools:write' as const } };

/** The largest file the upload forms accept (a national GIAS file is about 60 MB). */
export const SCHOOL_UPLOAD_LIMIT_BYTES = 100 * 1024 * 1024;

/** One authority (?la=330), several pooled (?la=330&la=331, or ?la=330,331), or none (the page chooses). */
const laCodes = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) =>
    (v === undefined ? [] : Array.isArray(v) ? v : [v])
      .flatMap((code) => code.split(','))
      .map((code) => code.trim())
      .filter(Boolean)
      .slice(0, 200),
  );

const PositionQuery = z.object({
  la: laCodes,
  asAt: OptionalShortText,
  view: z.enum(['grades', 'report-cards']).optional(),
  /** Set after recording the position as the indicator: the month recorded. */
  recorded: OptionalShortText,
});

const ListQuery = z.object({
  la: laCodes,
  asAt: OptionalShortText,
  view: z.enum(['grades', 'report-cards', 'not-graded']).default('grades'),
  governance: z.enum([...GOVERNANCES, 'all']).default('all'),
  phase: z.enum([...PHASES, 'total']).default('total'),
  column: z.enum([...POSITION_COLUMNS, 'total']).default('total'),
  area: z.enum([...REPORT_CARD_AREAS, 'safeguarding', 'any']).default('any'),
  grade: z.enum([...REPORT_CARD_GRADES, 'met', 'not_met', 'any']).default('any'),
});

const MovementsQuery = z.object({ la: laCodes, from: OptionalShortText, to: OptionalShortText });
const SchoolParams = z.object({ urn: z.coerce.number().int().positive().max(9_999_999) });
const SchoolQuery = z.object({ asAt: OptionalShortText });
const RecordBody = z.object({ la: z.string().trim().min(1).max(10), asAt: z.string().trim().max(20) });

export function registerSchoolPages(
  app: FastifyInstance,
  services: Pick<Services, 'schools'>,
  render: Render,
) {
  const schools = services.schools;

  /** The authorities asked for, or the one with the most schools in the register; null when it is empty. */
  async function chosenAuthorities(request: FastifyRequest, asked: string[]): Promise<string[] | null> {
    if (asked.length) return asked;
    const authorities = await schools.authorities(request.context);
    if (!authorities.length) return null;
    return [[...authorities].sort((a, b) => b.schools - a.schools)[0]!.laCode];
  }

  const emptyRegister = (request: FastifyRequest, reply: FastifyReply) =>
    sendPage(render, request, reply, 'pages/schools/empty.njk', {
      title: 'Schools',
      canWrite: can(request.signedIn?.actor ?? null, 'schools:write'),
    });

  app.get('/schools', READ, async (request, reply) => {
    const query = PositionQuery.parse(request.query);
    const la = await chosenAuthorities(request, query.la);
    if (!la) return emptyRegister(request, reply);
    const result = await schools.position({ laCodes: la, asAt: query.asAt }, request.context);
    const { position } = result;
    const asAt = position.asAt;
    const place = result.authorities.map((a) => a.laName).join(', ');
    const view = query.view ?? 'grades';
    const authorities = await schools.authorities(request.context);
    return sendPage(render, request, reply, 'pages/schools/position.njk', {
      title: `Ofsted position, ${place}, ${longDate(asAt)}`,
      place,
      la,
      asAt,
      asAtText: longDate(asAt),
      view,
      authorities: authorities.map((a) => ({
        value: a.laCode,
        text: `${a.laName} (${a.laCode})`,
        selected: la.includes(a.laCode),
      })),
      isIllustrative: result.isIllustrative,
      tables: view === 'grades' ? positionTablesView(position, { laCodes: la, asAt }) : [],
      reportCards: view === 'report-cards' ? reportCardTablesView(position, { laCodes: la, asAt }) : [],
      summary: position.summary,
      notGradedHref: `/schools/list?${queryString({ la, asAt, view: 'not-graded' })}`,
      gradesHref: `/schools?${queryString({ la, asAt })}`,
      reportCardsHref: `/schools?${queryString({ la, asAt, view: 'report-cards' })}`,
      movementsHref: `/schools/movements?${queryString({ la, to: asAt })}`,
      reports: result.reports.map((r) => ({
        text: longDate(r.asAt),
        href: `/schools?${queryString({ la, asAt: r.asAt })}`,
        isCurrent: r.asAt === asAt,
      })),
      canWrite: can(request.signedIn?.actor ?? null, 'schools:write') && la.length === 1,
      recorded: query.recorded ?? null,
    });
  });

  app.get('/schools/list', READ, async (request, reply) => {
    const query = ListQuery.parse(request.query);
    const la = await chosenAuthorities(request, query.la);
    if (!la) return emptyRegister(request, reply);
    const selector: CountSelector =
      query.view === 'not-graded'
        ? { view: 'not_graded', governance: query.governance }
        : query.view === 'report-cards'
          ? { view: 'report_cards', governance: query.governance, area: query.area, grade: query.grade }
          : { view: 'grades', governance: query.governance, phase: query.phase, column: query.column };
    const result = await schools.schoolsBehind({ laCodes: la, asAt: query.asAt, selector }, request.context);
    const asAt = result.position.asAt;
    const place = result.authorities.map((a) => a.laName).join(', ');
    const what = selectorText(selector);
    const back = `/schools?${queryString({ la, asAt, view: query.view === 'report-cards' ? 'report-cards' : undefined })}`;
    return sendPage(render, request, reply, 'pages/schools/list.njk', {
      title: `${what}: ${place}, ${longDate(asAt)}`,
      what,
      place,
      asAtText: longDate(asAt),
      isIllustrative: result.isIllustrative,
      isReportCards: selector.view === 'report_cards',
      schools: result.schools.map((p) => placedSchoolView(p, asAt)),
      breadcrumbs: [{ text: 'Schools', href: back }],
    });
  });

  app.get('/schools/movements', READ, async (request, reply) => {
    const query = MovementsQuery.parse(request.query);
    const la = await chosenAuthorities(request, query.la);
    if (!la) return emptyRegister(request, reply);
    const result = await schools.movements({ laCodes: la, from: query.from, to: query.to }, request.context);
    const place = result.authorities.map((a) => a.laName).join(', ');
    const counts = countMovements(result.movements);
    const lastReport = result.reports.find((r) => r.asAt === result.from);
    return sendPage(render, request, reply, 'pages/schools/movements.njk', {
      title: `Movements, ${place}, ${longDate(result.from)} to ${longDate(result.to)}`,
      place,
      la,
      from: result.from,
      to: result.to,
      fromText: longDate(result.from),
      toText: longDate(result.to),
      isSinceReport: lastReport !== undefined && query.from === undefined,
      isIllustrative: result.isIllustrative,
      counts: MOVEMENT_KINDS.map((k) => ({ label: MOVEMENT_LABELS[k], count: counts[k] })),
      movements: result.movements.map((m) => movementView(m, result.to)),
      breadcrumbs: [{ text: 'Schools', href: `/schools?${queryString({ la, asAt: result.to })}` }],
    });
  });

  app.get('/schools/import', WRITE, async (request, reply) => importPage(request, reply, {}));

  app.post('/schools/position', WRITE, async (request, reply) => {
    const body = RecordBody.safeParse(request.body ?? {});
    if (!body.success)
      throw new AppError('validation', 'Choose an authority and a day to record.', [
        { field: 'asAt', message: 'is required' },
      ]);
    const result = await schools.recordPosition(
      { laCode: body.data.la, asAt: body.data.asAt },
      request.context,
    );
    return reply.redirect(
      `/schools?${queryString({ la: body.data.la, asAt: result.asAt, recorded: result.period })}`,
      303,
    );
  });

  // Uploads: in their own scope, so multipart parsing applies to these routes only.
  void app.register(async (scope) => {
    await acceptFilesInMemory(scope, {
      fileSize: SCHOOL_UPLOAD_LIMIT_BYTES,
      files: 2,
      fields: 5,
      fieldSize: 1000,
      parts: 8,
    });

    scope.post('/schools/import/register', WRITE, async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const establishments = uploaded(body.establishments);
      const links = uploaded(body.links);
      const problem =
        uploadProblem(establishments, 'establishments', 'the GIAS establishment file') ??
        (links ? uploadProblem(links, 'links', 'the links file') : null);
      if (problem) return importPage(request, reply.status(problem.status), { error: problem });
      return runImport(request, reply, 'register', () =>
        schools.importRegister(
          { establishments: establishments!, links: links ?? undefined },
          request.context,
        ),
      );
    });

    scope.post('/schools/import/inspections', WRITE, async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const file = uploaded(body.inspections);
      const problem = uploadProblem(file, 'inspections', 'Ofsted’s management-information file');
      if (problem) return importPage(request, reply.status(problem.status), { error: problem });
      return runImport(request, reply, 'inspections', () =>
        schools.importInspections(file!, request.context),
      );
    });
  });

  app.get('/schools/:urn', READ, async (request, reply) => {
    const { urn } = SchoolParams.parse(request.params);
    const { asAt } = SchoolQuery.parse(request.query);
    const result = await schools.school(urn, { asAt }, request.context);
    const view = placedSchoolView(result.placed, result.asAt);
    const seen = new Set<string>();
    const links = result.links.filter((l) => {
      const key = `${l.otherUrn}|${l.type.toLowerCase()}`;
      return !seen.has(key) && seen.add(key);
    });
    return sendPage(render, request, reply, 'pages/schools/school.njk', {
      title: `${result.school.name} (URN ${urn})`,
      school: result.school,
      view,
      placement: result.placed.placement,
      reason: result.placed.classification.isInScope ? '' : result.placed.classification.reason,
      asAt: result.asAt,
      asAtText: longDate(result.asAt),
      openDate: result.school.openDate ? longDate(result.school.openDate) : '',
      closeDate: result.school.closeDate ? longDate(result.school.closeDate) : '',
      history: historyView(result.history, urn, result.names),
      links: links.map((l) => ({
        type: l.type,
        date: l.linkDate ? longDate(l.linkDate) : '',
        name: l.otherName ?? 'Not in the register',
        href: l.otherName ? `/schools/${l.otherUrn}` : null,
        urn: l.otherUrn,
        carriesJudgement: l.carriesJudgement,
      })),
      breadcrumbs: [
        { text: 'Schools', href: `/schools?${queryString({ la: result.school.laCode, asAt: result.asAt })}` },
      ],
    });
  });

  async function runImport(
    request: FastifyRequest,
    reply: FastifyReply,
    kind: 'register' | 'inspections',
    run: () => Promise<SchoolImportResult>,
  ) {
    try {
      const result = await run();
      return importPage(request, reply, { done: { kind, ...result } });
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'validation') throw error;
      return importPage(request, reply.status(400), {
        refused: { kind, message: error.message, problems: error.issues.map((i) => describeIssue(i)) },
      });
    }
  }

  async function importPage(
    request: FastifyRequest,
    reply: FastifyReply,
    locals: {
      error?: { field: string; text: string };
      done?: SchoolImportResult & { kind: 'register' | 'inspections' };
      refused?: { kind: 'register' | 'inspections'; message: string; problems: string[] };
    },
  ) {
    const imports = await schools.imports(request.context);
    return sendPage(render, request, reply, 'pages/schools/import.njk', {
      title: 'Import schools and inspection outcomes',
      breadcrumbs: [{ text: 'Schools', href: '/schools' }],
      uploadLimit: '100 MB',
      errors: locals.error
        ? {
            summary: [{ text: locals.error.text, href: `#${locals.error.field}` }],
            fields: { [locals.error.field]: { text: locals.error.text } },
          }
        : null,
      done: locals.done ?? null,
      refused: locals.refused ?? null,
      layouts: Object.values(MI_LAYOUT_LABELS),
      imports: imports.map((i) => ({
        when: i.createdAt,
        kind: i.kind === 'register' ? 'Register' : 'Inspections',
        fileName: i.fileName,
        layout: i.layout ? (MI_LAYOUT_LABELS[i.layout as MiLayout] ?? i.layout) : '',
        rows: i.rowsRead,
        created: i.created,
        updated: i.updated,
        unchanged: i.unchanged,
        links: i.links,
        by: i.createdBy,
      })),
    });
  }
}

function uploaded(value: unknown): (SchoolFile & { isTooLarge: boolean }) | null {
  if (!value || typeof value !== 'object' || !('bytes' in value)) return null;
  const file = value as UploadedFile;
  if (file.bytes.length === 0 && !file.fileName) return null;
  return { fileName: file.fileName || 'upload.csv', bytes: file.bytes, isTooLarge: file.isTooLarge };
}

function uploadProblem(
  file: (SchoolFile & { isTooLarge: boolean }) | null,
  field: string,
  what: string,
): { field: string; text: string; status: number } | null {
  if (!file) return { field, text: `Choose ${what} to import.`, status: 400 };
  if (file.isTooLarge)
    return {
      field,
      text: `${file.fileName} is larger than 100 MB, the most this page accepts, so it was not read. Import it with the command line (scorecard schools).`,
      status: 413,
    };
  if (file.bytes.length === 0) return { field, text: `${file.fileName} is empty.`, status: 400 };
  return null;
}
