import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { OptionalShortText } from '../query-schemas.ts';
import { longDay } from '../../domain/improvement/dates.ts';
import { FLAG_LABELS, FLAGS } from '../../domain/improvement/plan.ts';
import { allowedStatusesText, labelOf } from '../../domain/improvement/rag.ts';
import {
  heatMap,
  IMPACT_LABELS,
  LIKELIHOOD_LABELS,
  SCALE,
  scoreOf,
  BAND_LABELS,
} from '../../domain/improvement/risks.ts';
import { countsSentence } from '../../domain/improvement/roll-up.ts';
import { formatValue } from '../../domain/format.ts';
import { can } from '../../domain/permissions.ts';
import { AppError, describeIssue, type Issue } from '../../errors.ts';
import type { ExportTable } from '../../export/table-export.ts';
import type { Services } from '../../services/index.ts';
import { today } from '../../services/improvement/read-plan.ts';
import type { Render } from '../../web/render.ts';
import {
  countsView,
  dayText,
  itemHref,
  positionView,
  reportedView,
  riskView,
  rollUpCharts,
  statusTag,
  updateView,
} from '../../web/view-models/improvement.ts';
import { acceptFilesInMemory, type UploadedFile } from '../uploads.ts';
import { sendPage, type FormErrors } from '../forms.ts';
import { exportLinks, FormatQuery, sendExport } from '../send-export.ts';

/**
 * The improvement programme: plans (workstreams, projects, actions) on any
 * day with their roll-ups and flags, each item with its progress history
 * and the form its lead posts progress with, the printable board report,
 * the updates due per lead, plan imports, and the risk register with its
 * heat map. Reading needs 'plans:read'; importing, recording a board and
 * keeping risks 'plans:write'; posting progress 'plans:progress' (a lead:
 * the items they lead). See docs/improvement.md.
 */

const READ = { config: { access: 'plans:read' as const } };
const WRITE = { config: { access: 'plans:write' as const } };
const PROGRESS = { config: { access: 'plans:progress' as const } };

export const PLAN_UPLOAD_LIMIT_BYTES = 5 * 1024 * 1024;

const PlanParams = z.object({ plan: z.string().trim().min(1).max(40) });
const ItemParams = PlanParams.extend({ ref: z.string().trim().min(1).max(40) });
const AsAtQuery = z.object({ asAt: OptionalShortText });
const BoardQuery = z.object({ on: OptionalShortText });

const LABELS: Record<string, string> = {
  status: 'Status',
  narrative: 'Progress',
  nextSteps: 'Next steps',
  reportedOn: 'Day reported',
  on: 'Day of the board',
  title: 'Title',
  ref: 'Reference',
  startsOn: 'Start date',
  updateCycleDays: 'Days between updates',
  file: 'File',
  lead: 'Lead',
  email: 'Email address',
  owner: 'Owner',
  cause: 'Cause',
  consequence: 'Consequence',
  mitigations: 'Mitigations',
  reviewOn: 'Review date',
  itemRefs: 'Linked projects',
  inherentLikelihood: 'Likelihood before mitigation',
  inherentImpact: 'Impact before mitigation',
  residualLikelihood: 'Likelihood now',
  residualImpact: 'Impact now',
  targetLikelihood: 'Target likelihood',
  targetImpact: 'Target impact',
};

/** A refused form's problems beside its fields, in words (see src/http/forms.ts formErrorsOf). */
function formErrors(error: unknown): FormErrors {
  if (!(error instanceof AppError) || error.code !== 'validation') throw error;
  const issues: Issue[] = error.issues.length ? error.issues : [{ field: '', message: error.message }];
  const text = (i: Issue) =>
    i.field && LABELS[i.field] ? `${LABELS[i.field]} ${i.message}` : describeIssue(i);
  return {
    summary: issues.map((i) => ({ text: text(i), href: `#${LABELS[i.field] ? i.field : 'main-content'}` })),
    fields: Object.fromEntries(
      issues.filter((i) => LABELS[i.field]).map((i) => [i.field, { text: text(i) }]),
    ),
  };
}

const formBody = (request: FastifyRequest) => (request.body ?? {}) as Record<string, unknown>;

export function registerImprovementPages(
  app: FastifyInstance,
  services: Pick<Services, 'improvement' | 'indicator'>,
  render: Render,
) {
  const improvement = services.improvement;
  const mayWrite = (request: FastifyRequest) => can(request.signedIn?.actor ?? null, 'plans:write');

  app.get('/improvement', READ, async (request, reply) => {
    const plans = await improvement.plans(request.context);
    const summaries = [];
    for (const plan of plans) {
      const view = await improvement.plan({ ref: plan.ref }, request.context);
      summaries.push({
        ref: plan.ref,
        href: `/improvement/${encodeURIComponent(plan.ref)}`,
        title: plan.title,
        startsOn: longDay(plan.startsOn),
        projects: view.rollUp.project.total,
        actions: view.rollUp.action.total,
        projectsSentence: countsSentence(view.rollUp.project, plan.definitions),
      });
    }
    return sendPage(render, request, reply, 'pages/improvement/plans.njk', {
      title: 'Improvement plans',
      plans: summaries,
      canWrite: mayWrite(request),
    });
  });

  app.get('/improvement/import', WRITE, async (request, reply) => importPage(request, reply, {}));

  app.get('/improvement/:plan', READ, async (request, reply) => {
    const { plan: ref } = PlanParams.parse(request.params);
    const { asAt } = AsAtQuery.parse(request.query);
    const view = await improvement.plan({ ref, asAt }, request.context);
    const { plan } = view;
    const when = longDay(view.asAt);
    const workstreams = view.positions
      .filter((p) => p.item.level === 'workstream')
      .map((w) => ({
        ...positionView(w, plan),
        projects: view.positions
          .filter((p) => p.item.parentId === w.item.id)
          .map((p) => ({
            ...positionView(p, plan),
            actions: view.rollUp.projects.get(p.item.id)?.total ?? 0,
            actionsSentence: countsSentence(view.rollUp.projects.get(p.item.id)!, plan.definitions),
          })),
      }));
    const flagged = FLAGS.map((flag) => ({
      label: FLAG_LABELS[flag],
      count: view.positions.filter((p) => p.flags.includes(flag)).length,
    }));
    return sendPage(render, request, reply, 'pages/improvement/plan.njk', {
      title: plan.title,
      plan: {
        ref: plan.ref,
        title: plan.title,
        startsOn: longDay(plan.startsOn),
        cycle: plan.updateCycleDays,
        source: plan.source,
      },
      asAt: view.asAt,
      asAtText: when,
      isToday: view.asAt === today(),
      projects: countsView(view.rollUp.project, plan.definitions),
      actions: countsView(view.rollUp.action, plan.definitions),
      charts: rollUpCharts(view.rollUp, plan.definitions, when),
      flagged,
      definitions: plan.definitions.map((d) => ({ ...statusTag(d.code, plan.definitions) })),
      workstreams,
      boards: view.boardReports.map((b) => ({
        on: dayText(b.boardOn),
        href: `/improvement/${encodeURIComponent(plan.ref)}/board?on=${b.boardOn}`,
      })),
      boardHref: `/improvement/${encodeURIComponent(plan.ref)}/board?on=${view.asAt}`,
      leadsHref: `/improvement/${encodeURIComponent(plan.ref)}/leads?asAt=${view.asAt}`,
      exports: exportLinks(`/improvement/${encodeURIComponent(plan.ref)}/export`, { asAt: view.asAt }),
      breadcrumbs: [{ text: 'Improvement plans', href: '/improvement' }],
    });
  });

  async function statusesPage(
    request: FastifyRequest,
    reply: FastifyReply,
    ref: string,
    extra: { values?: Record<string, unknown>; errors?: FormErrors; saved?: boolean } = {},
  ) {
    const view = await improvement.plan({ ref }, request.context);
    const { plan } = view;
    const value = (key: string, fallback: string) =>
      typeof extra.values?.[key] === 'string' ? (extra.values[key] as string) : fallback;
    return sendPage(render, request, reply, 'pages/improvement/statuses.njk', {
      title: `Statuses: ${plan.title}`,
      plan: { ref: plan.ref, title: plan.title, href: `/improvement/${encodeURIComponent(plan.ref)}` },
      statuses: plan.definitions.map((d) => ({
        code: d.code,
        tag: statusTag(d.code, plan.definitions),
        label: value(`${d.code}-label`, d.label),
        meaning: value(`${d.code}-meaning`, d.meaning),
        colour: value(`${d.code}-colour`, d.colour),
        rules: [
          d.isComplete ? 'counts as complete (never past its target date)' : 'not complete',
          d.isClosed ? 'closes the item (no more updates due)' : '',
          d.isOffTrack ? 'off track (flagged as an exception)' : '',
        ].filter(Boolean),
      })),
      canWrite: mayWrite(request),
      errors: extra.errors ?? null,
      saved: extra.saved ?? false,
      breadcrumbs: [
        { text: 'Improvement plans', href: '/improvement' },
        { text: plan.title, href: `/improvement/${encodeURIComponent(plan.ref)}` },
      ],
    });
  }

  app.get('/improvement/:plan/statuses', READ, async (request, reply) => {
    const { plan } = PlanParams.parse(request.params);
    return statusesPage(request, reply, plan);
  });

  app.post('/improvement/:plan/statuses', WRITE, async (request, reply) => {
    const { plan } = PlanParams.parse(request.params);
    const body = formBody(request);
    try {
      await improvement.setStatuses({ planRef: plan, input: body }, request.context);
      return statusesPage(request, reply, plan, { saved: true });
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'validation') throw error;
      const errors: FormErrors = {
        summary: error.issues.map((i) => ({
          text: i.field ? `${i.message}` : i.message,
          href: `#${i.field || 'main-content'}`,
        })),
        fields: Object.fromEntries(
          error.issues.filter((i) => i.field).map((i) => [i.field, { text: i.message }]),
        ),
      };
      return statusesPage(request, reply.status(400), plan, { values: body, errors });
    }
  });

  app.get('/improvement/:plan/export', READ, async (request, reply) => {
    const { plan: ref } = PlanParams.parse(request.params);
    const { asAt } = AsAtQuery.parse(request.query);
    const { format } = FormatQuery.parse(request.query);
    const view = await improvement.plan({ ref, asAt }, request.context);
    const byId = new Map(view.items.map((i) => [i.id, i]));
    const table: ExportTable = {
      title: `Plan ${view.plan.ref}`,
      columns: [
        { heading: 'level' },
        { heading: 'ref' },
        { heading: 'parent' },
        { heading: 'title', width: 60 },
        { heading: 'lead', width: 30 },
        { heading: 'deliverables', width: 60 },
        { heading: 'impact', width: 60 },
        { heading: 'target_date' },
        { heading: 'contributes_to' },
        { heading: 'indicators' },
        { heading: 'status' },
        { heading: 'status_since' },
        { heading: 'flags' },
        { heading: 'next_update_due' },
        { heading: 'latest_update_on' },
        { heading: 'latest_progress', width: 80 },
        { heading: 'next_steps', width: 60 },
      ],
      rows: view.positions.map((p) => [
        p.item.level,
        p.item.ref,
        p.item.parentId === null ? '' : (byId.get(p.item.parentId)?.ref ?? ''),
        p.item.title,
        p.item.lead,
        p.item.deliverables,
        p.item.impact,
        p.item.targetDate ?? '',
        p.item.ambitions.join('; '),
        p.item.indicatorRefs.join('; '),
        p.status === null ? '' : labelOf(p.status, view.plan.definitions),
        p.statusSince ?? '',
        p.flags.map((f) => FLAG_LABELS[f]).join('; '),
        p.nextUpdateDue ?? '',
        p.latest?.reportedOn ?? '',
        p.latest?.narrative ?? '',
        p.latest?.nextSteps ?? '',
      ]),
    };
    return sendExport(reply, table, format, ['plan', view.plan.ref, view.asAt]);
  });

  async function boardPage(
    request: FastifyRequest,
    reply: FastifyReply,
    ref: string,
    on: string | undefined,
    errors: FormErrors | null = null,
  ) {
    const board = await improvement.board({ ref, on }, request.context);
    const { plan } = board;
    const when = longDay(board.asAt);
    const projects = board.positions.filter((p) => p.item.level === 'project');
    const exceptions = FLAGS.map((flag) => ({
      label: FLAG_LABELS[flag],
      items: board.positions.filter((p) => p.flags.includes(flag)).map((p) => positionView(p, plan)),
    }));
    return sendPage(render, request, reply, 'pages/improvement/board.njk', {
      title: `Board report: ${plan.title}, ${when}`,
      plan: { ref: plan.ref, title: plan.title, href: `/improvement/${encodeURIComponent(plan.ref)}` },
      on: board.asAt,
      onText: when,
      reported: board.reported ? reportedView(board.reported, plan.definitions) : null,
      isRecorded: board.reported !== null,
      previousBoard: board.previousBoard
        ? { on: dayText(board.previousBoard.boardOn), href: `?on=${board.previousBoard.boardOn}` }
        : null,
      boards: board.boardReports.map((b) => ({
        on: dayText(b.boardOn),
        href: `?on=${b.boardOn}`,
        isCurrent: b.boardOn === board.asAt,
      })),
      projects: countsView(board.rollUp.project, plan.definitions),
      actions: countsView(board.rollUp.action, plan.definitions),
      projectsSentence: countsSentence(board.rollUp.project, plan.definitions),
      actionsSentence: countsSentence(board.rollUp.action, plan.definitions),
      charts: rollUpCharts(board.rollUp, plan.definitions, when),
      exceptions,
      changes: board.changes.map((c) => ({
        ref: c.item.ref,
        href: itemHref(plan.ref, c.item.ref),
        title: c.item.title,
        before: statusTag(c.before, plan.definitions),
        after: statusTag(c.after, plan.definitions),
      })),
      workstreams: board.positions
        .filter((p) => p.item.level === 'workstream')
        .map((w) => ({
          ...positionView(w, plan),
          projects: projects.filter((p) => p.item.parentId === w.item.id).map((p) => positionView(p, plan)),
        })),
      canRecord: mayWrite(request) && !board.reported,
      errors,
      breadcrumbs: [
        { text: 'Improvement plans', href: '/improvement' },
        { text: plan.title, href: `/improvement/${encodeURIComponent(plan.ref)}?asAt=${board.asAt}` },
      ],
    });
  }

  app.get('/improvement/:plan/board', READ, async (request, reply) => {
    const { plan } = PlanParams.parse(request.params);
    const { on } = BoardQuery.parse(request.query);
    return boardPage(request, reply, plan, on);
  });

  app.post('/improvement/:plan/board', WRITE, async (request, reply) => {
    const { plan } = PlanParams.parse(request.params);
    const body = formBody(request);
    try {
      const result = await improvement.recordBoard(
        { planRef: plan, input: { on: body.on, title: body.title } },
        request.context,
      );
      return reply.redirect(`/improvement/${encodeURIComponent(plan)}/board?on=${result.boardOn}`, 303);
    } catch (error) {
      const errors = formErrors(error);
      const on = typeof body.on === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(body.on) ? body.on : undefined;
      return boardPage(request, reply.status(400), plan, on, errors);
    }
  });

  async function leadsPage(
    request: FastifyRequest,
    reply: FastifyReply,
    ref: string,
    asAt: string | undefined,
    extra: { errors?: FormErrors; linked?: string } = {},
  ) {
    const view = await improvement.plan({ ref, asAt }, request.context);
    const leadNames = [
      ...new Set(view.items.filter((i) => i.level !== 'workstream' && i.lead).map((i) => i.lead)),
    ].sort();
    return sendPage(render, request, reply, 'pages/improvement/leads.njk', {
      title: `Updates due by lead: ${view.plan.title}`,
      plan: { ref: view.plan.ref, title: view.plan.title, cycle: view.plan.updateCycleDays },
      asAt: view.asAt,
      asAtText: longDay(view.asAt),
      leads: view.leads.map((l) => ({
        lead: l.lead,
        hasAccount: l.leadUserId !== null,
        nextDue: dayText(l.nextDue),
        overdueCount: l.overdueCount,
        items: l.items.map((i) => ({ ...positionView(i.position, view.plan), isOverdue: i.isOverdue })),
      })),
      leadNames: leadNames.map((name) => ({ value: name, text: name })),
      canWrite: mayWrite(request),
      errors: extra.errors ?? null,
      linked: extra.linked ?? null,
      breadcrumbs: [
        { text: 'Improvement plans', href: '/improvement' },
        { text: view.plan.title, href: `/improvement/${encodeURIComponent(view.plan.ref)}` },
      ],
    });
  }

  app.get('/improvement/:plan/leads', READ, async (request, reply) => {
    const { plan } = PlanParams.parse(request.params);
    const { asAt } = AsAtQuery.parse(request.query);
    return leadsPage(request, reply, plan, asAt);
  });

  app.post('/improvement/:plan/leads', WRITE, async (request, reply) => {
    const { plan } = PlanParams.parse(request.params);
    const body = formBody(request);
    try {
      const result = await improvement.linkLead(
        { planRef: plan, input: { lead: body.lead, email: body.email } },
        request.context,
      );
      const linked = result.userName
        ? `${result.items} items led by ${result.lead} are now ${result.userName}’s to update.`
        : `${result.items} items led by ${result.lead} are no longer linked to an account.`;
      return leadsPage(request, reply, plan, undefined, { linked });
    } catch (error) {
      return leadsPage(request, reply.status(400), plan, undefined, { errors: formErrors(error) });
    }
  });

  async function itemPage(
    request: FastifyRequest,
    reply: FastifyReply,
    params: { plan: string; ref: string },
    extra: { errors?: FormErrors; values?: Record<string, unknown>; posted?: boolean } = {},
  ) {
    const view = await improvement.item({ planRef: params.plan, itemRef: params.ref }, request.context);
    const { plan, position } = view;
    const planHref = `/improvement/${encodeURIComponent(plan.ref)}`;
    const indicators = [];
    for (const ref of position.item.indicatorRefs) indicators.push(await indicatorFigure(request, ref));
    return sendPage(render, request, reply, 'pages/improvement/item.njk', {
      title: `${position.item.ref}: ${position.item.title}`,
      plan: { ref: plan.ref, title: plan.title, href: planHref },
      item: {
        ...positionView(position, plan),
        deliverables: position.item.deliverables,
        impact: position.item.impact,
        ambitions: position.item.ambitions,
        indicators,
        levelLabel: { workstream: 'Workstream', project: 'Project', action: 'Action' }[position.item.level],
      },
      parents: view.parents.map((p) => ({ ref: p.ref, title: p.title, href: itemHref(plan.ref, p.ref) })),
      children: view.children.map((c) => positionView(c, plan)),
      history: view.history.map((u) => updateView(u, plan.definitions)),
      canPost: view.canPostProgress,
      statusItems: plan.definitions.map((d) => ({
        value: d.label,
        text: d.label,
        hint: { text: d.meaning },
        checked: extra.values?.status === d.label,
      })),
      allowedStatuses: allowedStatusesText(plan.definitions),
      values: extra.values ?? {},
      errors: extra.errors ?? null,
      posted: extra.posted ?? false,
      cycle: plan.updateCycleDays,
      breadcrumbs: [
        { text: 'Improvement plans', href: '/improvement' },
        { text: plan.title, href: planHref },
        ...view.parents.map((p) => ({ text: p.ref, href: itemHref(plan.ref, p.ref) })),
      ],
    });
  }

  /**
   * The latest figure of an indicator an item is meant to move, as the reader
   * may see it (a viewer: published figures only), so the board sees whether
   * the work is moving it. An indicator the reader may not see, or that does
   * not exist, is named without a figure.
   */
  async function indicatorFigure(request: FastifyRequest, ref: string) {
    const href = `/indicators/${encodeURIComponent(ref)}`;
    try {
      const detail = await services.indicator(ref, request.context);
      const latest = detail.rows.filter((r) => r.total !== null && r.total.value !== null).at(-1);
      return {
        ref,
        href,
        title: detail.indicator.title,
        latest: latest
          ? {
              period: latest.period.label,
              value: formatValue(latest.total!.value, detail.indicator),
              rating: latest.evaluation.label,
              explanation: latest.evaluation.explanation,
            }
          : null,
      };
    } catch (error) {
      if (error instanceof AppError && (error.code === 'not_found' || error.code === 'forbidden'))
        return { ref, href: null, title: '', latest: null };
      throw error;
    }
  }

  app.get('/improvement/:plan/items/:ref', READ, async (request, reply) => {
    const params = ItemParams.parse(request.params);
    const posted = (request.query as Record<string, unknown>).posted === '1';
    return itemPage(request, reply, params, { posted });
  });

  app.post('/improvement/:plan/items/:ref/updates', PROGRESS, async (request, reply) => {
    const params = ItemParams.parse(request.params);
    const body = formBody(request);
    const values = { status: body.status, narrative: body.narrative, nextSteps: body.nextSteps };
    try {
      await improvement.postUpdate(
        { planRef: params.plan, itemRef: params.ref, input: values },
        request.context,
      );
      return reply.redirect(`${itemHref(params.plan, params.ref)}?posted=1`, 303);
    } catch (error) {
      return itemPage(request, reply.status(400), params, { errors: formErrors(error), values });
    }
  });

  // Uploads: in their own scope, so multipart parsing applies to this route only.
  void app.register(async (scope) => {
    await acceptFilesInMemory(scope, {
      fileSize: PLAN_UPLOAD_LIMIT_BYTES,
      files: 1,
      fields: 8,
      fieldSize: 1000,
      parts: 10,
    });

    scope.post('/improvement/import', WRITE, async (request, reply) => {
      const body = formBody(request);
      const values = {
        ref: body.ref,
        title: body.title,
        startsOn: body.startsOn,
        updateCycleDays: body.updateCycleDays,
      };
      const upload = body.file as UploadedFile | undefined;
      const file =
        upload && typeof upload === 'object' && 'bytes' in upload && (upload.bytes.length || upload.fileName)
          ? upload
          : null;
      if (!file || file.isTooLarge || file.bytes.length === 0) {
        const text = !file
          ? 'Choose the plan’s file to import.'
          : file.isTooLarge
            ? `${file.fileName} is larger than 5 MB, the most a plan may be.`
            : `${file.fileName} is empty.`;
        return importPage(request, reply.status(file?.isTooLarge ? 413 : 400), {
          values,
          errors: { summary: [{ text, href: '#file' }], fields: { file: { text } } },
        });
      }
      try {
        const result = await improvement.importPlan(
          { plan: values, file: { fileName: file.fileName || 'plan.csv', bytes: file.bytes } },
          request.context,
        );
        return reply.redirect(`/improvement/${encodeURIComponent(result.ref)}`, 303);
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'validation') throw error;
        const fromFile = error.issues.some((i) => i.file);
        return importPage(request, reply.status(400), {
          values,
          ...(fromFile
            ? { refused: { message: error.message, problems: error.issues.map(describeIssue) } }
            : { errors: formErrors(error) }),
        });
      }
    });
  });

  async function importPage(
    request: FastifyRequest,
    reply: FastifyReply,
    locals: {
      values?: Record<string, unknown>;
      errors?: FormErrors;
      refused?: { message: string; problems: string[] };
    },
  ) {
    return sendPage(render, request, reply, 'pages/improvement/import.njk', {
      title: 'Import an improvement plan',
      values: locals.values ?? { updateCycleDays: 42 },
      errors: locals.errors ?? null,
      refused: locals.refused ?? null,
      breadcrumbs: [{ text: 'Improvement plans', href: '/improvement' }],
    });
  }

  // The risk register.

  app.get('/risks', READ, async (request, reply) => {
    const { asAt } = AsAtQuery.parse(request.query);
    const day = asAt && /^\d{4}-\d{2}-\d{2}$/.test(asAt) ? asAt : today();
    const risks = await improvement.risks(request.context);
    const map = heatMap(risks);
    const byRef = new Map(risks.map((r) => [`${r.ref}`, r]));
    return sendPage(render, request, reply, 'pages/improvement/risks.njk', {
      title: 'Risk register',
      asAt: day,
      asAtText: longDay(day),
      risks: risks.map((r) => riskView(r, day)),
      heatMap: {
        rows: map.rows.map((row, index) => ({
          likelihood: 5 - index,
          label: LIKELIHOOD_LABELS[4 - index],
          cells: row.map((cell) => ({
            ...cell,
            bandLabel: BAND_LABELS[cell.band],
            risks: cell.refs.map((ref) => ({ ref, href: riskView(byRef.get(ref)!, day).href })),
          })),
        })),
        impacts: SCALE.map((i) => ({ value: i, label: IMPACT_LABELS[i - 1] })),
        unscored: map.unscored,
      },
      overdue: risks.filter((r) => !r.isClosed && r.reviewOn !== null && r.reviewOn < day).length,
      canWrite: mayWrite(request),
      exports: exportLinks('/risks/export', {}),
    });
  });

  app.get('/risks/export', READ, async (request, reply) => {
    const { format } = FormatQuery.parse(request.query);
    const risks = await improvement.risks(request.context);
    const day = today();
    const score = (s: { likelihood: number; impact: number } | null, part: 'likelihood' | 'impact') =>
      s?.[part] ?? null;
    const table: ExportTable = {
      title: 'Risk register',
      columns: [
        { heading: 'plan' },
        { heading: 'ref' },
        { heading: 'risk', width: 60 },
        { heading: 'owner', width: 30 },
        { heading: 'cause', width: 40 },
        { heading: 'consequence', width: 40 },
        { heading: 'inherent_likelihood' },
        { heading: 'inherent_impact' },
        { heading: 'inherent_score' },
        { heading: 'residual_likelihood' },
        { heading: 'residual_impact' },
        { heading: 'residual_score' },
        { heading: 'target_likelihood' },
        { heading: 'target_impact' },
        { heading: 'target_score' },
        { heading: 'mitigations', width: 80 },
        { heading: 'review_on' },
        { heading: 'review_overdue' },
        { heading: 'closed' },
        { heading: 'linked_items' },
      ],
      rows: risks.map((r) => [
        r.planRef,
        r.ref,
        r.title,
        r.owner,
        r.cause,
        r.consequence,
        score(r.inherent, 'likelihood'),
        score(r.inherent, 'impact'),
        scoreOf(r.inherent),
        score(r.residual, 'likelihood'),
        score(r.residual, 'impact'),
        scoreOf(r.residual),
        score(r.target, 'likelihood'),
        score(r.target, 'impact'),
        scoreOf(r.target),
        r.mitigations,
        r.reviewOn ?? '',
        !r.isClosed && r.reviewOn !== null && r.reviewOn < day ? 'yes' : 'no',
        r.isClosed ? 'yes' : 'no',
        r.itemRefs.join('; '),
      ]),
    };
    return sendExport(reply, table, format, ['risks', day]);
  });

  async function riskForm(
    request: FastifyRequest,
    reply: FastifyReply,
    locals: { planRef?: string; existing?: string; values: Record<string, unknown>; errors?: FormErrors },
  ) {
    const plans = await improvement.plans(request.context);
    const scoreFields = (
      [
        ['inherentLikelihood', 'Likelihood before mitigation'],
        ['inherentImpact', 'Impact before mitigation'],
        ['residualLikelihood', 'Likelihood now'],
        ['residualImpact', 'Impact now'],
        ['targetLikelihood', 'Target likelihood'],
        ['targetImpact', 'Target impact'],
      ] as const
    ).map(([name, label]) => ({
      name,
      label,
      items: [
        { value: '', text: 'Not scored' },
        ...SCALE.map((n) => ({
          value: String(n),
          text: String(n),
          selected: locals.values[name] === String(n),
        })),
      ],
    }));
    return sendPage(render, request, reply, 'pages/improvement/risk-form.njk', {
      title: locals.existing ? `Change risk ${locals.existing}` : 'Add a risk',
      existing: locals.existing ?? null,
      action: locals.existing
        ? `/risks/${encodeURIComponent(locals.planRef!)}/${encodeURIComponent(locals.existing)}`
        : '/risks',
      plans: plans.map((p) => ({
        value: p.ref,
        text: `${p.title} (${p.ref})`,
        selected: p.ref === locals.planRef,
      })),
      planRef: locals.planRef ?? plans[0]?.ref ?? '',
      values: locals.values,
      scoreFields,
      errors: locals.errors ?? null,
      breadcrumbs: [{ text: 'Risk register', href: '/risks' }],
    });
  }

  const riskValues = (body: Record<string, unknown>) =>
    Object.fromEntries(
      [
        'ref',
        'title',
        'owner',
        'cause',
        'consequence',
        'inherentLikelihood',
        'inherentImpact',
        'residualLikelihood',
        'residualImpact',
        'targetLikelihood',
        'targetImpact',
        'mitigations',
        'reviewOn',
        'isClosed',
        'itemRefs',
      ].map((k) => [k, typeof body[k] === 'string' ? body[k] : undefined]),
    );

  app.get('/risks/new', WRITE, async (request, reply) => {
    const plan = (request.query as Record<string, unknown>).plan;
    return riskForm(request, reply, { planRef: typeof plan === 'string' ? plan : undefined, values: {} });
  });

  app.post('/risks', WRITE, async (request, reply) => {
    const body = formBody(request);
    const values = riskValues(body);
    const planRef = typeof body.plan === 'string' ? body.plan : '';
    try {
      const result = await improvement.saveRisk({ planRef, input: values }, request.context);
      return reply.redirect(`/risks/${encodeURIComponent(planRef)}/${encodeURIComponent(result.ref)}`, 303);
    } catch (error) {
      if (error instanceof AppError && error.code === 'not_found')
        return riskForm(request, reply.status(400), {
          values,
          errors: { summary: [{ text: 'Choose the plan the risk belongs to.', href: '#plan' }], fields: {} },
        });
      return riskForm(request, reply.status(400), { planRef, values, errors: formErrors(error) });
    }
  });

  app.get('/risks/:plan/:ref', READ, async (request, reply) => {
    const { plan, ref } = ItemParams.parse(request.params);
    const risk = await improvement.risk({ planRef: plan, ref }, request.context);
    const day = today();
    if (mayWrite(request) && (request.query as Record<string, unknown>).edit === '1') {
      return riskForm(request, reply, {
        planRef: plan,
        existing: ref,
        values: {
          ref: risk.ref,
          title: risk.title,
          owner: risk.owner,
          cause: risk.cause,
          consequence: risk.consequence,
          inherentLikelihood: String(risk.inherent?.likelihood ?? ''),
          inherentImpact: String(risk.inherent?.impact ?? ''),
          residualLikelihood: String(risk.residual?.likelihood ?? ''),
          residualImpact: String(risk.residual?.impact ?? ''),
          targetLikelihood: String(risk.target?.likelihood ?? ''),
          targetImpact: String(risk.target?.impact ?? ''),
          mitigations: risk.mitigations,
          reviewOn: risk.reviewOn ?? '',
          isClosed: risk.isClosed ? 'true' : '',
          itemRefs: risk.itemRefs.join(', '),
        },
      });
    }
    return sendPage(render, request, reply, 'pages/improvement/risk.njk', {
      title: `Risk ${risk.ref}: ${risk.title}`,
      risk: riskView(risk, day),
      canWrite: mayWrite(request),
      breadcrumbs: [{ text: 'Risk register', href: '/risks' }],
    });
  });

  app.post('/risks/:plan/:ref', WRITE, async (request, reply) => {
    const { plan, ref } = ItemParams.parse(request.params);
    const values = riskValues(formBody(request));
    try {
      const result = await improvement.saveRisk(
        { planRef: plan, existingRef: ref, input: values },
        request.context,
      );
      return reply.redirect(`/risks/${encodeURIComponent(plan)}/${encodeURIComponent(result.ref)}`, 303);
    } catch (error) {
      return riskForm(request, reply.status(400), {
        planRef: plan,
        existing: ref,
        values,
        errors: formErrors(error),
      });
    }
  });
}
