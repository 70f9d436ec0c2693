import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ROLE_LABELS, ROLES } from '../../domain/permissions.ts';
import type { AuditFilter } from '../../db/repositories/audit.ts';
import type { Services } from '../../services/index.ts';
import type { Render } from '../../web/render.ts';
import { auditTable } from '../../export/tables.ts';
import { formErrorsOf, sendPage, type FormErrors } from '../forms.ts';
import { exportLinks, sendExport } from '../send-export.ts';

const PersonForm = z.object({
  email: z.string().default(''),
  name: z.string().default(''),
  organisation: z.string().default(''),
  role: z.string().default(''),
  password: z.string().default(''),
});
const AccessForm = z.object({
  role: z.string().default(''),
  organisation: z.string().default(''),
  isDisabled: z.string().optional(),
  newPassword: z.string().default(''),
});
const day = z
  .string()
  .trim()
  .regex(/^(\d{4}-\d{2}-\d{2})?$/, 'must be a date such as 2026-11-29')
  .optional();
const AuditQuery = z.object({
  actor: z.string().trim().max(200).optional(),
  action: z.string().trim().max(100).optional(),
  outcome: z.enum(['', 'success', 'denied', 'failed']).optional(),
  from: day,
  to: day,
});

/** The administrators' pages: people, organisations and the audit record. */
export function registerAdminPages(app: FastifyInstance, services: Services, render: Render) {
  const roleItems = (selected: string) =>
    ROLES.map((role) => ({ value: role, text: ROLE_LABELS[role], selected: role === selected }));
  const organisationItems = async (selected: string) =>
    (await services.access.organisations()).map((o) => ({
      value: o.name,
      text: o.name,
      selected: o.name === selected,
    }));

  const peoplePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    locals: { errors?: FormErrors; form?: Record<string, string>; added?: string } = {},
  ) => {
    const people = await services.access.people(request.context);
    const form = locals.form ?? {};
    return sendPage(render, request, reply, 'pages/admin/people.njk', {
      title: 'People',
      people: people.map((p) => ({
        ...p,
        roleLabel: ROLE_LABELS[p.role],
        isLocked: !!p.lockedUntil && p.lockedUntil > new Date(),
      })),
      organisations: await services.access.organisations(),
      roleItems: roleItems(form.role ?? 'viewer'),
      organisationItems: await organisationItems(form.organisation ?? ''),
      form,
      errors: locals.errors ?? null,
      added: locals.added ?? '',
    });
  };

  app.get('/admin/people', { config: { access: 'people:manage' } }, async (request, reply) =>
    peoplePage(request, reply, { added: (request.query as { added?: string }).added ?? '' }),
  );

  app.post('/admin/people', { config: { access: 'people:manage' } }, async (request, reply) => {
    const form = PersonForm.parse(request.body);
    try {
      await services.access.createUser({ ...form, mustChangePassword: true }, request.context);
    } catch (error) {
      reply.status(400);
      return peoplePage(request, reply, { errors: formErrorsOf(error), form: { ...form, password: '' } });
    }
    return reply.redirect(`/admin/people?added=${encodeURIComponent(form.email)}`, 303);
  });

  app.post('/admin/organisations', { config: { access: 'people:manage' } }, async (request, reply) => {
    try {
      await services.access.createOrganisation(request.body, request.context);
    } catch (error) {
      reply.status(400);
      return peoplePage(request, reply, { errors: formErrorsOf(error) });
    }
    return reply.redirect('/admin/people', 303);
  });

  const personPage = async (
    request: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    errors: FormErrors | null = null,
  ) => {
    const id = z.coerce.number().int().positive().parse(request.params.id);
    const person = (await services.access.people(request.context)).find((p) => p.id === id);
    if (!person) return reply.callNotFound();
    return sendPage(render, request, reply, 'pages/admin/person.njk', {
      title: person.name,
      person: { ...person, roleLabel: ROLE_LABELS[person.role] },
      roleItems: roleItems(person.role),
      organisationItems: await organisationItems(person.organisation.name),
      errors,
    });
  };

  app.get<{ Params: { id: string } }>(
    '/admin/people/:id',
    { config: { access: 'people:manage' } },
    async (request, reply) => personPage(request, reply),
  );

  app.post<{ Params: { id: string } }>(
    '/admin/people/:id',
    { config: { access: 'people:manage' } },
    async (request, reply) => {
      const form = AccessForm.parse(request.body);
      try {
        await services.access.setUserAccess(
          { ...form, userId: request.params.id, isDisabled: form.isDisabled === 'true' },
          request.context,
        );
      } catch (error) {
        reply.status(400);
        return personPage(request, reply, formErrorsOf(error));
      }
      return reply.redirect('/admin/people', 303);
    },
  );

  const auditFilter = (request: FastifyRequest, limit: number): AuditFilter => {
    const q = AuditQuery.parse(request.query);
    return {
      ...(q.actor ? { actor: q.actor } : {}),
      ...(q.action ? { action: q.action } : {}),
      ...(q.outcome ? { outcome: q.outcome } : {}),
      ...(q.from ? { from: new Date(`${q.from}T00:00:00Z`) } : {}),
      ...(q.to ? { to: new Date(`${q.to}T23:59:59.999Z`) } : {}),
      limit,
    };
  };

  app.get('/admin/audit', { config: { access: 'audit:read' } }, async (request, reply) => {
    const filter = auditFilter(request, 500);
    const events = await services.access.auditEvents(filter, request.context);
    const query = request.query as Record<string, string | undefined>;
    return sendPage(render, request, reply, 'pages/admin/audit.njk', {
      title: 'Audit record',
      events: events.map((e) => ({
        ...e,
        before: e.before === null ? '' : JSON.stringify(e.before, null, 1),
        after: e.after === null ? '' : JSON.stringify(e.after, null, 1),
      })),
      query,
      downloads: exportLinks({ csv: '/admin/audit.csv', xlsx: '/admin/audit.xlsx' }, query),
      isTruncated: events.length === filter.limit,
    });
  });

  // Every event the filter matches (up to 100,000), in the columns the CSV has always had; text
  // that would start a formula is neutralised (src/domain/spreadsheet-text.ts).
  for (const format of ['csv', 'xlsx'] as const) {
    app.get(`/admin/audit.${format}`, { config: { access: 'audit:read' } }, async (request, reply) => {
      const events = await services.access.auditEvents(auditFilter(request, 100_000), request.context);
      return sendExport(reply, auditTable(events), format, ['audit']);
    });
  }
}
