import type { FastifyError, FastifyInstance } from 'fastify';
import { ZodError } from 'zod';
import { AppError, describeIssue, type ErrorCode } from '../errors.ts';
import type { RenderView } from '../web/render.ts';
import { pageLocals } from './auth.ts';

/** The one table from error codes to HTTP. */
const STATUS: Record<ErrorCode, number> = { validation: 400, not_found: 404, conflict: 409, forbidden: 403 };

/**
 * Turns any error into a page or a JSON body. Validation errors list every
 * problem with its field; anything unexpected is logged in full and shown as
 * a plain sentence, with detail only in development.
 */
export function registerErrorHandling(
  app: FastifyInstance,
  render: RenderView,
  options: { isDevelopment: boolean },
) {
  app.setErrorHandler((error: FastifyError | AppError | ZodError, request, reply) => {
    const isApi = request.url.startsWith('/api/');
    let status: number;
    let body: { code: string; message: string; issues: AppError['issues'] };
    if (error instanceof AppError) {
      status = STATUS[error.code];
      body = { code: error.code, message: error.message, issues: error.issues };
    } else if (error instanceof ZodError) {
      status = 400;
      body = {
        code: 'validation',
        message: 'The request was not understood; nothing was changed.',
        issues: error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })),
      };
    } else if ('statusCode' in error && error.statusCode && error.statusCode < 500) {
      status = error.statusCode;
      body = { code: 'bad_request', message: error.message, issues: [] };
    } else {
      request.log.error(error);
      status = 500;
      body = { code: 'internal', message: 'Something went wrong. The error has been logged.', issues: [] };
    }
    if (isApi) return reply.status(status).send(body);
    const heading =
      status === 404
        ? 'Page not found'
        : status >= 500
          ? 'Sorry, there is a problem with the service'
          : 'There is a problem';
    return reply
      .status(status)
      .type('text/html; charset=utf-8')
      .send(
        render('pages/error.njk', {
          ...pageLocals(request),
          title: heading,
          heading,
          message: body.message,
          issues: body.issues.map((issue) => ({ text: describeIssue(issue) })),
          detail: options.isDevelopment && status >= 500 ? String((error as Error).stack) : '',
        }),
      );
  });
  app.setNotFoundHandler((request, reply) => {
    const message = `Nothing is at ${request.url}.`;
    if (request.url.startsWith('/api/'))
      return reply.status(404).send({ code: 'not_found', message, issues: [] });
    return reply
      .status(404)
      .type('text/html; charset=utf-8')
      .send(
        render('pages/error.njk', {
          ...pageLocals(request),
          title: 'Page not found',
          heading: 'Page not found',
          message,
          issues: [],
        }),
      );
  });
}
