import { CUMULATIVE_BASIS_LABELS, type ContractRating } from '../domain/contracts.ts';
import { AIM_LABELS, BASIS_LABELS, FREQUENCY_LABELS, UNIT_LABELS, type Unit } from '../domain/indicator.ts';
import type { AuditEvent } from '../db/repositories/audit.ts';
import type { Indicator } from '../db/repositories/catalogue.ts';
import type { ValueRevision } from '../db/repositories/values.ts';
import type { Scorecard } from '../services/build-scorecard.ts';
import type { ContractDetail, ContractListItem } from '../services/contracts.ts';
import type { IndicatorDetail } from '../services/get-indicator.ts';
import type { CycleItem } from '../services/publication/cycle.ts';
import type { WhatChanged } from '../services/publication/what-changed.ts';
import type { CellValue, ExportColumn, ExportTable } from './table-export.ts';

/**
 * The tables of the pages, as exports: the same figures the page shows (the
 * services have already applied who may see what), with exact numbers
 * rather than the rounded text, and codes beside labels where a program
 * reading the file would want them.
 */

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

/** A number format for an indicator's figures: '0.0' for one decimal place, '#,##0' for counts. */
function numberFormatFor(unit: Unit, decimals: number): string {
  const places = decimals > 0 ? `.${'0'.repeat(decimals)}` : '';
  return unit === 'count' || unit === 'money' ? `#,##0${places}` : `0${places}`;
}

function columns(...headings: (string | ExportColumn)[]): ExportColumn[] {
  return headings.map((h) => (typeof h === 'string' ? { heading: h } : h));
}

/**
 * The whole scorecard as one long table: a row per indicator, line and
 * column of its grid (the comparison, the period itself, each column item),
 * with the exact figure, the figure as shown and its flags, and the
 * indicator's target, rating and commentary.
 */
export function scorecardTable(scorecard: Scorecard): ExportTable {
  const rows: CellValue[][] = [];
  for (const section of scorecard.sections) {
    let isFirst = true;
    for (const line of section.lines) {
      line.cells.forEach((cell, index) => {
        const column = section.columns[index];
        if (!column) return;
        rows.push([
          section.ref,
          section.title,
          section.period.code,
          line.label,
          line.kind,
          column.label,
          column.isComparison ? 'comparison' : column.key === 'current' ? 'total' : column.key,
          cell.exact,
          cell.text,
          yesNo(cell.isProvisional),
          yesNo(cell.isRevised),
          section.target,
          section.rating.label,
          isFirst ? (section.commentary ?? '') : '',
        ]);
        isFirst = false;
      });
    }
  }
  return {
    title: `Scorecard ${scorecard.month.code}`,
    columns: columns(
      'Reference',
      'Indicator',
      'Period',
      'Line',
      'Measure',
      'Column',
      'Column code',
      'Figure',
      'Shown as',
      'Provisional',
      'Revised',
      'Target',
      'Rating',
      { heading: 'Commentary', width: 60 },
    ),
    rows,
  };
}

export function catalogueTable(indicators: readonly Indicator[]): ExportTable {
  return {
    title: 'Indicators',
    columns: columns(
      'Reference',
      { heading: 'Indicator', width: 50 },
      'Service area',
      'Aim',
      'Frequency',
      'Basis',
      'Unit',
      'Decimals',
      'Ratio',
      'Numerator',
      'Denominator',
      'Breakdowns',
      'Directorate',
      'Owner',
      'Reporting organisation',
      { heading: 'Definition', width: 60 },
    ),
    rows: indicators.map((i) => [
      i.ref,
      i.title,
      i.serviceArea,
      AIM_LABELS[i.aim],
      FREQUENCY_LABELS[i.frequency],
      BASIS_LABELS[i.basis],
      UNIT_LABELS[i.unit],
      i.decimals,
      yesNo(i.isRatio),
      i.numeratorLabel,
      i.denominatorLabel,
      [i.rowDimension?.name, i.columnDimension?.name].filter(Boolean).join(', '),
      i.directorate,
      i.owner,
      i.reportingOrganisation,
      i.definition,
    ]),
  };
}

/**
 * An indicator's history: every figure the reader may see, current and
 * superseded, newest period first, each with its breakdown, status,
 * revision and where it came from; the period's target and rating on its
 * current whole-indicator row.
 */
export function indicatorHistoryTable(detail: IndicatorDetail): ExportTable {
  const { indicator: i } = detail;
  const format = numberFormatFor(i.unit, i.decimals);
  const itemLabel = (key: string) =>
    key
      .split(';')
      .filter(Boolean)
      .map((part) => {
        const [dimension, code] = part.split('=');
        const dim = [i.rowDimension, i.columnDimension].find((d) => d?.code === dimension);
        return dim?.items.find((item) => item.code === code)?.label ?? code;
      })
      .join(', ');
  const rows: CellValue[][] = [];
  for (const r of detail.rows) {
    const figures: ValueRevision[] = [...(r.total ? [r.total] : []), ...r.breakdowns, ...r.superseded];
    for (const v of figures) {
      const isTotalRow = v === r.total;
      rows.push([
        i.ref,
        r.period.code,
        r.period.label,
        v.breakdown,
        itemLabel(v.breakdown) || 'All',
        v.value,
        v.numerator,
        v.denominator,
        v.status,
        v.revision,
        yesNo(v.isCurrent),
        v.enteredAt,
        v.enteredBy,
        v.source,
        v.reason,
        isTotalRow ? r.target : null,
        isTotalRow ? r.evaluation.label : '',
        isTotalRow ? (r.commentary.find((c) => c.isCurrent)?.body ?? '') : '',
      ]);
    }
  }
  return {
    title: `${i.ref} history`,
    columns: columns(
      'Reference',
      'Period',
      'Period label',
      'Breakdown',
      'Breakdown item',
      { heading: 'Value', numberFormat: format },
      { heading: i.isRatio && i.numeratorLabel ? `Numerator (${i.numeratorLabel})` : 'Numerator' },
      {
        heading: i.isRatio && i.denominatorLabel ? `Denominator (${i.denominatorLabel})` : 'Denominator',
      },
      'Status',
      'Revision',
      'Current',
      { heading: 'Entered at', numberFormat: 'yyyy-mm-dd hh:mm', width: 18 },
      'Entered by',
      'Source',
      'Reason',
      { heading: 'Target', numberFormat: format },
      'Rating',
      { heading: 'Commentary', width: 60 },
    ),
    rows,
  };
}

const ratingCells = (r: ContractRating): CellValue[] => [
  r.period?.code ?? '',
  r.value,
  r.numerator,
  r.denominator,
  r.label,
  r.explanation,
];

const ratingHeadings = (when: string) => [
  `${when} period`,
  `${when} value`,
  `${when} numerator`,
  `${when} denominator`,
  `${when} rating`,
  { heading: `${when} explanation`, width: 60 },
];

/** A contract's position for a month: one row per contractual indicator, in month and cumulative. */
export function contractTable(detail: ContractDetail): ExportTable {
  const { contract, position } = detail;
  return {
    title: `${contract.ref} ${position.month.code}`,
    columns: columns(
      'Contract',
      'Partner',
      'Month',
      'Position',
      'Reference',
      { heading: 'Indicator', width: 50 },
      'Aim',
      'Unit',
      'Target',
      'Tolerance',
      'Cumulative basis',
      ...ratingHeadings('In month'),
      ...ratingHeadings('Cumulative'),
    ),
    rows: position.indicators.map((i) => [
      contract.ref,
      contract.organisation.name,
      position.month.code,
      i.position,
      i.ref,
      i.title,
      AIM_LABELS[i.aim],
      UNIT_LABELS[i.unit],
      i.target,
      i.tolerance,
      CUMULATIVE_BASIS_LABELS[i.cumulativeBasis],
      ...ratingCells(i.inMonth),
      ...ratingCells(i.cumulative),
    ]),
  };
}

export function contractsTable(items: readonly ContractListItem[]): ExportTable {
  return {
    title: 'Contracts',
    columns: columns(
      'Reference',
      { heading: 'Contract', width: 40 },
      'Partner',
      'Illustrative',
      'Starts on',
      'Ends on',
      'Indicators',
      'Month',
      { heading: 'In month', width: 60 },
      { heading: 'Cumulative', width: 60 },
    ),
    rows: items.map((item) => [
      item.contract.ref,
      item.contract.title,
      item.contract.organisation.name,
      yesNo(item.contract.isIllustrative),
      item.contract.startsOn,
      item.contract.endsOn ?? '',
      item.indicatorCount,
      item.month?.code ?? '',
      item.inMonth?.text ?? '',
      item.cumulative?.text ?? '',
    ]),
  };
}

/** The audit record: the columns the CSV has always had, in its order. */
export function auditTable(events: readonly AuditEvent[]): ExportTable {
  return {
    title: 'Audit record',
    columns: columns(
      'id',
      { heading: 'at', width: 26 },
      'actor',
      'channel',
      'ip',
      'action',
      'entity_type',
      'entity_id',
      'outcome',
      { heading: 'before', width: 60 },
      { heading: 'after', width: 60 },
      { heading: 'detail', width: 60 },
    ),
    rows: events.map((e) => [
      e.id,
      e.at.toISOString(),
      e.actor,
      e.channel,
      e.ip,
      e.action,
      e.entityType,
      e.entityId,
      e.outcome,
      e.before === null ? '' : JSON.stringify(e.before),
      e.after === null ? '' : JSON.stringify(e.after),
      e.detail,
    ]),
  };
}

/** Completeness and timeliness for a cycle month: one row per item, as the page filters them. */
export function completenessTable(month: string, items: readonly CycleItem[]): ExportTable {
  return {
    title: `Completeness ${month}`,
    columns: columns(
      'Reference',
      { heading: 'Indicator', width: 50 },
      'Service area',
      'Period',
      'Submitted by',
      'State',
      'Due on',
      'Overdue',
      { heading: 'Note', width: 40 },
      { heading: 'Last changed', numberFormat: 'yyyy-mm-dd hh:mm', width: 18 },
      'Changed by',
    ),
    rows: items.map((item) => [
      item.indicator.ref,
      item.indicator.title,
      item.indicator.serviceArea,
      item.period.code,
      item.submitter,
      item.stateLabel,
      item.dueOn,
      yesNo(item.isOverdue),
      item.note,
      item.changedAt,
      item.changedBy,
    ]),
  };
}

/** What changed between two publications (or one and now): one row per change, with why. */
export function changesTable(changes: WhatChanged): ExportTable {
  return {
    title: `Changes since ${changes.from.month}`,
    columns: columns(
      'Reference',
      { heading: 'Indicator', width: 50 },
      'Period',
      'Breakdown',
      'What',
      { heading: 'Before', width: 30 },
      { heading: 'After', width: 30 },
      { heading: 'Why', width: 60 },
    ),
    rows: changes.changes.map((c) => [
      c.indicator.ref,
      c.indicator.title,
      c.period.code,
      c.breakdown,
      c.kind,
      c.before,
      c.after,
      c.why.join('; '),
    ]),
  };
}
