import type { Issue } from '../../errors.ts';
import { readPlanDate, longDay } from '../../domain/improvement/dates.ts';
import { LEVELS, type ItemLevel } from '../../domain/improvement/plan.ts';
import { allowedStatusesText, statusCodeOf, type RagDefinition } from '../../domain/improvement/rag.ts';
import { cellText, columnLetter, headingKey, readTable, type TableCell } from './read-table.ts';

/**
 * Reads a plan from a CSV or XLSX file: one row per workstream, project or
 * action. Two layouts are read:
 *
 * - **one row per item**, with `level` (workstream, project or action),
 *   `ref`, `parent` (the workstream of a project, the project of an action)
 *   and `title`;
 * - **the plan summary as the council prints it** (the 2023 plan's
 *   layout): one row per project with `workstream_code` and
 *   `workstream_title`, from which the workstreams are made.
 *
 * Optional columns in both: `lead`, `lead_email`, `deliverables`, `impact`
 * (or `impact_benefits`), `target_date`, `contributes_to` (ambitions, `;`
 * between them), `indicators` (indicator references), `status` (the plan's
 * RAG label: the item's status on the day of the import).
 *
 * Every problem is an issue naming the file, row and column: an unknown
 * level or status, a reference given twice, a project whose workstream (or
 * an action whose project) is not in the file or missing, a date that is
 * not a day or falls before the plan starts. Pure apart from decoding.
 */

export interface ParsedItem {
  /** The file's row (the first row the item came from, for a workstream made from the summary layout). */
  row: number;
  level: ItemLevel;
  ref: string;
  parentRef: string | null;
  title: string;
  lead: string;
  leadEmail: string;
  deliverables: string;
  impact: string;
  targetDate: string | null;
  ambitions: string[];
  indicatorRefs: string[];
  status: string | null;
}

export interface ParsedPlan {
  items: ParsedItem[];
  issues: Issue[];
  /** Headings not read, for the person to know they were ignored. */
  ignoredHeadings: string[];
  rowsRead: number;
}

export interface PlanFileOptions {
  startsOn: string;
  definitions: readonly RagDefinition[];
}

const FIELDS = {
  level: ['level', 'type'],
  ref: ['ref', 'reference'],
  parent: ['parent', 'parent_ref'],
  workstreamCode: ['workstream_code', 'workstream'],
  workstreamTitle: ['workstream_title'],
  title: ['title', 'project', 'action', 'name'],
  lead: ['lead', 'project_lead', 'action_lead'],
  leadEmail: ['lead_email'],
  deliverables: ['deliverables'],
  impact: ['impact', 'impact_benefits', 'expected_impact'],
  targetDate: ['target_date'],
  ambitions: ['contributes_to', 'ambitions', 'ambition'],
  indicators: ['indicators', 'indicator_refs'],
  status: ['status', 'rag'],
} as const;
type Field = keyof typeof FIELDS;

/** Headings the printed summary carries for people, read by no one. */
const INFORMATIONAL = new Set(['target_date_as_printed']);

const REF_PATTERN = /^[A-Za-z0-9][A-Za-z0-9.\-/]{0,19}$/;
const MAX_TEXT = 10_000;

export async function parsePlanFile(
  fileName: string,
  bytes: Uint8Array,
  options: PlanFileOptions,
): Promise<ParsedPlan> {
  const { table, issues: readIssues } = await readTable(fileName, bytes, 'ref');
  if (!table) return { items: [], issues: readIssues, ignoredHeadings: [], rowsRead: 0 };
  const sheet = table.sheet ? { sheet: table.sheet } : {};
  const columns = new Map<Field, number>();
  const ignoredHeadings: string[] = [];
  table.headings.forEach((heading, index) => {
    const key = headingKey(heading);
    if (!key) return;
    const field = (Object.keys(FIELDS) as Field[]).find((f) =>
      (FIELDS[f] as readonly string[]).includes(key),
    );
    if (field && !columns.has(field)) columns.set(field, index);
    else if (!INFORMATIONAL.has(key)) ignoredHeadings.push(heading);
  });

  const issues: Issue[] = [];
  const issue = (row: number, field: Field, message: string) => {
    const index = columns.get(field);
    issues.push({
      file: fileName,
      ...sheet,
      row,
      ...(index !== undefined ? { column: columnLetter(index) } : {}),
      field: FIELDS[field][0],
      message,
    });
  };
  for (const required of ['title'] as const)
    if (!columns.has(required))
      issues.push({
        file: fileName,
        ...sheet,
        row: 1,
        field: 'title',
        message: 'there is no "title" (or "project") column',
      });
  if (!columns.has('parent') && !columns.has('workstreamCode'))
    issues.push({
      file: fileName,
      ...sheet,
      row: 1,
      field: 'parent',
      message: 'there is no "parent" (or "workstream_code") column to say where each item sits',
    });
  if (issues.length) return { items: [], issues, ignoredHeadings, rowsRead: table.rows.length };

  const isSummaryLayout = columns.has('workstreamTitle');
  const raw = (cells: TableCell[], field: Field): TableCell | undefined => {
    const index = columns.get(field);
    return index === undefined ? undefined : cells[index];
  };
  const text = (cells: TableCell[], field: Field) => cellText(raw(cells, field));

  const items: ParsedItem[] = [];
  const firstRowOf = new Map<string, number>();
  const workstreamTitles = new Map<string, string>();

  for (const { row, cells } of table.rows) {
    const ref = text(cells, 'ref');
    const levelText = text(cells, 'level').toLowerCase();
    let level: ItemLevel = 'project';
    if (levelText) {
      if ((LEVELS as readonly string[]).includes(levelText)) level = levelText as ItemLevel;
      else issue(row, 'level', `is "${text(cells, 'level')}": use workstream, project or action`);
    } else if (columns.has('level')) issue(row, 'level', 'is blank: use workstream, project or action');
    const parentRef =
      level === 'workstream' ? null : text(cells, 'parent') || text(cells, 'workstreamCode') || null;

    if (!ref) issue(row, 'ref', 'is blank: every item needs its reference (A1, E2.7 …)');
    else if (!REF_PATTERN.test(ref))
      issue(row, 'ref', `"${ref}" is not a reference: use up to 20 letters, digits, dots and hyphens`);
    const title = text(cells, 'title');
    if (!title) issue(row, 'title', 'is blank');

    if (isSummaryLayout && level === 'project' && parentRef) {
      const workstreamTitle = text(cells, 'workstreamTitle');
      if (!workstreamTitles.has(parentRef)) {
        if (!workstreamTitle)
          issue(row, 'workstreamTitle', `is blank: workstream ${parentRef} needs its title`);
        workstreamTitles.set(parentRef, workstreamTitle);
        if (firstRowOf.has(parentRef))
          issue(
            row,
            'workstreamCode',
            `"${parentRef}" is given again: first at row ${firstRowOf.get(parentRef)}`,
          );
        else firstRowOf.set(parentRef, row);
        items.push(emptyItem(row, 'workstream', parentRef, workstreamTitle));
      }
    }

    let targetDate: string | null = null;
    const dateCell = raw(cells, 'targetDate');
    if (dateCell !== undefined && dateCell !== null && cellText(dateCell) !== '') {
      const reading = readPlanDate(dateCell);
      if ('problem' in reading) issue(row, 'targetDate', reading.problem);
      else if (reading.date < options.startsOn)
        issue(
          row,
          'targetDate',
          `is ${longDay(reading.date)}, before the plan starts on ${longDay(options.startsOn)}`,
        );
      else targetDate = reading.date;
    }

    let status: string | null = null;
    const statusText = text(cells, 'status');
    if (statusText) {
      status = statusCodeOf(statusText, options.definitions);
      if (status === null)
        issue(
          row,
          'status',
          `"${statusText}" is not one of this plan's statuses: use ${allowedStatusesText(options.definitions)}`,
        );
      else if (level === 'workstream')
        issue(row, 'status', 'is given for a workstream: statuses belong to projects and actions');
    }

    const longText = (field: Field) => {
      const value = text(cells, field);
      if (value.length > MAX_TEXT) issue(row, field, `is longer than ${MAX_TEXT} characters`);
      return value.slice(0, MAX_TEXT);
    };

    if (ref) {
      if (firstRowOf.has(ref))
        issue(row, 'ref', `"${ref}" is given again: first at row ${firstRowOf.get(ref)}`);
      else firstRowOf.set(ref, row);
    }
    items.push({
      row,
      level,
      ref,
      parentRef,
      title: longText('title'),
      lead: longText('lead'),
      leadEmail: text(cells, 'leadEmail').toLowerCase(),
      deliverables: longText('deliverables'),
      impact: longText('impact'),
      targetDate,
      ambitions: splitList(text(cells, 'ambitions'), /;/),
      indicatorRefs: splitList(text(cells, 'indicators'), /[;,\s]+/),
      status,
    });
  }

  const levelOf = new Map(items.map((i) => [i.ref, i.level]));
  const parentField: Field = columns.has('parent') ? 'parent' : 'workstreamCode';
  for (const item of items) {
    if (item.level === 'workstream') continue;
    const wanted = item.level === 'project' ? 'workstream' : 'project';
    if (!item.parentRef) {
      issue(
        item.row,
        parentField,
        `is blank: ${item.level === 'project' ? 'a project' : 'an action'} needs the reference of its ${wanted}`,
      );
      continue;
    }
    const parentLevel = levelOf.get(item.parentRef);
    if (parentLevel === undefined)
      issue(item.row, parentField, `names ${wanted} "${item.parentRef}", which is not in the file`);
    else if (parentLevel !== wanted)
      issue(
        item.row,
        parentField,
        `names "${item.parentRef}", a ${parentLevel}: ${item.level === 'project' ? 'a project sits under a workstream' : 'an action sits under a project'}`,
      );
  }
  return { items, issues, ignoredHeadings, rowsRead: table.rows.length };
}

function emptyItem(row: number, level: ItemLevel, ref: string, title: string): ParsedItem {
  return {
    row,
    level,
    ref,
    parentRef: null,
    title,
    lead: '',
    leadEmail: '',
    deliverables: '',
    impact: '',
    targetDate: null,
    ambitions: [],
    indicatorRefs: [],
    status: null,
  };
}

function splitList(text: string, separator: RegExp): string[] {
  return text
    .split(separator)
    .map((part) => part.trim())
    .filter(Boolean);
}
