import type { Dimension } from '../../src/domain/breakdown.ts';
import type { ScorecardIndicatorDefinition } from '../../src/domain/scorecard.ts';

/** Two localities, enough to show a grid's columns adding up to the month. */
const EAST_WEST: Dimension = {
  code: 'locality',
  name: 'Locality',
  items: [
    { code: 'EAST', label: 'EAST' },
    { code: 'WEST', label: 'WEST' },
  ],
};

/** A monthly ratio by locality (in time of all, with the late ones shown), as the scorecard tests use it. */
export const RATIO_INDICATOR: ScorecardIndicatorDefinition = {
  ref: 'R1',
  title: 'Assessments in time',
  unit: 'percent',
  decimals: 0,
  aim: 'bigger_is_better',
  frequency: 'monthly',
  basis: 'in_period',
  comparison: 'six_month_average',
  reportingYear: 'financial',
  isRatio: true,
  isAdditive: true,
  numeratorLabel: 'In time',
  denominatorLabel: 'Total',
  complementLabel: 'Late',
  valueLabel: '% in time',
  totalLabel: '',
  showsRatePer10k: false,
  rowDimension: null,
  columnDimension: EAST_WEST,
};
