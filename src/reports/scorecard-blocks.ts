import type { Cell, Line, ScorecardSection } from '../domain/scorecard.ts';
import type { Block, CellRef, TableCell, TableRow, TotalRelation } from './document.ts';
import { COUNT_FORMAT, numberFormatOf } from './number-format.ts';

/**
 * One indicator of the scorecard as report blocks: its heading, the grid
 * (measure lines × comparison, month and locality columns), target, rating
 * and trend, commentary and notes. The grid says which cells are counts,
 * which are worked out from which, and which add up to which, so that
 * disclosure control can suppress a public report's small numbers safely.
 */
export function scorecardBlocks(section: ScorecardSection): Block[] {
  const blocks: Block[] = [
    { type: 'heading', text: `${section.ref}: ${section.title}` },
    {
      type: 'paragraph',
      text: `${section.aimLabel} · ${section.period.label}`,
      isNote: true,
    },
    {
      type: 'table',
      table: {
        caption: `${section.ref} ${section.title}, ${section.period.label}`,
        columns: [
          { label: 'Measure', isNumeric: false },
          ...section.columns.map((c) => ({ label: c.label, isNumeric: true })),
        ],
        rows: section.lines.map((line, index) => rowOf(section, line, index)),
        totals: totalsOf(section),
      },
    },
    {
      type: 'summary',
      items: [
        { label: 'Target', text: section.target },
        {
          label: 'Performance rating',
          text: `${section.rating.label}. ${section.rating.explanation}`,
          rating: section.rating.colour,
        },
        {
          label: 'Trend',
          text: section.trends.map((t) => `${t.direction.label} ${t.against}`).join('; '),
        },
      ],
    },
  ];
  if (section.commentary) {
    blocks.push(
      ...section.commentary
        .split(/\n\s*\n/)
        .map((text) => text.trim())
        .filter(Boolean)
        .map((text): Block => ({ type: 'paragraph', text })),
    );
  }
  blocks.push(...section.notes.map((text): Block => ({ type: 'paragraph', text, isNote: true })));
  return blocks;
}

const COUNT_KINDS: ReadonlySet<Line['kind']> = new Set(['numerator', 'denominator', 'complement']);

function isCountLine(section: ScorecardSection, line: Line): boolean {
  return COUNT_KINDS.has(line.kind) || (line.kind === 'value' && section.unit === 'count');
}

/** Table column of a line's cell: the measure label takes column 0. */
const columnOf = (cellIndex: number) => cellIndex + 1;

function rowOf(section: ScorecardSection, line: Line, rowIndex: number): TableRow {
  const isCount = isCountLine(section, line);
  const format =
    line.kind === 'rate'
      ? { kind: 'rate' as const, decimals: 0 }
      : isCount
        ? COUNT_FORMAT
        : numberFormatOf(section.unit, section.decimals);
  const derivedFrom = (cellIndex: number): CellRef[] => {
    const column = columnOf(cellIndex);
    const sameGroup = (kinds: Line['kind'][]) =>
      section.lines.flatMap((other, row) =>
        row !== rowIndex && other.rowItem === line.rowItem && kinds.includes(other.kind)
          ? [{ row, column }]
          : [],
      );
    if (line.kind === 'value' && !isCount) return sameGroup(['numerator', 'denominator']);
    if (line.kind === 'rate') return sameGroup(['value']);
    return [];
  };
  return {
    isTotal: line.isTotal && line.kind === 'value',
    cells: [
      { text: line.label },
      ...line.cells.map((cell, index) =>
        tableCell(section, cell, { format, isCount, derivedFrom: derivedFrom(index) }),
      ),
    ],
  };
}

function tableCell(
  section: ScorecardSection,
  cell: Cell,
  options: { format: TableCell['format']; isCount: boolean; derivedFrom: CellRef[] },
): TableCell {
  return {
    text: cell.text,
    value: cell.exact,
    ...(cell.exact !== null ? { format: options.format } : {}),
    ...(cell.isProvisional && cell.text ? { isProvisional: true } : {}),
    ...(cell.isRevised && cell.text ? { isRevised: true } : {}),
    ...(options.isCount ? { isCount: true } : {}),
    ...(options.derivedFrom.length ? { derivedFrom: options.derivedFrom } : {}),
    ...(cell.figure ? { source: { indicator: section.ref, ...cell.figure } } : {}),
  };
}

/**
 * What adds up: a ratio's denominator is its numerator plus the complement
 * (where the complement is shown); for an additive indicator, the month's
 * figure is the sum of the localities, and the total lines the sum of the
 * row items' lines, in the month and locality columns.
 */
function totalsOf(section: ScorecardSection): TotalRelation[] {
  const relations: TotalRelation[] = [];
  const lines = section.lines;
  const rowOfLine = (rowItem: string | null, kind: Line['kind']) =>
    lines.findIndex((l) => l.rowItem === rowItem && l.kind === kind);
  const columns = section.columns.map((_, index) => columnOf(index));

  for (const [row, line] of lines.entries()) {
    if (line.kind !== 'denominator') continue;
    const numerator = rowOfLine(line.rowItem, 'numerator');
    const complement = rowOfLine(line.rowItem, 'complement');
    if (numerator < 0 || complement < 0) continue;
    for (const column of columns) {
      relations.push({
        total: { row, column },
        parts: [
          { row: numerator, column },
          { row: complement, column },
        ],
      });
    }
  }
  if (!section.isAdditive) return relations;

  const current = section.columns.findIndex((c) => c.key === 'current');
  const itemColumns = section.columns.flatMap((c, index) =>
    !c.isComparison && c.key !== 'current' ? [columnOf(index)] : [],
  );
  const rowItems = [...new Set(lines.map((l) => l.rowItem).filter((item) => item !== null))];
  for (const [row, line] of lines.entries()) {
    if (!isCountLine(section, line)) continue;
    if (itemColumns.length > 0) {
      relations.push({
        total: { row, column: columnOf(current) },
        parts: itemColumns.map((column) => ({ row, column })),
      });
    }
    if (line.rowItem === null && rowItems.length > 0) {
      const partRows = rowItems.map((item) => rowOfLine(item, line.kind));
      if (partRows.some((r) => r < 0)) continue;
      for (const column of [columnOf(current), ...itemColumns]) {
        relations.push({ total: { row, column }, parts: partRows.map((r) => ({ row: r, column })) });
      }
    }
  }
  return relations;
}
