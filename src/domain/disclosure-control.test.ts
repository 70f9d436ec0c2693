import { describe, expect, it } from 'vitest';
import {
  controlDisclosure,
  type DisclosureGrid,
  type GridCell,
  type GridRef,
  type GridTotal,
  isSmallCount,
  type SuppressionReason,
} from './disclosure-control.ts';

const count = (value: number | null): GridCell => ({ value, isCount: true });
const ref = (row: number, column: number): GridRef => ({ row, column });

/** One row of counts whose last cell is the total of the others (a locality row and the city). */
function localityRow(values: (number | null)[]): DisclosureGrid {
  const last = values.length - 1;
  return {
    rows: [values.map(count)],
    totals: [{ total: ref(0, last), parts: values.slice(0, last).map((_, column) => ref(0, column)) }],
  };
}

/**
 * Counts whose last row and last column are totals: each row adds up across
 * (the total row too), then each column adds up down (the total column too).
 */
function tableWithTotals(values: (number | null)[][]): DisclosureGrid {
  const lastRow = values.length - 1;
  const lastColumn = values[0]!.length - 1;
  const across = values.map((_, row): GridTotal => ({
    total: ref(row, lastColumn),
    parts: Array.from({ length: lastColumn }, (_, column) => ref(row, column)),
  }));
  const down = values[0]!.map((_, column): GridTotal => ({
    total: ref(lastRow, column),
    parts: Array.from({ length: lastRow }, (_, row) => ref(row, column)),
  }));
  return { rows: values.map((cells) => cells.map(count)), totals: [...across, ...down] };
}

/** The withheld cells as 'row,column:reason', in reading order. */
function withheld(grid: DisclosureGrid, threshold = 5): string[] {
  const { reasons } = controlDisclosure(grid, threshold);
  return reasons.flatMap((cells, row) =>
    cells.flatMap((reason, column) => (reason ? [`${row},${column}:${reason}`] : [])),
  );
}

/** The relations in which exactly one cell is withheld: each would give that cell away by subtraction. */
function relationsWithALoneWithheldCell(
  grid: DisclosureGrid,
  reasons: (SuppressionReason | null)[][],
): GridTotal[] {
  const isWithheld = (r: GridRef): boolean => reasons[r.row]![r.column] !== null;
  return grid.totals.filter((t) => [t.total, ...t.parts].filter(isWithheld).length === 1);
}

describe('isSmallCount (primary suppression, threshold 5)', () => {
  it.each([
    { value: 0, isSmall: false, why: 'zero is shown: that no child is in a group discloses nothing' },
    { value: 1, isSmall: true, why: 'the smallest count is withheld' },
    { value: 5, isSmall: true, why: 'a count equal to the threshold is withheld' },
    { value: 6, isSmall: false, why: 'a count above the threshold is shown' },
    { value: null, isSmall: false, why: 'a blank stays blank' },
  ])('$value → $isSmall ($why)', ({ value, isSmall }) => {
    expect(isSmallCount(value, 5)).toBe(isSmall);
  });
});

describe('controlDisclosure', () => {
  describe('primary suppression', () => {
    it('withholds counts from 1 to the threshold and shows 0, blanks and larger counts', () => {
      const grid: DisclosureGrid = { rows: [[0, 1, 5, 6, null].map(count)], totals: [] };
      expect(withheld(grid)).toEqual(['0,1:primary', '0,2:primary']);
    });

    it('leaves small figures that are not counts (a percentage of 3%, a score of 2) alone', () => {
      const grid: DisclosureGrid = {
        rows: [
          [
            { value: 3, isCount: false },
            { value: 2, isCount: false },
          ],
        ],
        totals: [],
      };
      expect(withheld(grid)).toEqual([]);
    });

    it('uses the threshold given: 7 is withheld at 10 and shown at 5; at 1 only 1 is withheld', () => {
      const grid: DisclosureGrid = { rows: [[1, 2, 7, 10, 11].map(count)], totals: [] };
      expect(withheld(grid, 10)).toEqual(['0,0:primary', '0,1:primary', '0,2:primary', '0,3:primary']);
      expect(withheld(grid, 5)).toEqual(['0,0:primary', '0,1:primary']);
      expect(withheld(grid, 1)).toEqual(['0,0:primary']);
    });

    it.each([0, -1, 2.5, Number.NaN])('refuses a threshold of %s', (threshold) => {
      expect(() => controlDisclosure({ rows: [[count(3)]], totals: [] }, threshold)).toThrow(RangeError);
    });
  });

  describe('secondary suppression across a locality row (EAST, NWC, SOUTH, DCSC | city total)', () => {
    it('withholds the smallest other locality so the city total cannot give EAST away', () => {
      // EAST 3 = 80 − 40 − 25 − 12 if only EAST were withheld.
      expect(withheld(localityRow([3, 40, 25, 12, 80]))).toEqual(['0,0:primary', '0,3:secondary']);
    });

    it('withholds the first of two equally small localities', () => {
      expect(withheld(localityRow([3, 12, 25, 12, 52]))).toEqual(['0,0:primary', '0,1:secondary']);
    });

    it('passes over zeros and blanks when choosing the locality to withhold', () => {
      expect(withheld(localityRow([4, 0, null, 30, 34]))).toEqual(['0,0:primary', '0,3:secondary']);
    });

    it('needs nothing more when two localities are already withheld and their sum pins neither', () => {
      // 2 + 3 = 5 could be 1 + 4, 2 + 3, 3 + 2 or 4 + 1.
      expect(withheld(localityRow([2, 3, 40, 15, 60]))).toEqual(['0,0:primary', '0,1:primary']);
    });

    it('withholds one more when two small counts pin each other: 1 + 1 = 2, or 5 + 5 = 10 at threshold 5', () => {
      expect(withheld(localityRow([1, 1, 40, 15, 57]))).toEqual([
        '0,0:primary',
        '0,1:primary',
        '0,3:secondary',
      ]);
      expect(withheld(localityRow([5, 5, 40, 15, 65]))).toEqual([
        '0,0:primary',
        '0,1:primary',
        '0,3:secondary',
      ]);
    });

    it('withholds the total when no other locality has a figure to withhold (the total counts citywide teams too)', () => {
      // The parts do not add up to the total: EAST 4, NWC 0, and 5 in citywide teams not shown.
      expect(withheld(localityRow([4, 0, 9]))).toEqual(['0,0:primary', '0,2:secondary']);
    });

    it('withholds nothing when every count is large or zero', () => {
      expect(withheld(localityRow([0, 40, 25, 12, 77]))).toEqual([]);
    });
  });

  describe('secondary suppression in a table with row and column totals', () => {
    // Localities down, age groups across (under 5, 5–11, 12–17 | total).
    const byLocalityAndAge = tableWithTotals([
      [2, 30, 18, 50], // EAST
      [14, 22, 9, 45], // NWC
      [20, 40, 11, 71], // SOUTH
      [36, 92, 38, 166], // city
    ]);

    it('withholds a rectangle of four so that neither a row nor a column total gives EAST under-5s away', () => {
      // EAST's row takes 18 (its smallest other part); the under-5 column takes NWC's 14;
      // that leaves NWC's row with a lone withheld cell, and the 12–17 column with EAST's 18
      // alone, both mended by NWC's 9.
      expect(withheld(byLocalityAndAge)).toEqual([
        '0,0:primary',
        '0,2:secondary',
        '1,0:secondary',
        '1,2:secondary',
      ]);
      const { reasons } = controlDisclosure(byLocalityAndAge, 5);
      expect(relationsWithALoneWithheldCell(byLocalityAndAge, reasons)).toEqual([]);
    });

    it('reaches the same cells whichever order the relations are visited in, for this table', () => {
      const columnsFirst = { ...byLocalityAndAge, totals: [...byLocalityAndAge.totals].reverse() };
      expect(withheld(columnsFirst)).toEqual(withheld(byLocalityAndAge));
    });

    it('withholds a column total when the withheld cell has only a zero beside it, and carries on into the totals', () => {
      const grid = tableWithTotals([
        [3, 20, 23],
        [8, 0, 8],
        [11, 20, 31],
      ]);
      // Row 0 takes 20; the second column then has 20 beside a 0, so its total (20) goes;
      // column 0 takes 8, whose row is mended by its total; the total row and
      // column then each take one more. Only the 0 and the grand total are shown.
      expect(withheld(grid)).toEqual([
        '0,0:primary',
        '0,1:secondary',
        '0,2:secondary',
        '1,0:secondary',
        '1,2:secondary',
        '2,0:secondary',
        '2,1:secondary',
      ]);
      const { reasons } = controlDisclosure(grid, 5);
      expect(relationsWithALoneWithheldCell(grid, reasons)).toEqual([]);
    });

    it('leaves no relation with a lone withheld cell, in any of 500 generated tables', () => {
      const random = seededRandom(20170531);
      for (let trial = 0; trial < 500; trial += 1) {
        const rows = 2 + Math.floor(random() * 4);
        const columns = 2 + Math.floor(random() * 4);
        const inner = Array.from({ length: rows }, () =>
          Array.from({ length: columns }, () =>
            random() < 0.3 ? Math.floor(random() * 6) : Math.floor(random() * 60),
          ),
        );
        const grid = tableWithTotals(withTotals(inner));
        const { reasons } = controlDisclosure(grid, 5);
        expect(relationsWithALoneWithheldCell(grid, reasons)).toEqual([]);
      }
    });
  });

  describe('derived figures', () => {
    it('withholds a percentage worked out from a withheld numerator', () => {
      // Re-referrals 3 of 40 = 7.5%: with 40 shown, 7.5% gives the 3 away.
      const grid: DisclosureGrid = {
        rows: [[count(3), count(40), { value: 7.5, isCount: false, derivedFrom: [ref(0, 0), ref(0, 1)] }]],
        totals: [],
      };
      expect(withheld(grid)).toEqual(['0,0:primary', '0,2:derived']);
    });

    it('withholds a rate worked out from a count withheld by secondary suppression, and a figure derived from that rate', () => {
      // Row 0: children in need by locality and the city; row 1: 0–17 population;
      // row 2: rate per 10,000 from rows 0 and 1; row 3: the city rate indexed to EAST's.
      const rate = (column: number): GridCell => ({
        value: 1,
        isCount: false,
        derivedFrom: [ref(0, column), ref(1, column)],
      });
      const grid: DisclosureGrid = {
        rows: [
          [3, 40, 25, 68].map(count),
          [50_000, 60_000, 55_000, 165_000].map(count),
          [rate(0), rate(1), rate(2), rate(3)],
          [{ value: 1, isCount: false, derivedFrom: [ref(2, 2)] }],
        ],
        totals: [{ total: ref(0, 3), parts: [ref(0, 0), ref(0, 1), ref(0, 2)] }],
      };
      expect(withheld(grid)).toEqual([
        '0,0:primary',
        '0,2:secondary',
        '2,0:derived',
        '2,2:derived',
        '3,0:derived',
      ]);
    });

    it('shows a percentage whose numerator and denominator are both shown', () => {
      const grid: DisclosureGrid = {
        rows: [
          [count(1218), count(1304), { value: 93.4, isCount: false, derivedFrom: [ref(0, 0), ref(0, 1)] }],
        ],
        totals: [],
      };
      expect(withheld(grid)).toEqual([]);
    });
  });

  it('counts the cells withheld by reason', () => {
    const grid: DisclosureGrid = {
      ...localityRow([3, 40, 25, 12, 80]),
      rows: [[...[3, 40, 25, 12, 80].map(count), { value: 3.75, isCount: false, derivedFrom: [ref(0, 0)] }]],
    };
    expect(controlDisclosure(grid, 5).counts).toEqual({ primary: 1, secondary: 1, derived: 1 });
  });

  it('is deterministic: the same grid gives the same answer every time', () => {
    const grid = tableWithTotals(
      withTotals([
        [2, 30, 9],
        [14, 3, 9],
        [9, 40, 1],
      ]),
    );
    const first = controlDisclosure(grid, 5);
    for (let i = 0; i < 5; i += 1) expect(controlDisclosure(grid, 5)).toEqual(first);
  });

  it('does not change the grid it is given', () => {
    const grid = tableWithTotals(
      withTotals([
        [2, 30],
        [14, 22],
      ]),
    );
    const copy = structuredClone(grid);
    controlDisclosure(grid, 5);
    expect(grid).toEqual(copy);
  });

  it('refuses a relation or derivation that points outside the grid, rather than leave a cell unprotected', () => {
    const outside = { rows: [[count(3), count(4)]], totals: [{ total: ref(0, 2), parts: [ref(0, 0)] }] };
    expect(() => controlDisclosure(outside, 5)).toThrow(/row 0, column 2/);
    const badDerivation = {
      rows: [[count(3), { value: 1, isCount: false, derivedFrom: [ref(1, 0)] }]],
      totals: [],
    };
    expect(() => controlDisclosure(badDerivation, 5)).toThrow(/row 1, column 0/);
  });
});

/** The counts with a total column on the right and a total row beneath. */
function withTotals(inner: number[][]): number[][] {
  const rows = inner.map((cells) => [...cells, cells.reduce((a, b) => a + b, 0)]);
  const totalRow = rows[0]!.map((_, column) => rows.reduce((sum, cells) => sum + cells[column]!, 0));
  return [...rows, totalRow];
}

/** A small deterministic generator (a linear congruential one), so generated tables are the same each run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}
