import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AIM_LABELS, AIMS, FREQUENCIES, FREQUENCY_LABELS } from '../../domain/indicator.ts';
import type { Services } from '../../services/index.ts';
import type { Render } from '../../web/render.ts';
import { indicatorPage } from '../../web/view-models/indicator-page.ts';
import { pageLocals } from '../auth.ts';
import { AsAt } from '../query-schemas.ts';
import { exportLinks } from '../send-export.ts';

const ScorecardQuery = z.object({
  area: z.string().trim().optional(),
  month: z.string().trim().optional(),
  asAt: z.union([z.literal('').transform(() => undefined), AsAt]).optional(),
});
const CatalogueQuery = z.object({
  area: z.string().trim().optional(),
  aim: z.string().trim().optional(),
  frequency: z.string().trim().optional(),
  owner: z.string().trim().optional(),
});

/** The server-rendered pages: each validates its query, calls one service and renders one template. */
export function registerPages(app: FastifyInstance, services: Services, render: Render) {
  app.get('/', { config: { access: 'public' } }, async (request, reply) =>
    reply.redirect(request.signedIn ? '/scorecard' : '/sign-in'),
  );

  app.get('/scorecard', { config: { access: 'figures:read' } }, async (request, reply) => {
    const query = ScorecardQuery.parse(request.query);
    const { scorecard, serviceAreas } = await services.chosenScorecard(query, request.context);
    const asAtText = (request.query as { asAt?: string }).asAt ?? '';
    // The content depends on the scorecard (cached per data version and what this reader may see) and
    // these locals alone, so it is rendered once; only the layout, which names the person, per request.
    const content = render.fragment(scorecard, 'partials/scorecard-content.njk', {
      areaItems: serviceAreas.map((a) => ({ value: a, text: a, selected: a === scorecard.serviceArea })),
      asAtText,
      downloads: exportLinks('/export/scorecard', {
        area: scorecard.serviceArea,
        month: scorecard.month.code,
        asAt: query.asAt ? asAtText : undefined,
      }),
    });
    reply.type('text/html; charset=utf-8');
    return render.page(
      'pages/scorecard.njk',
      { ...pageLocals(request), title: `Scorecard for ${scorecard.month.label}`, section: 'scorecard' },
      content,
    );
  });

  app.get('/indicators', { config: { access: 'figures:read' } }, async (request, reply) => {
    const query = CatalogueQuery.parse(request.query);
    const [indicators, facets] = await Promise.all([
      services.indicators(
        {
          ...(query.area ? { serviceArea: query.area } : {}),
          ...(query.aim ? { aim: query.aim } : {}),
          ...(query.frequency ? { frequency: query.frequency } : {}),
          ...(query.owner ? { owner: query.owner } : {}),
        },
        request.context,
      ),
      services.facets(request.context),
    ]);
    const options = (
      values: { value: string; text: string }[],
      selected: string | undefined,
      anyText: string,
    ) => [
      { value: '', text: anyText, selected: !selected },
      ...values.map((v) => ({ ...v, selected: v.value === selected })),
    ];
    reply.type('text/html; charset=utf-8');
    return render('pages/catalogue.njk', {
      ...pageLocals(request),
      title: 'Indicators',
      section: 'indicators',
      downloads: exportLinks('/export/indicators', query),
      indicators: indicators.map((i) => ({
        ...i,
        aimLabel: AIM_LABELS[i.aim],
        frequencyLabel: FREQUENCY_LABELS[i.frequency],
      })),
      filters: {
        area: options(
          facets.serviceAreas.map((a) => ({ value: a, text: a })),
          query.area,
          'All service areas',
        ),
        aim: options(
          AIMS.map((a) => ({ value: a, text: AIM_LABELS[a] })),
          query.aim,
          'Any aim',
        ),
        frequency: options(
          FREQUENCIES.map((f) => ({ value: f, text: FREQUENCY_LABELS[f] })),
          query.frequency,
          'Any frequency',
        ),
        owner: options(
          facets.owners.map((o) => ({ value: o, text: o })),
          query.owner,
          'Any owner',
        ),
      },
    });
  });

  app.get<{ Params: { ref: string } }>(
    '/indicators/:ref',
    { config: { access: 'figures:read' } },
    async (request, reply) => {
      const detail = await services.indicator(request.params.ref, request.context);
      reply.type('text/html; charset=utf-8');
      return render('pages/indicator.njk', {
        ...pageLocals(request),
        ...indicatorPage(detail),
        title: detail.indicator.title,
        section: 'indicators',
        downloads: exportLinks(`/export/indicators/${encodeURIComponent(detail.indicator.ref)}`),
        breadcrumbs: [
          { text: 'Indicators', href: '/indicators' },
          {
            text: detail.indicator.serviceArea,
            href: `/indicators?area=${encodeURIComponent(detail.indicator.serviceArea)}`,
          },
        ],
      });
    },
  );
}
