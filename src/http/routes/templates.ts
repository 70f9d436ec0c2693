import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { previousPeriod, currentPeriod } from '../../domain/periods.ts';
import { AppError } from '../../errors.ts';
import { figuresTemplateTable } from '../../export/figures-template.ts';
import { EXPORT_FORMATS } from '../../export/table-export.ts';
import { TEMPLATE_COLUMNS } from '../../import/template-columns.ts';
import type { Services } from '../../services/index.ts';
import type { Render } from '../../web/render.ts';
import type { FormErrors } from '../forms.ts';
import { sendPage } from '../forms.ts';
import { sendExport } from '../send-export.ts';

/**
 * Figures templates: a form choosing the indicators (by service area,
 * owner or references), the period and the format, and the download. Both
 * need 'figures:write'; the template lists only the indicators the person
 * may record figures for.
 */

const TemplateQuery = z.object({
  area: z.string().trim().max(200).default(''),
  owner: z.string().trim().max(200).default(''),
  refs: z.string().trim().max(2000).default(''),
  period: z.string().trim().max(40).default(''),
  current: z.union([z.literal('yes'), z.array(z.string())]).optional(),
  format: z.string().trim().default('xlsx'),
});
type TemplateForm = z.infer<typeof TemplateQuery>;

const LABELS: Record<string, string> = {
  area: 'Service area',
  owner: 'Owner',
  refs: 'Indicator references',
  period: 'Period',
  format: 'Format',
};

/** References as typed: separated by commas, semicolons, spaces or new lines. */
const splitRefs = (text: string) => text.split(/[\s,;]+/).filter(Boolean);

export function registerTemplatePages(app: FastifyInstance, services: Services, render: Render) {
  const formPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: TemplateForm,
    errors: FormErrors | null = null,
  ) => {
    const { serviceAreas, owners } = await services.facets(request.context);
    const items = (values: string[], selected: string, anyText: string) => [
      { value: '', text: anyText, selected: !selected },
      ...values.map((v) => ({ value: v, text: v, selected: v === selected })),
    ];
    const lastMonth = previousPeriod(currentPeriod('month', new Date().toISOString().slice(0, 10))).code;
    return sendPage(render, request, reply, 'pages/templates.njk', {
      title: 'Download a figures template',
      section: 'templates',
      areaItems: items(serviceAreas, form.area, 'All service areas'),
      ownerItems: items(owners, form.owner, 'Any owner'),
      form: { ...form, period: form.period || lastMonth, current: form.current !== undefined },
      columns: TEMPLATE_COLUMNS,
      errors,
    });
  };

  app.get('/templates', { config: { access: 'figures:write' } }, async (request, reply) => {
    const parsed = TemplateQuery.safeParse(request.query);
    return formPage(request, reply, parsed.success ? parsed.data : TemplateQuery.parse({}));
  });

  app.get('/templates/download', { config: { access: 'figures:write' } }, async (request, reply) => {
    const form = TemplateQuery.parse(request.query);
    const refuse = (issues: { field: string; message: string }[]) => {
      reply.status(400);
      return formPage(request, reply, form, {
        summary: issues.map((i) => ({
          text: `${LABELS[i.field] ?? i.field} ${i.message}`,
          href: `#${i.field}`,
        })),
        fields: Object.fromEntries(
          issues.map((i) => [i.field, { text: `${LABELS[i.field] ?? i.field} ${i.message}` }]),
        ),
      });
    };
    const format = EXPORT_FORMATS.find((f) => f === form.format.toLowerCase());
    if (!format) return refuse([{ field: 'format', message: 'must be XLSX or CSV' }]);
    if (!form.period) return refuse([{ field: 'period', message: 'is required: a month such as 2017-05' }]);
    try {
      const template = await services.figuresTemplate(
        {
          ...(form.area ? { serviceArea: form.area } : {}),
          ...(form.owner ? { owner: form.owner } : {}),
          refs: splitRefs(form.refs),
          period: form.period,
          includeCurrent: form.current !== undefined,
        },
        request.context,
      );
      return await sendExport(reply, figuresTemplateTable(template), format, [
        'figures-template',
        form.area,
        form.owner,
        template.period.code,
      ]);
    } catch (error) {
      if (error instanceof AppError && error.code === 'validation') return refuse(error.issues);
      throw error;
    }
  });
}
