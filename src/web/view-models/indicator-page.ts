import { describeTarget } from '../../domain/evaluate-target.ts';
import { formatCount, formatValue } from '../../domain/format.ts';
import { AIM_LABELS, BASIS_LABELS, FREQUENCY_LABELS, UNIT_LABELS } from '../../domain/indicator.ts';
import type { ValueRevision } from '../../db/repositories/values.ts';
import type { IndicatorDetail } from '../../services/get-indicator.ts';
import type { PeriodPublication } from '../../services/publication/corrections.ts';
import { renderTrendChart } from '../charts/trend-chart.ts';
import { buildTrendSeries } from '../charts/trend-series.ts';

/** Everything the indicator page template shows, already formatted. */
export function indicatorPage(detail: IndicatorDetail) {
  const { indicator: i } = detail;
  const display = { unit: i.unit, decimals: i.decimals };
  const figure = (v: ValueRevision) =>
    i.isRatio && v.numerator !== null && v.denominator !== null
      ? `${formatValue(v.value, display)} (${formatCount(v.numerator)} of ${formatCount(v.denominator)})`
      : formatValue(v.value, display);
  const itemLabel = (key: string) =>
    key
      .split(';')
      .map((part) => {
        const [dimension, code] = part.split('=');
        const dim = [i.rowDimension, i.columnDimension].find((d) => d?.code === dimension);
        return dim?.items.find((item) => item.code === code)?.label ?? code;
      })
      .join(', ');
  const series = buildTrendSeries(detail.rows);
  return {
    i,
    summaryRows: [
      ['Unit', UNIT_LABELS[i.unit] + (i.isRatio ? ` (${i.numeratorLabel} ÷ ${i.denominatorLabel})` : '')],
      ['Aim', AIM_LABELS[i.aim]],
      ['Frequency', FREQUENCY_LABELS[i.frequency]],
      ['Basis', BASIS_LABELS[i.basis]],
      ['Reporting year', `${i.reportingYear[0]!.toUpperCase()}${i.reportingYear.slice(1)} year`],
      ['Directorate', i.directorate],
      ['Portfolio', i.portfolio],
      ['Council plan priority', i.priority],
      ['Owner', i.owner],
      ['Reporting organisation', i.reportingOrganisation],
      ['Breakdowns', [i.rowDimension?.name, i.columnDimension?.name].filter(Boolean).join(', ') || 'None'],
    ]
      .filter(([, value]) => value)
      .map(([key, value]) => ({ key: { text: key }, value: { text: value } })),
    targets: detail.targets.map((t) => ({
      year: t.year,
      text: describeTarget(t.target, display),
      tolerance:
        'tolerance' in t.target && t.target.tolerance !== null
          ? formatValue(t.target.tolerance, display)
          : '',
      note: t.note,
    })),
    series: detail.series,
    chart: series.values.some((v) => v !== null)
      ? renderTrendChart(series, { title: `${i.title}: trend`, unitSuffix: i.unit === 'percent' ? '%' : '' })
      : null,
    rows: detail.rows.map((r) => ({
      label: r.period.label,
      seriesNote: r.series > 0 ? `Definition ${r.series + 1}` : '',
      figure: r.total ? formatValue(r.total.value, display) : '',
      numerator: r.total ? formatCount(r.total.numerator) : '',
      denominator: r.total ? formatCount(r.total.denominator) : '',
      status: r.publication
        ? publicationStatus(r.publication)
        : r.total
          ? (r.total.status === 'validated' ? 'Validated' : 'Provisional') +
            (r.superseded.length ? ' (revised)' : '')
          : 'No figure',
      publicationNotes: r.publication ? publicationNotes(r.publication, figure, itemLabel) : [],
      evaluation: r.evaluation,
      againstPrevious: r.againstPrevious,
      againstLastYear: r.againstLastYear,
      breakdowns: r.breakdowns.map((b) => ({ label: itemLabel(b.breakdown), figure: figure(b) })),
      revisions: r.superseded.map(
        (v) =>
          `${v.breakdown ? itemLabel(v.breakdown) + ': ' : ''}${figure(v)}, revision ${v.revision}, entered by ${v.enteredBy} on ${v.enteredAt.toISOString().slice(0, 10)}${v.reason ? ` (${v.reason})` : ''}`,
      ),
      commentary: r.commentary,
    })),
  };
}

const day = (d: Date) => d.toISOString().slice(0, 10);

function publicationStatus(p: PeriodPublication): string {
  if (!p.publishedAt) return 'Not yet published';
  return p.corrections.length ? 'Published, revised since' : 'Published';
}

/** The period's publication in words: when it was published, as what, and every correction since with its reason. */
function publicationNotes(
  p: PeriodPublication,
  figure: (v: PeriodPublication['corrections'][number]) => string,
  itemLabel: (key: string) => string,
): string[] {
  if (!p.publishedAt) return [`Open for entry in the ${p.month} cycle: not yet published.`];
  return [
    `Published on ${day(p.publishedAt)}${p.publishedTotal ? ` as ${figure(p.publishedTotal)}` : ''}.`,
    ...p.corrections.map(
      (c) =>
        `Revised on ${day(c.enteredAt)} by ${c.enteredBy}: ${c.breakdown ? itemLabel(c.breakdown) + ' ' : ''}${figure(c)} (${c.reason}).`,
    ),
  ];
}
