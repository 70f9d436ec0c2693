import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { AppError, describeIssue } from '../../errors.ts';
import type {
  ImportDetail,
  ImportServices,
  ImportSummary,
  StagedRow,
} from '../../services/import-figures.ts';
import type { Render } from '../../web/render.ts';
import { sendPage } from '../forms.ts';

/**
 * Importing figures from a file, in the browser: upload (multipart, to a
 * temporary file, never into memory), a preview page that shows its
 * progress while the file is read in the background (a <progress> element
 * and a meta refresh: no script), commit and rollback. Every route needs
 * 'figures:write'; the service decides whose imports a person may see
 * (their own; the performance team and administrators: everyone's) and
 * checks each figure's indicator against the person's permissions.
 */

/** The largest file the upload form accepts, in megabytes (IMPORT_UPLOAD_LIMIT_MB); the CLI has no limit. */
const DEFAULT_UPLOAD_LIMIT_MB = 100;
const UPLOAD_DIR = join(tmpdir(), 'scorecard-uploads');
/** Seconds between refreshes of an import's page while its file is read. */
const REFRESH_SECONDS = 2;

const WRITE = { config: { access: 'figures:write' as const } };

interface Uploaded {
  path: string;
  fileName: string;
  bytes: number;
  isTooLarge: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** An upload's temporary file, removed after the response unless handed to an import. */
    importUpload?: Uploaded | undefined;
  }
}

const IdParams = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 53),
});
const UploadBody = z.object({ sheet: z.string().trim().max(100).optional() }).passthrough();

export interface ImportPageServices {
  imports: ImportServices;
}

export function registerImportPages(app: FastifyInstance, services: ImportPageServices, render: Render) {
  const limitMb = Number(process.env.IMPORT_UPLOAD_LIMIT_MB) || DEFAULT_UPLOAD_LIMIT_MB;
  const UPLOAD_LIMIT_TEXT = `${limitMb} MB`;
  void app.register(async (scope) => {
    await scope.register(multipart, {
      attachFieldsToBody: 'keyValues',
      // An upload over the limit is cut short and marked truncated; the page then says so (not a bare 413).
      throwFileSizeLimit: false,
      limits: { fileSize: limitMb * 1024 * 1024, files: 1, fields: 10, fieldSize: 10_000, parts: 12 },
      // The file is written to disk as it arrives; only a note of where it went joins the body.
      async onFile(part) {
        await mkdir(UPLOAD_DIR, { recursive: true });
        const path = join(UPLOAD_DIR, `${randomBytes(12).toString('hex')}.upload`);
        const upload: Uploaded = {
          path,
          fileName: basename(part.filename ?? ''),
          bytes: 0,
          isTooLarge: false,
        };
        (this as FastifyRequest).importUpload = upload;
        part.file.on('data', (chunk: Buffer) => (upload.bytes += chunk.length));
        await pipeline(part.file, createWriteStream(path));
        upload.isTooLarge = part.file.truncated;
        (part as unknown as { value: unknown }).value = upload;
      },
    });
    scope.addHook('onResponse', async (request) => {
      if (request.importUpload) await rm(request.importUpload.path, { force: true });
    });

    scope.get('/imports', WRITE, async (request, reply) => {
      const imports = await services.imports.list(request.context);
      return sendPage(render, request, reply, 'pages/imports/list.njk', {
        title: 'Imports',
        section: 'imports',
        imports: imports.map(summaryView),
      });
    });

    scope.get('/imports/new', WRITE, async (request, reply) => newForm(request, reply, {}));

    scope.post('/imports', WRITE, async (request, reply) => {
      const upload = request.importUpload;
      const body = UploadBody.safeParse(request.body ?? {});
      const sheet = body.success ? body.data.sheet : undefined;
      if (!upload || (upload.bytes === 0 && !upload.fileName)) {
        return newForm(request, reply.status(400), { error: 'Choose a CSV or Excel file to import.', sheet });
      }
      if (upload.isTooLarge) {
        return newForm(request, reply.status(413), {
          error: `The file is larger than ${UPLOAD_LIMIT_TEXT}, the most this page accepts, so it was not read. Split it into smaller files, or ask the performance team to import it with the command line (scorecard import).`,
          sheet,
        });
      }
      const id = await services.imports.begin(
        { path: upload.path, fileName: upload.fileName || 'upload', isTemporary: true },
        request.context,
        sheet ? { sheet } : {},
      );
      request.importUpload = undefined; // the import removes the file once read
      return reply.redirect(`/imports/${id}`, 303);
    });

    scope.get('/imports/:id', WRITE, async (request, reply) => {
      const { id } = IdParams.parse(request.params);
      return detailPage(request, reply, await services.imports.detail(id, request.context), null);
    });

    scope.post('/imports/:id/commit', WRITE, async (request, reply) => {
      const { id } = IdParams.parse(request.params);
      try {
        await services.imports.commit(id, request.context);
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'conflict') throw error;
        return detailPage(
          request,
          reply.status(409),
          await services.imports.detail(id, request.context),
          error.message,
        );
      }
      return reply.redirect(`/imports/${id}`, 303);
    });

    scope.post('/imports/:id/rollback', WRITE, async (request, reply) => {
      const { id } = IdParams.parse(request.params);
      try {
        await services.imports.rollback(id, request.context);
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'conflict') throw error;
        return detailPage(
          request,
          reply.status(409),
          await services.imports.detail(id, request.context),
          error.message,
        );
      }
      return reply.redirect(`/imports/${id}`, 303);
    });
  });

  function newForm(
    request: FastifyRequest,
    reply: FastifyReply,
    locals: { error?: string; sheet?: string | undefined },
  ) {
    return sendPage(render, request, reply, 'pages/imports/new.njk', {
      title: 'Import figures from a file',
      section: 'imports',
      breadcrumbs: [{ text: 'Imports', href: '/imports' }],
      uploadLimit: UPLOAD_LIMIT_TEXT,
      sheet: locals.sheet ?? '',
      errors: locals.error
        ? { summary: [{ text: locals.error, href: '#file' }], fields: { file: { text: locals.error } } }
        : null,
    });
  }

  function detailPage(
    request: FastifyRequest,
    reply: FastifyReply,
    detail: ImportDetail,
    error: string | null,
  ) {
    const isReading = detail.status === 'reading';
    return sendPage(render, request, reply, 'pages/imports/detail.njk', {
      title: `Import ${detail.id}: ${detail.fileName}`,
      section: 'imports',
      breadcrumbs: [{ text: 'Imports', href: '/imports' }],
      refreshSeconds: isReading ? REFRESH_SECONDS : null,
      item: summaryView(detail),
      progress: detail.progress
        ? {
            percent: Math.round(detail.progress.fraction * 100),
            text: detail.progress.text,
            phase: detail.progress.phase,
          }
        : isReading
          ? { percent: 0, text: 'Being read by another instance of the service', phase: 'reading' }
          : null,
      problems: detail.problems.map((p) => ({
        where: [
          p.sheet ? `sheet "${p.sheet}"` : '',
          p.row ? `row ${p.row}` : '',
          p.column ? `column ${p.column}${p.field ? ` (${p.field})` : ''}` : p.field,
        ]
          .filter(Boolean)
          .join(', '),
        message: p.message,
        text: describeIssue(p),
      })),
      moreProblems: Math.max(0, detail.problemCount - detail.problems.length),
      notes: detail.notes,
      changedRows: detail.changedRows.map(rowView),
      newRows: detail.newRows.map(rowView),
      canCommit: detail.canCommit,
      canRollBack: detail.canRollBack,
      error,
    });
  }
}

const n = (x: number) => x.toLocaleString('en-GB');
const when = (d: Date | null) =>
  d
    ? new Date(d).toLocaleString('en-GB', {
        timeZone: 'Europe/London',
        dateStyle: 'medium',
        timeStyle: 'short',
      })
    : '';

const STATUS_TEXT: Record<ImportSummary['status'], { text: string; colour: string }> = {
  reading: { text: 'Being read', colour: 'blue' },
  ready: { text: 'Ready to commit', colour: 'yellow' },
  refused: { text: 'Refused', colour: 'red' },
  unchanged: { text: 'Nothing to change', colour: 'grey' },
  committed: { text: 'Committed', colour: 'green' },
  rolled_back: { text: 'Rolled back', colour: 'purple' },
  failed: { text: 'Failed', colour: 'red' },
};

function summaryView(s: ImportSummary) {
  return {
    id: s.id,
    fileName: s.fileName,
    status: s.status,
    statusText: STATUS_TEXT[s.status].text,
    statusClass: `govuk-tag--${STATUS_TEXT[s.status].colour}`,
    createdBy: s.createdBy,
    createdAt: when(s.createdAt),
    committedAt: when(s.committedAt),
    committedBy: s.committedBy ?? '',
    rolledBackAt: when(s.rolledBackAt),
    rolledBackBy: s.rolledBackBy ?? '',
    sha256: s.sha256,
    bytes: s.bytes ? `${n(Math.max(1, Math.round(s.bytes / 1024)))} KB` : '',
    format: s.format.toUpperCase(),
    sheet: s.sheet,
    encoding: s.encoding,
    rows: n(s.rowsRead),
    newCount: n(s.newCount),
    changedCount: n(s.changedCount),
    unchangedCount: n(s.unchangedCount),
    refusedCount: n(s.refusedCount),
    commentaryCount: n(s.commentaryCount),
    isCommitted: s.status === 'committed',
  };
}

function figureText(value: number | null, numerator: number | null, denominator: number | null): string {
  if (numerator !== null && denominator !== null)
    return `${n(numerator)} / ${n(denominator)} = ${value === null ? '–' : n(Number(value.toFixed(2)))}`;
  return value === null ? 'none' : n(Number(value.toFixed(6)));
}

function rowView(r: StagedRow) {
  return {
    row: r.row ?? '',
    ref: r.ref,
    period: r.period,
    breakdown: r.breakdown || 'Whole indicator',
    old: r.outcome === 'new' ? '' : figureText(r.oldValue, r.oldNumerator, r.oldDenominator),
    new: figureText(r.value, r.numerator, r.denominator),
    status: r.status,
    statusChange: r.oldStatus && r.oldStatus !== r.status ? `${r.oldStatus} → ${r.status}` : r.status,
    commentary: r.commentary ?? '',
    isCommentaryOnly: r.outcome === 'commentary',
  };
}
