import type { Kysely } from 'kysely';
import { writeAudit } from '../../db/repositories/audit.ts';
import { latestImportId, loadChildRecords } from '../../db/repositories/child-records.ts';
import { findPopulations } from '../../db/repositories/values.ts';
import type { Database } from '../../db/schema.ts';
import type { Period } from '../../domain/periods.ts';
import { aggregate, TOTAL_ITEM, type Aggregate } from '../../measures/aggregate.ts';
import { holidaysOf } from '../../measures/bank-holidays.ts';
import { readBankHolidays } from '../../measures/bank-holidays-file.ts';
import { breakdownItemOf, type BreakdownKind } from '../../measures/breakdowns.ts';
import { workingDayCalendar, type WorkingDayCalendar } from '../../measures/calendar.ts';
import { MEASURES, measureById } from '../../measures/catalogue.ts';
import {
  DEFAULT_SETTINGS,
  type MeasureDefinition,
  type MeasureRow,
  type MeasureSettings,
} from '../../measures/measure.ts';
import { indexRecords, type IndexedRecords } from '../../measures/records-index.ts';
import { workingListById, type WorkingList, type WorkingListRow } from '../../measures/working-lists.ts';
import type { IsoDateTime } from '../../measures/model.ts';
import { notFound } from '../../errors.ts';
import { requirePermission } from '../authorise.ts';
import type { RequestContext } from '../context.ts';

/**
 * Measures computed from the child-level records held: the figure for any
 * period and breakdown, and the rows behind it. An authority's records are
 * loaded and indexed once per import (the next import makes them stale), so moving between periods and breakdowns costs only the measure.
 * Figures need `measures:read`; anything that names a child needs
 * `children:read` and is audited, view by view.
 */

export interface MeasureQuery {
  la: string;
  measureId: string;
  period: Period;
  breakdown: BreakdownKind;
}

export interface MeasureFigure {
  definition: MeasureDefinition;
  period: Period;
  breakdown: BreakdownKind;
  aggregate: Aggregate;
}

/** Which rows of a figure: those counted in its numerator or denominator, or those left out. */
export type RowPart = 'numerator' | 'denominator' | 'left_out';

export interface RowsQuery extends MeasureQuery {
  /** The breakdown item (TOTAL_ITEM for the whole authority). */
  item: string;
  part: RowPart;
}

/** Birmingham's DfE code: the demo council's, and the default until a council sets its own. */
export const HOME_LA = '330';

/** The calendar's years: the earliest records returned (about 2000) to a decade ahead. */
const CALENDAR_YEARS = { first: 1995, last: 2040 } as const;
/** Authorities kept loaded at once: the council's own and one other being looked at. */
const LOADED_AUTHORITIES = 2;

export interface MeasureServiceSettings {
  /** The council's own authority: the populations held (for rates per 10,000) are its. */
  homeLa: string;
  measures: MeasureSettings;
}

function definitionOf(id: string): MeasureDefinition {
  const definition = measureById(id);
  if (!definition) throw notFound(`There is no measure ${id}.`);
  return definition;
}

export function createMeasureServices(
  db: Kysely<Database>,
  { homeLa, measures: settings }: MeasureServiceSettings = { homeLa: HOME_LA, measures: DEFAULT_SETTINGS },
) {
  let calendar: Promise<WorkingDayCalendar> | null = null;
  const calendarOf = () =>
    (calendar ??= readBankHolidays().then((list) =>
      workingDayCalendar(CALENDAR_YEARS.first, CALENDAR_YEARS.last, holidaysOf(list)),
    ));

  const loaded = new Map<string, Promise<IndexedRecords>>();
  async function recordsOf(la: string): Promise<IndexedRecords> {
    // Only an import changes an authority's records: figures recorded from them (which bump the data version) do not.
    const key = `${la}@${await latestImportId(db, la)}`;
    let records = loaded.get(key);
    if (!records) {
      for (const stale of [...loaded.keys()].filter((k) => k.startsWith(`${la}@`))) loaded.delete(stale);
      while (loaded.size >= LOADED_AUTHORITIES) loaded.delete(loaded.keys().next().value!);
      records = loadChildRecords(db, la).then(indexRecords);
      records.catch(() => loaded.delete(key));
      loaded.set(key, records);
    }
    return records;
  }

  /**
   * The population aged 0–17 of the whole authority, the latest held for a
   * year no later than the period's end. Populations are held for the
   * council's own authority only, and not by team or age band, so other
   * lines of a rate have no figure.
   */
  async function populationOf(la: string, period: Period): Promise<(item: string) => number | null> {
    if (la !== homeLa) return () => null;
    const year = +period.end.slice(0, 4);
    const rows = (await findPopulations(db)).filter((p) => p.year <= year);
    const latest = rows.filter((p) => p.breakdown === '').sort((a, b) => b.year - a.year)[0];
    return (item) => (item === TOTAL_ITEM && latest ? Number(latest.population) : null);
  }

  async function rowsOf(
    query: MeasureQuery,
  ): Promise<{ definition: MeasureDefinition; rows: MeasureRow[]; records: IndexedRecords }> {
    const definition = definitionOf(query.measureId);
    const [records, calendar] = await Promise.all([recordsOf(query.la), calendarOf()]);
    return {
      definition,
      rows: definition.rows({ records, period: query.period, settings, calendar }),
      records,
    };
  }

  return {
    settings,

    async figure(query: MeasureQuery, context: RequestContext): Promise<MeasureFigure> {
      const { measureId, ...rest } = query;
      return (await this.figures({ ...rest, measureIds: [measureId] }, context))[0]!;
    },

    /**
     * Several measures (all of them by default) for one authority, period and
     * breakdown: the records, the calendar and the population looked up once
     * for them all.
     */
    async figures(
      query: Omit<MeasureQuery, 'measureId'> & { measureIds?: readonly string[] },
      context: RequestContext,
    ): Promise<MeasureFigure[]> {
      requirePermission(context, 'measures:read');
      const definitions = (query.measureIds ?? MEASURES.map((m) => m.id)).map(definitionOf);
      const [records, calendar] = await Promise.all([recordsOf(query.la), calendarOf()]);
      const population = definitions.some((d) => d.kind === 'rate_per_10k')
        ? await populationOf(query.la, query.period)
        : () => null;
      return definitions.map((definition) => ({
        definition,
        period: query.period,
        breakdown: query.breakdown,
        aggregate: aggregate(
          definition,
          definition.rows({ records, period: query.period, settings, calendar }),
          {
            breakdown: query.breakdown,
            childOf: records.child,
            population,
          },
        ),
      }));
    },

    /** The rows behind one part of one line of a figure, naming children: audited. */
    async rowsBehind(
      query: RowsQuery,
      context: RequestContext,
    ): Promise<{ definition: MeasureDefinition; rows: MeasureRow[]; records: IndexedRecords }> {
      requirePermission(context, 'children:read');
      const { definition, rows, records } = await rowsOf(query);
      const inItem = (row: MeasureRow) =>
        query.item === TOTAL_ITEM ||
        breakdownItemOf(query.breakdown, records.child(row.childId), row.ageAt) === query.item;
      const inPart = (row: MeasureRow) =>
        query.part === 'left_out'
          ? row.leftOutBecause !== null
          : row.leftOutBecause === null && (query.part === 'numerator' ? row.inNumerator : row.inDenominator);
      const selected = rows.filter((row) => inPart(row) && inItem(row));
      await writeAudit(db, context, {
        action: 'children.view',
        entityType: 'measure',
        entityId: definition.id,
        detail: `${query.part} of ${definition.title}, ${query.period.label}, authority ${query.la}, ${query.breakdown === 'none' ? 'all children' : `${query.breakdown} ${query.item}`}: ${selected.length} records`,
      });
      return { definition, rows: selected, records };
    },

    /** A working list as at a moment (local time), naming children: audited. */
    async workingList(
      listId: string,
      { la, now }: { la: string; now: IsoDateTime },
      context: RequestContext,
    ): Promise<{ list: WorkingList; rows: WorkingListRow[] }> {
      requirePermission(context, 'children:read');
      const list = workingListById(listId);
      if (!list) throw notFound(`There is no working list ${listId}.`);
      const [records, calendar] = await Promise.all([recordsOf(la), calendarOf()]);
      const rows = list.rows({ records, now, settings, calendar });
      await writeAudit(db, context, {
        action: 'children.view',
        entityType: 'working_list',
        entityId: list.id,
        detail: `${list.title}, authority ${la}, as at ${now}: ${rows.length} records`,
      });
      return { list, rows };
    },
  };
}

export type MeasureServices = ReturnType<typeof createMeasureServices>;
