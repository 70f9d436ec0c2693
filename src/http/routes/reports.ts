import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { can, visibilityOf } from '../../domain/permissions.ts';
import { AppError } from '../../errors.ts';
import {
  AUDIENCES,
  SECTION_KINDS_OFFERED,
  sectionFromForm,
  type ReportDefinition,
} from '../../reports/definition.ts';
import { PANEL_CHOICES } from '../../reports/infographics/panels.ts';
import { reportLocals } from '../../reports/render-html.ts';
import type { Services } from '../../services/index.ts';
import type { Render } from '../../web/render.ts';
import { formErrorsOf, sendPage, type FormErrors } from '../forms.ts';
import {
  renderReportFile,
  REPORT_FORMAT_LABELS,
  REPORT_FORMATS,
  type ReportFile,
} from '../../reports/render-file.ts';
import { createRenderJobs } from '../report-renders.ts';

/**
 * Report packs: the list, a report's live draft (built now from the
 * figures its reader may see), its frozen publications with notes of
 * corrections since, its outputs (HTML, PDF, DOCX, XLSX: downloaded
 * directly, or rendered in the background with a progress page), and the
 * forms that define it. Reading needs 'reports:read' (viewers: published
 * reports only); defining and publishing 'reports:write'. See docs/reports.md.
 */

const READ = { config: { access: 'reports:read' as const } };
const WRITE = { config: { access: 'reports:write' as const } };

const REFRESH_SECONDS = 2;

const ReportParams = z.object({ id: z.coerce.number().int().positive() });
const PublicationParams = ReportParams.extend({ publication: z.coerce.number().int().positive() });
const SectionParams = ReportParams.extend({ index: z.coerce.number().int().min(0) });
const JobParams = ReportParams.extend({ job: z.uuid() });
const DownloadQuery = z.object({
  format: z.enum(REPORT_FORMATS, { error: () => 'must be html, pdf, docx or xlsx' }),
  publication: z.coerce.number().int().positive().optional(),
});
const SectionAction = z.object({ action: z.enum(['up', 'down', 'remove']) });

const notFound = () => new AppError('not_found', 'There is no such report.');

function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw notFound();
  return parsed.data;
}

const formBody = (request: FastifyRequest) => (request.body ?? {}) as Record<string, string | undefined>;

/** The basic fields of the report form as a partial definition. */
function basicsFromForm(body: Record<string, string | undefined>) {
  return {
    title: body.title ?? '',
    audience: body.audience ?? '',
    period: body.period ?? '',
    isPublic: body.isPublic === 'yes',
  };
}

export interface ReportPageOptions {
  chromiumPath: string;
}

export function registerReportPages(
  app: FastifyInstance,
  services: Pick<Services, 'reports' | 'facets'>,
  render: Render,
  options: ReportPageOptions,
) {
  const reports = services.reports;
  const jobs = createRenderJobs();
  const mayWrite = (request: FastifyRequest) => can(request.signedIn?.actor ?? null, 'reports:write');
  /** Viewers (members) read only what was published; everyone else with 'reports:read' reads drafts too. */
  const seesDrafts = (request: FastifyRequest) =>
    !visibilityOf(request.signedIn?.actor ?? null).isPublishedOnly;

  /** The document a download or render is of: a publication as frozen, or the draft now (for those who see drafts). */
  async function documentFor(
    request: FastifyRequest,
    id: number,
    publication: number | undefined,
    onSection?: (done: number, total: number) => void,
  ) {
    if (publication !== undefined || !seesDrafts(request)) {
      const published = await reports.publication(
        { id, publicationId: publication ?? 'latest' },
        request.context,
      );
      return {
        document: published.document,
        html: { revisedSince: published.revisedSince, publishedAt: published.publication.publishedAt },
      };
    }
    const document = await reports.draft({ id, ...(onSection ? { onSection } : {}) }, request.context);
    return { document, html: {} };
  }

  const sendFile = (reply: FastifyReply, file: ReportFile) =>
    reply
      .type(file.contentType)
      .header('Content-Disposition', `attachment; filename="${file.fileName}"`)
      .header('Cache-Control', 'private, no-store')
      .send(file.body);

  app.get('/reports', READ, async (request, reply) => {
    const list = await reports.list(request.context);
    return sendPage(render, request, reply, 'pages/reports/list.njk', {
      title: 'Report packs',
      reports: list.map((r) => ({
        href: `/reports/${r.id}`,
        title: r.title,
        audience: r.definition.audience,
        period: r.definition.period,
        sections: r.definition.sections.length,
        isPublic: r.definition.isPublic,
        lastPublishedAt: r.lastPublishedAt,
        updatedAt: r.updatedAt,
        updatedBy: r.updatedBy,
      })),
      canWrite: mayWrite(request),
    });
  });

  const sendForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    locals: { values: Record<string, unknown>; errors?: FormErrors; action: string; title: string },
  ) =>
    sendPage(render, request, reply, 'pages/reports/form.njk', {
      ...locals,
      audiences: AUDIENCES,
      serviceAreas: (await services.facets(request.context)).serviceAreas,
    });

  app.get('/reports/new', WRITE, (request, reply) =>
    sendForm(request, reply, {
      title: 'Create a report pack',
      action: '/reports/new',
      values: { audience: 'Scrutiny committee', isPublic: false },
    }),
  );

  app.post('/reports/new', WRITE, async (request, reply) => {
    const body = formBody(request);
    const input = {
      ...basicsFromForm(body),
      sections: body.serviceArea ? [{ kind: 'scorecard', serviceArea: body.serviceArea }] : [],
    };
    try {
      const id = await reports.save({ id: null, input }, request.context);
      return reply.redirect(`/reports/${id}/edit`, 303);
    } catch (error) {
      reply.code(400);
      return sendForm(request, reply, {
        title: 'Create a report pack',
        action: '/reports/new',
        values: body,
        errors: formErrorsOf(error),
      });
    }
  });

  app.get('/reports/:id', READ, async (request, reply) => {
    const { id } = parse(ReportParams, request.params);
    const report = await reports.read(id, request.context);
    if (!seesDrafts(request)) {
      return reply.redirect(`/reports/${id}/publications/${report.publications[0]!.id}`, 303);
    }
    const document = await reports.draft({ id }, request.context);
    return sendPage(render, request, reply, 'pages/reports/report.njk', {
      title: `${report.title} (draft)`,
      ...reportLocals(document),
      report,
      publications: report.publications,
      downloads: REPORT_FORMATS.map((format) => ({
        text: REPORT_FORMAT_LABELS[format],
        href: `/reports/${id}/download?format=${format}`,
        format,
      })),
      canWrite: mayWrite(request),
    });
  });

  app.get('/reports/:id/publications/:publication', READ, async (request, reply) => {
    const { id, publication } = parse(PublicationParams, request.params);
    const report = await reports.read(id, request.context);
    const published = await reports.publication({ id, publicationId: publication }, request.context);
    return sendPage(render, request, reply, 'pages/reports/report.njk', {
      title: `${report.title} (published)`,
      ...reportLocals(published.document, {
        revisedSince: published.revisedSince,
        publishedAt: published.publication.publishedAt,
      }),
      report,
      publication: published.publication,
      publications: report.publications,
      downloads: REPORT_FORMATS.map((format) => ({
        text: REPORT_FORMAT_LABELS[format],
        href: `/reports/${id}/download?format=${format}&publication=${publication}`,
        format,
      })),
      canWrite: mayWrite(request),
    });
  });

  app.get('/reports/:id/download', READ, async (request, reply) => {
    const { id } = parse(ReportParams, request.params);
    const query = DownloadQuery.safeParse(request.query);
    if (!query.success) throw new AppError('validation', 'Choose html, pdf, docx or xlsx.');
    const { document, html } = await documentFor(request, id, query.data.publication);
    const file = await renderReportFile(document, query.data.format, {
      render,
      chromiumPath: options.chromiumPath,
      ...html,
    });
    return sendFile(reply, file);
  });

  app.post('/reports/:id/renders', READ, async (request, reply) => {
    const { id } = parse(ReportParams, request.params);
    const body = formBody(request);
    const query = DownloadQuery.safeParse(body);
    if (!query.success) throw new AppError('validation', 'Choose html, pdf, docx or xlsx.');
    await reports.read(id, request.context);
    const userId = request.signedIn!.actor.userId;
    const job = jobs.start({ reportId: id, userId, format: query.data.format }, async (progress) => {
      const { document, html } = await documentFor(request, id, query.data.publication, (done, total) =>
        progress((0.6 * done) / total, `Building section ${done} of ${total}`),
      );
      return renderReportFile(document, query.data.format, {
        render,
        chromiumPath: options.chromiumPath,
        onProgress: (text) => progress(0.7, text),
        ...html,
      });
    });
    return reply.redirect(`/reports/${id}/renders/${job.id}`, 303);
  });

  app.get('/reports/:id/renders/:job', READ, async (request, reply) => {
    const { id, job: jobId } = parse(JobParams, request.params);
    const report = await reports.read(id, request.context);
    const job = jobs.find(jobId, { reportId: id, userId: request.signedIn!.actor.userId });
    if (!job) throw new AppError('not_found', 'That render has finished and gone, or was not yours.');
    return sendPage(render, request, reply, 'pages/reports/render.njk', {
      title: `Rendering ${report.title}`,
      report,
      job: {
        format: REPORT_FORMAT_LABELS[job.format as keyof typeof REPORT_FORMAT_LABELS],
        percent: Math.round(job.fraction * 100),
        text: job.text,
        isReady: job.file !== null,
        error: job.error,
        fileHref: `/reports/${id}/renders/${job.id}/file`,
        fileName: job.file?.fileName ?? '',
      },
      refreshSeconds: job.file || job.error ? null : REFRESH_SECONDS,
    });
  });

  app.get('/reports/:id/renders/:job/file', READ, async (request, reply) => {
    const { id, job: jobId } = parse(JobParams, request.params);
    await reports.read(id, request.context);
    const job = jobs.find(jobId, { reportId: id, userId: request.signedIn!.actor.userId });
    if (!job?.file) throw new AppError('not_found', 'That render is not ready, or has gone.');
    return sendFile(reply, job.file);
  });

  app.post('/reports/:id/publish', WRITE, async (request, reply) => {
    const { id } = parse(ReportParams, request.params);
    const publicationId = await reports.publish(id, request.context);
    return reply.redirect(`/reports/${id}/publications/${publicationId}`, 303);
  });

  const sendEditor = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    extra: {
      errors?: FormErrors;
      values?: Record<string, unknown>;
      sectionErrors?: FormErrors;
      section?: Record<string, unknown>;
    } = {},
  ) => {
    const report = await reports.read(id, request.context);
    const d = report.definition;
    return sendPage(render, request, reply, 'pages/reports/edit.njk', {
      title: `Edit ${report.title}`,
      report,
      values: extra.values ?? {
        title: d.title,
        audience: d.audience,
        period: d.period,
        isPublic: d.isPublic,
      },
      errors: extra.errors,
      section: extra.section ?? {},
      sectionErrors: extra.sectionErrors,
      sections: d.sections.map((s, index) => ({ index, text: describeSection(s) })),
      audiences: AUDIENCES,
      kinds: SECTION_KINDS_OFFERED,
      panels: PANEL_CHOICES,
      serviceAreas: (await services.facets(request.context)).serviceAreas,
    });
  };

  app.get('/reports/:id/edit', WRITE, async (request, reply) => {
    const { id } = parse(ReportParams, request.params);
    return sendEditor(request, reply, id);
  });

  /** Saves the report with its definition changed by `change`, or shows the editor with what was wrong. */
  async function saveChanged(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    change: (d: ReportDefinition) => unknown,
    onError: (errors: FormErrors) => Parameters<typeof sendEditor>[3],
  ) {
    const report = await reports.read(id, request.context);
    try {
      await reports.save({ id, input: change(report.definition) }, request.context);
      return reply.redirect(`/reports/${id}/edit`, 303);
    } catch (error) {
      reply.code(400);
      return sendEditor(request, reply, id, onError(formErrorsOf(error)));
    }
  }

  app.post('/reports/:id/edit', WRITE, async (request, reply) => {
    const { id } = parse(ReportParams, request.params);
    const body = formBody(request);
    return saveChanged(
      request,
      reply,
      id,
      (d) => ({ ...d, ...basicsFromForm(body) }),
      (errors) => ({ errors, values: body }),
    );
  });

  app.post('/reports/:id/sections', WRITE, async (request, reply) => {
    const { id } = parse(ReportParams, request.params);
    const body = formBody(request);
    return saveChanged(
      request,
      reply,
      id,
      (d) => ({ ...d, sections: [...d.sections, sectionFromForm(body)] }),
      (errors) => ({ sectionErrors: sectionErrorsOf(errors), section: body }),
    );
  });

  app.post('/reports/:id/sections/:index', WRITE, async (request, reply) => {
    const { id, index } = parse(SectionParams, request.params);
    const chosen = SectionAction.safeParse(request.body);
    if (!chosen.success) {
      throw new AppError('validation', 'Choose to move the section up or down, or to remove it.');
    }
    const { action } = chosen.data;
    return saveChanged(
      request,
      reply,
      id,
      (d) => ({ ...d, sections: moved(d.sections, index, action) }),
      (errors) => ({ errors }),
    );
  });
}

/** The sections with one moved up or down, or removed. */
function moved<T>(sections: T[], index: number, action: 'up' | 'down' | 'remove'): T[] {
  if (index >= sections.length) throw notFound();
  const copy = [...sections];
  if (action === 'remove') {
    copy.splice(index, 1);
    return copy;
  }
  const other = action === 'up' ? index - 1 : index + 1;
  if (other < 0 || other >= copy.length) return copy;
  [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  return copy;
}

/** A section's problems, named for the add-a-section form's fields ('sections.3.refs' → 'refs'). */
function sectionErrorsOf(errors: FormErrors): FormErrors {
  const field = (key: string) => key.replace(/^sections\.\d+\.?/, '') || 'kind';
  return {
    summary: errors.summary.map((s) => ({
      text: s.text.replace(/^sections\.\d+\.?/, ''),
      href: `#section-${field(s.href.slice(1))}`,
    })),
    fields: Object.fromEntries(Object.entries(errors.fields).map(([k, v]) => [field(k), v])),
  };
}

function describeSection(section: ReportDefinition['sections'][number]): string {
  const heading = section.heading ? `“${section.heading}”: ` : '';
  switch (section.kind) {
    case 'scorecard':
      return `${heading}the ${section.serviceArea} scorecard`;
    case 'exceptions':
      return `${heading}exceptions in ${section.serviceArea ?? 'every service area'}`;
    case 'indicators':
      return `${heading}indicators in detail: ${section.refs.join(', ')}`;
    case 'end-of-year':
      return `${heading}end-of-year table for ${section.year}: ${section.refs.join(', ')}`;
    case 'quarterly':
      return `${heading}quarterly table for ${section.year}: ${section.refs.join(', ')}`;
    case 'contracts':
      return `${heading}contract ${section.contract}`;
    case 'improvement':
      return `${heading}improvement plan ${section.plan}: roll-up and exceptions`;
    case 'risks':
      return `${heading}risks of improvement plan ${section.plan}`;
    case 'infographic':
      return `${heading}infographic ${section.panel}`;
    case 'text':
      return `${heading}text (${section.text.length} characters)`;
  }
}
