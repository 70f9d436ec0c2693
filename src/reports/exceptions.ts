import type { ScorecardSection } from '../domain/scorecard.ts';
import type { Block, ReportTable } from './document.ts';

/**
 * Why an indicator is an exception for the report: its figure is outside
 * tolerance, or it has worsened against the period before in each of the
 * last two periods. `earlier` is the same indicator's scorecard section for
 * the period before the one reported (absent when there is none).
 */
export function exceptionReasons(section: ScorecardSection, earlier: ScorecardSection | undefined): string[] {
  const reasons: string[] = [];
  if (section.rating.status === 'outside_tolerance') reasons.push('Outside tolerance');
  const worsened = (s: ScorecardSection | undefined) =>
    s?.trends.some((t) => t.versus === 'previous_period' && t.direction.direction === 'worsening') ?? false;
  if (worsened(section) && worsened(earlier)) {
    reasons.push(`Worse for two periods running (${earlier!.period.label} and ${section.period.label})`);
  }
  return reasons;
}

export interface ExceptionRow {
  section: ScorecardSection;
  reasons: string[];
}

/** The exceptions as one table: indicator, figure, target, rating, why, commentary. */
export function exceptionBlocks(rows: ExceptionRow[]): Block[] {
  if (rows.length === 0) {
    return [
      { type: 'paragraph', text: 'No indicator is outside tolerance or worse for two periods running.' },
    ];
  }
  const table: ReportTable = {
    caption: 'Exceptions',
    columns: [
      { label: 'Indicator', isNumeric: false },
      { label: 'Period', isNumeric: false },
      { label: 'Figure', isNumeric: true },
      { label: 'Target', isNumeric: false },
      { label: 'Rating', isNumeric: false },
      { label: 'Why it is an exception', isNumeric: false },
      { label: 'Commentary', isNumeric: false },
    ],
    rows: rows.map(({ section, reasons }) => {
      const headline = section.lines.find((l) => l.kind === 'value' && l.isTotal);
      const current = section.columns.findIndex((c) => c.key === 'current');
      const figure = headline?.cells[current];
      return {
        cells: [
          { text: `${section.ref}: ${section.title}` },
          { text: section.period.label },
          {
            text: figure?.text ?? '',
            value: figure?.exact ?? null,
            ...(figure?.figure ? { source: { indicator: section.ref, ...figure.figure } } : {}),
          },
          { text: section.target },
          { text: section.rating.label, rating: section.rating.colour },
          { text: reasons.join('; ') },
          { text: section.commentary ?? '' },
        ],
      };
    }),
  };
  return [{ type: 'table', table }];
}
