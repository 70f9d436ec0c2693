import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ITEM_STATE_LABELS, ITEM_STATES, type ItemState } from '../../domain/publication.ts';
import { AppError } from '../../errors.ts';
import type { Services } from '../../services/index.ts';
import type { Render } from '../../web/render.ts';
import { sendPage, type FormErrors } from '../forms.ts';
import { exportLinks } from '../send-export.ts';

const MonthQuery = z.object({
  month: z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}$/, 'must be a month such as 2017-06')
    .optional()
    .or(z.literal('').transform(() => undefined)),
});
const EntryQuery = MonthQuery.extend({
  done: z.enum(['saved', 'submitted']).optional(),
  notSubmitted: z.string().trim().max(2000).optional(),
});
const PublicationQuery = MonthQuery.extend({
  done: z.enum(['checked', 'returned', 'published', 'opened']).optional(),
  count: z.coerce.number().int().min(0).optional(),
});
const CompletenessQuery = MonthQuery.extend({
  state: z
    .enum(ITEM_STATES)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  submitter: z.string().trim().max(200).optional(),
  overdue: z.enum(['', 'yes']).optional(),
});
const ChangesQuery = z.object({
  from: z.string().trim().max(7).optional(),
  to: z.string().trim().max(7).optional(),
});

/** Problems as GOV.UK's error summary shows them, each linking to its field (a cell of the grid, say). */
function errorsOf(error: unknown): FormErrors {
  if (!(error instanceof AppError) || (error.code !== 'validation' && error.code !== 'conflict')) throw error;
  const issues = error.issues.length ? error.issues : [{ field: '', message: error.message }];
  return {
    summary: issues.map((i) => ({
      text: i.message,
      href: `#${i.field && !i.field.includes('.') ? i.field : 'main-content'}`,
    })),
    fields: Object.fromEntries(issues.filter((i) => i.field).map((i) => [i.field, { text: i.message }])),
  };
}

const stringsOf = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter(
    (v): v is string => typeof v === 'string',
  );

/**
 * The publication cycle's pages: data entry for owners and partners, the
 * performance team's checking and publishing, completeness and timeliness,
 * and what changed between publications. Each route validates its input,
 * calls one service and renders one template.
 */
export function registerPublicationPages(app: FastifyInstance, services: Services, render: Render) {
  const cycle = services.publication;

  async function showEntry(
    request: FastifyRequest,
    reply: FastifyReply,
    month: string | undefined,
    extra: {
      errors?: FormErrors;
      form?: Record<string, unknown>;
      status?: number;
      done?: string;
      notSubmitted?: string;
    } = {},
  ) {
    const entry = await cycle.entry(month ? { month } : {}, request.context);
    const form = extra.form;
    const typed = (name: string, current: string) =>
      form ? (typeof form[name] === 'string' ? (form[name] as string) : '') : current;
    if (extra.status) reply.status(extra.status);
    return sendPage(render, request, reply, 'pages/entry.njk', {
      title: entry ? `Enter figures for ${entry.month.label}` : 'Enter figures',
      section: 'entry',
      entry: entry && {
        ...entry,
        items: entry.items.map((item) => ({
          ...item,
          cells: item.cells.map((cell) => ({
            ...cell,
            inputs: cell.inputs.map((input) => ({
              ...input,
              value: typed(input.name, input.current),
              error: extra.errors?.fields[input.id],
            })),
          })),
          commentaryValue: typed(item.commentary.name, item.commentary.current),
          commentaryError: extra.errors?.fields[item.commentary.id],
        })),
      },
      errors: extra.errors,
      done: extra.done,
      notSubmitted: extra.notSubmitted ? extra.notSubmitted.split(',') : [],
    });
  }

  app.get('/entry', { config: { access: 'figures:write' } }, async (request, reply) => {
    const query = EntryQuery.parse(request.query);
    return showEntry(request, reply, query.month, {
      ...(query.done ? { done: query.done } : {}),
      ...(query.notSubmitted ? { notSubmitted: query.notSubmitted } : {}),
    });
  });

  app.post('/entry', { config: { access: 'figures:write' } }, async (request, reply) => {
    const form = (request.body ?? {}) as Record<string, unknown>;
    const month = typeof form.month === 'string' ? form.month : '';
    const submit = form.intent === 'submit';
    try {
      const result = await cycle.saveEntry({ month, form, submit }, request.context);
      const query = new URLSearchParams({ month, done: submit ? 'submitted' : 'saved' });
      if (submit && result.notSubmitted.length) query.set('notSubmitted', result.notSubmitted.join(','));
      return reply.redirect(`/entry?${query}`, 303);
    } catch (error) {
      const errors = errorsOf(error);
      return showEntry(request, reply, month || undefined, { errors, form, status: 400 });
    }
  });

  async function showPublication(
    request: FastifyRequest,
    reply: FastifyReply,
    month: string | undefined,
    extra: { errors?: FormErrors; status?: number; done?: string; count?: number; note?: string } = {},
  ) {
    const periods = await cycle.periods(request.context);
    const code = month ?? (await cycle.defaultMonth());
    const current = code ? await cycle.cycle({ month: code }, request.context) : null;
    if (extra.status) reply.status(extra.status);
    return sendPage(render, request, reply, 'pages/publication.njk', {
      title: current ? `Publication: ${current.month.label}` : 'Publication',
      section: 'publication',
      periods: periods.map((p) => ({ ...p, isCurrent: p.month === current?.month.code })),
      cycle: current,
      stateLabels: ITEM_STATE_LABELS,
      errors: extra.errors,
      done: extra.done,
      count: extra.count,
      note: extra.note ?? '',
    });
  }

  app.get('/publication', { config: { access: 'publication:manage' } }, async (request, reply) => {
    const query = PublicationQuery.parse(request.query);
    return showPublication(request, reply, query.month, {
      ...(query.done ? { done: query.done } : {}),
      ...(query.count !== undefined ? { count: query.count } : {}),
    });
  });

  app.post('/publication/items', { config: { access: 'publication:manage' } }, async (request, reply) => {
    const form = (request.body ?? {}) as Record<string, unknown>;
    const month = typeof form.month === 'string' ? form.month : '';
    const action = typeof form.action === 'string' ? form.action : '';
    const note = typeof form.note === 'string' ? form.note : '';
    try {
      const { moved } = await cycle.act(
        { month, action, itemIds: stringsOf(form.itemIds), note },
        request.context,
      );
      const done = action === 'return' ? 'returned' : 'checked';
      return reply.redirect(
        `/publication?${new URLSearchParams({ month, done, count: String(moved) })}`,
        303,
      );
    } catch (error) {
      return showPublication(request, reply, /^\d{4}-\d{2}$/.test(month) ? month : undefined, {
        errors: errorsOf(error),
        status: 400,
        note,
      });
    }
  });

  app.post('/publication/publish', { config: { access: 'publication:manage' } }, async (request, reply) => {
    const form = (request.body ?? {}) as Record<string, unknown>;
    const month = typeof form.month === 'string' ? form.month : '';
    try {
      await cycle.publish(month, request.context);
      return reply.redirect(`/publication?${new URLSearchParams({ month, done: 'published' })}`, 303);
    } catch (error) {
      return showPublication(request, reply, /^\d{4}-\d{2}$/.test(month) ? month : undefined, {
        errors: errorsOf(error),
        status: 400,
      });
    }
  });

  app.post('/publication/open', { config: { access: 'publication:manage' } }, async (request, reply) => {
    const form = (request.body ?? {}) as Record<string, unknown>;
    try {
      const opened = await cycle.open({ month: form.month, dueOn: form.dueOn }, request.context);
      return reply.redirect(
        `/publication?${new URLSearchParams({ month: opened.month, done: 'opened' })}`,
        303,
      );
    } catch (error) {
      return showPublication(request, reply, undefined, { errors: errorsOf(error), status: 400 });
    }
  });

  app.get('/completeness', { config: { access: 'figures:write' } }, async (request, reply) => {
    const query = CompletenessQuery.parse(request.query);
    const code = query.month ?? (await cycle.defaultMonth());
    const current = code ? await cycle.cycle({ month: code }, request.context) : null;
    const items = (current?.items ?? []).filter(
      (i) =>
        (!query.state || i.state === query.state) &&
        (!query.submitter || i.submitter === query.submitter) &&
        (query.overdue !== 'yes' || i.isOverdue),
    );
    const submitters = [...new Set((current?.items ?? []).map((i) => i.submitter))].sort();
    return sendPage(render, request, reply, 'pages/completeness.njk', {
      title: current ? `Completeness and timeliness: ${current.month.label}` : 'Completeness and timeliness',
      section: 'completeness',
      cycle: current,
      items,
      downloads: exportLinks('/export/completeness', {
        month: current?.month.code,
        state: query.state,
        submitter: query.submitter,
        overdue: query.overdue,
      }),
      periods: await cycle.periods(request.context),
      filters: {
        month: current?.month.code ?? '',
        state: [
          { value: '', text: 'Any state', selected: !query.state },
          ...ITEM_STATES.map((s: ItemState) => ({
            value: s,
            text: ITEM_STATE_LABELS[s],
            selected: s === query.state,
          })),
        ],
        submitter: [
          { value: '', text: 'Anyone', selected: !query.submitter },
          ...submitters.map((s) => ({ value: s, text: s, selected: s === query.submitter })),
        ],
        isOverdueOnly: query.overdue === 'yes',
      },
    });
  });

  app.get('/changes', { config: { access: 'figures:read' } }, async (request, reply) => {
    const query = ChangesQuery.parse(request.query);
    const published = (await cycle.periods(request.context)).filter((p) => p.publishedAt !== null);
    const from = query.from || published[0]?.month;
    const to = query.to || 'now';
    let changes = null;
    let errors: FormErrors | undefined;
    if (from) {
      try {
        changes = await cycle.changes({ from, to }, request.context);
      } catch (error) {
        errors = errorsOf(error);
        reply.status(400);
      }
    }
    return sendPage(render, request, reply, 'pages/changes.njk', {
      title: 'What changed',
      section: 'changes',
      changes,
      downloads: from ? exportLinks('/export/changes', { from, to }) : [],
      errors,
      fromItems: published.map((p) => ({
        value: p.month,
        text: `${p.month} publication`,
        selected: p.month === from,
      })),
      toItems: [
        { value: 'now', text: 'Now', selected: to === 'now' },
        ...published.map((p) => ({
          value: p.month,
          text: `${p.month} publication`,
          selected: p.month === to,
        })),
      ],
    });
  });
}
