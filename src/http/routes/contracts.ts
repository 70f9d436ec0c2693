import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { OptionalShortText } from '../query-schemas.ts';
import {
  CUMULATIVE_BASIS_LABELS,
  type ContractIndicatorPosition,
  type ContractRating,
  type ContractSummary,
} from '../../domain/contracts.ts';
import { formatCount, formatValue } from '../../domain/format.ts';
import { AIM_LABELS } from '../../domain/indicator.ts';
import { nextPeriod, previousPeriod } from '../../domain/periods.ts';
import type { ContractDetail, ContractListItem, createContractServices } from '../../services/contracts.ts';
import type { Render } from '../../web/render.ts';
import { exportLinks } from '../send-export.ts';

/**
 * Partner contracts: the list, one contract's position for a month, and the
 * same position as JSON. Each route needs 'contracts:read'; the service
 * decides which contracts the person may see (a partner: its own only).
 */

const ContractQuery = z.object({
  /** 'YYYY-MM'; blank or absent: the latest month with figures. The service checks the shape. */
  month: OptionalShortText,
});

const READ = { config: { access: 'contracts:read' as const } };

type Display = Pick<ContractIndicatorPosition, 'unit' | 'decimals'>;

/** A tolerance in words: '5.0 percentage points', '30 days', '60'; 'None' for 0. */
function toleranceText(i: ContractIndicatorPosition): string {
  if (i.tolerance === 0) return 'None';
  if (i.unit === 'percent')
    return `${formatValue(i.tolerance, { unit: 'score', decimals: i.decimals })} percentage points`;
  const amount = formatValue(i.tolerance, i);
  return i.unit === 'days' ? `${amount} days` : amount;
}

/** Where the tolerance ends: 'down to 80.0%' (bigger is better) or 'up to 25.0%' (smaller is better). */
function limitText(i: ContractIndicatorPosition): string {
  if (i.target === null || i.tolerance === 0) return '';
  if (i.aim === 'bigger_is_better') return `down to ${formatValue(i.target - i.tolerance, i)}`;
  if (i.aim === 'smaller_is_better') return `up to ${formatValue(i.target + i.tolerance, i)}`;
  return '';
}

function ratingView(r: ContractRating, display: Display) {
  const hasParts = r.numerator !== null && r.denominator !== null;
  return {
    status: r.status,
    label: r.label,
    colour: r.colour,
    explanation: r.explanation,
    value: formatValue(r.value, display),
    parts: hasParts ? `${formatCount(r.numerator)} / ${formatCount(r.denominator)}` : '',
    periodLabel: r.period?.label ?? '',
  };
}

function summaryView(s: ContractSummary | null) {
  return s === null ? null : { text: s.text, counts: s.counts };
}

/** Everything the contract page shows, already formatted. */
function contractPage(detail: ContractDetail) {
  const { contract, position } = detail;
  const month = position.month;
  const latest = detail.latestMonth;
  return {
    contract,
    month: { code: month.code, label: month.label },
    previousMonth: previousPeriod(month).code,
    nextMonth: latest !== null && month.code < latest ? nextPeriod(month).code : null,
    latestMonth: latest,
    inMonth: position.inMonth.text,
    cumulative: position.cumulative.text,
    indicators: position.indicators.map((i) => ({
      position: i.position,
      ref: i.ref,
      title: i.title,
      aim: AIM_LABELS[i.aim],
      target: i.target === null ? 'None agreed' : formatValue(i.target, i),
      tolerance: toleranceText(i),
      limit: limitText(i),
      basis: i.cumulativeBasis,
      basisLabel: CUMULATIVE_BASIS_LABELS[i.cumulativeBasis],
      inMonth: ratingView(i.inMonth, i),
      cumulative: ratingView(i.cumulative, i),
    })),
  };
}

function listPage(items: ContractListItem[]) {
  return items.map((item) => ({
    ref: item.contract.ref,
    title: item.contract.title,
    partner: item.contract.organisation.name,
    isIllustrative: item.contract.isIllustrative,
    indicatorCount: item.indicatorCount,
    month: item.month?.label ?? '',
    inMonth: item.inMonth?.text ?? '',
    cumulative: item.cumulative?.text ?? '',
  }));
}

/** The JSON form: exact values, stable codes, no internal ids. */
function contractJson(detail: ContractDetail) {
  const { contract, position } = detail;
  const rating = (r: ContractRating) => ({
    status: r.status,
    label: r.label,
    value: r.value,
    numerator: r.numerator,
    denominator: r.denominator,
    period: r.period?.code ?? null,
    explanation: r.explanation,
  });
  return {
    contract: {
      ref: contract.ref,
      title: contract.title,
      partner: { name: contract.organisation.name, kind: contract.organisation.kind },
      startsOn: contract.startsOn,
      endsOn: contract.endsOn,
      notes: contract.notes,
      isIllustrative: contract.isIllustrative,
    },
    month: position.month.code,
    latestMonth: detail.latestMonth,
    summary: {
      inMonth: summaryView(position.inMonth),
      cumulative: summaryView(position.cumulative),
    },
    indicators: position.indicators.map((i) => ({
      position: i.position,
      ref: i.ref,
      title: i.title,
      unit: i.unit,
      decimals: i.decimals,
      aim: i.aim,
      isRatio: i.isRatio,
      target: i.target,
      tolerance: i.tolerance,
      cumulativeBasis: i.cumulativeBasis,
      inMonth: rating(i.inMonth),
      cumulative: rating(i.cumulative),
    })),
  };
}

export function registerContractPages(
  app: FastifyInstance,
  services: { contracts: ReturnType<typeof createContractServices> },
  render: Render,
) {
  app.get('/contracts', READ, async (request, reply) => {
    const items = await services.contracts.list(request.context);
    reply.type('text/html; charset=utf-8');
    return render('pages/contracts.njk', {
      title: 'Contracts',
      section: 'contracts',
      contracts: listPage(items),
      downloads: exportLinks('/export/contracts'),
    });
  });

  app.get<{ Params: { ref: string } }>('/contracts/:ref', READ, async (request, reply) => {
    const query = ContractQuery.parse(request.query);
    const detail = await services.contracts.get(request.params.ref, query.month, request.context);
    const page = contractPage(detail);
    reply.type('text/html; charset=utf-8');
    return render('pages/contract.njk', {
      ...page,
      title: `${detail.contract.title}, ${page.month.label}`,
      downloads: exportLinks(`/export/contracts/${encodeURIComponent(detail.contract.ref)}`, {
        month: page.month.code,
      }),
      section: 'contracts',
      breadcrumbs: [{ text: 'Contracts', href: '/contracts' }],
    });
  });

  app.get<{ Params: { ref: string } }>('/api/contracts/:ref', READ, async (request) => {
    const query = ContractQuery.parse(request.query);
    return contractJson(await services.contracts.get(request.params.ref, query.month, request.context));
  });
}
