import { parsePeriod } from '../domain/periods.ts';
import type { FigureSource, ReportDocument } from './document.ts';

/** A correction recorded after a report was published, to a figure the report showed. */
export interface LaterFigure {
  indicator: string;
  period: string;
  breakdown: string;
  revision: number;
  value: number | null;
  enteredBy: string;
  enteredAt: Date;
  reason: string;
}

export interface RevisionNote {
  indicator: string;
  period: string;
  breakdown: string;
  /** The figure as the report showed it. */
  shown: string;
  /** The latest revision since, as a number (null: withdrawn). */
  now: number | null;
  revisedOn: string;
  revisedBy: string;
  reason: string;
  /** One sentence for the reader. */
  text: string;
}

const keyOf = (s: Pick<FigureSource, 'indicator' | 'period' | 'breakdown'>) =>
  `${s.indicator}|${s.period}|${s.breakdown}`;

/** Every stored figure a document shows, with the text it shows it as (the first place it appears). */
export function figuresShown(document: ReportDocument): { source: FigureSource; text: string }[] {
  const shown = new Map<string, { source: FigureSource; text: string }>();
  const note = (source: FigureSource | undefined, text: string) => {
    if (source && !shown.has(keyOf(source))) shown.set(keyOf(source), { source, text });
  };
  for (const section of document.sections) {
    for (const block of section.blocks) {
      if (block.type === 'table') {
        for (const row of block.table.rows) for (const cell of row.cells) note(cell.source, cell.text);
      } else if (block.type === 'figures') {
        for (const figure of block.figures) note(figure.source, figure.text);
      }
    }
  }
  return [...shown.values()];
}

/**
 * What has been revised since a report was published: for each figure it
 * showed, the latest revision recorded after it (a later revision number
 * than the one shown), in the order the figures appear.
 */
export function revisionNotes(document: ReportDocument, later: LaterFigure[]): RevisionNote[] {
  const latest = new Map<string, LaterFigure>();
  for (const figure of later) {
    const previous = latest.get(keyOf(figure));
    if (!previous || figure.revision > previous.revision) latest.set(keyOf(figure), figure);
  }
  return figuresShown(document).flatMap(({ source, text }) => {
    const revised = latest.get(keyOf(source));
    if (!revised || revised.revision <= source.revision) return [];
    const where = [parsePeriod(source.period)?.label ?? source.period, source.breakdown]
      .filter(Boolean)
      .join(', ');
    const revisedOn = revised.enteredAt.toISOString().slice(0, 10);
    return [
      {
        indicator: source.indicator,
        period: source.period,
        breakdown: source.breakdown,
        shown: text,
        now: revised.value,
        revisedOn,
        revisedBy: revised.enteredBy,
        reason: revised.reason,
        text: `${source.indicator} (${where}): shown as ${text || 'no figure'}; revised on ${revisedOn} by ${revised.enteredBy} to ${revised.value ?? 'no figure'}${revised.reason ? ` (${revised.reason})` : ''}.`,
      },
    ];
  });
}
