import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, describeIssue } from '../errors.ts';
import type { Render } from '../web/render.ts';
import { pageLocals } from './auth.ts';

/** A refused form's problems, shaped for GOV.UK's error summary and each field's error message. */
export interface FormErrors {
  summary: { text: string; href: string }[];
  fields: Record<string, { text: string }>;
}

/**
 * Turns a validation error into what a form shows beside its fields, so the
 * person sees every problem at once with the values they typed kept. Any
 * other error is not the form's to show, and is thrown on.
 */
export function formErrorsOf(error: unknown): FormErrors {
  if (!(error instanceof AppError) || error.code !== 'validation') throw error;
  const issues = error.issues.length ? error.issues : [{ field: '', message: error.message }];
  return {
    summary: issues.map((issue) => ({
      text: issue.field ? `${labelOf(issue.field)} ${issue.message}` : describeIssue(issue),
      href: `#${issue.field || 'main-content'}`,
    })),
    fields: Object.fromEntries(
      issues.filter((i) => i.field).map((i) => [i.field, { text: `${labelOf(i.field)} ${i.message}` }]),
    ),
  };
}

const LABELS: Record<string, string> = {
  email: 'Email address',
  name: 'Name',
  organisation: 'Organisation',
  role: 'Role',
  password: 'Password',
  currentPassword: 'Current password',
  newPassword: 'New password',
  scopes: 'Permissions',
  expiresInDays: 'Days until it expires',
  kind: 'Kind',
  title: 'Title',
  audience: 'Audience',
  period: 'Month',
  sections: 'Sections:',
  serviceArea: 'Service area',
  refs: 'Indicator references',
  year: 'Reporting year',
  contract: 'Contract reference',
  plan: 'Improvement plan reference',
  panel: 'Infographic',
  heading: 'Heading',
  text: 'Text',
};

function labelOf(field: string): string {
  return LABELS[field] ?? field;
}

/** Renders a page with what every page knows of the person looking at it. */
export function sendPage(
  render: Render,
  request: FastifyRequest,
  reply: FastifyReply,
  view: string,
  locals: Record<string, unknown>,
) {
  return reply.type('text/html; charset=utf-8').send(render(view, { ...pageLocals(request), ...locals }));
}
