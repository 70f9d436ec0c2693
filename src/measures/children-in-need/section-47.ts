/**
 * Section 47 enquiries started, and initial child protection conferences
 * held within 15 working days of the strategy discussion (Working Together
 * to Safeguard Children; DfE children in need statistics).
 */
import type { MeasureDefinition } from '../measure.ts';
import type { Section47 } from '../model.ts';
import { addWorkingDaysOrNull, inPeriod, problemAmong, rowOf, workingDaysOrNull } from './rows.ts';

const ICPC_WORKING_DAYS = 15;

export const section47Enquiries: MeasureDefinition = {
  id: 'section-47-enquiries',
  title: 'Section 47 enquiries started',
  summary: 'The number of section 47 enquiries whose strategy discussion was held in the period.',
  kind: 'count',
  polarity: 'neither',
  numeratorLabel: 'Section 47 enquiries',
  denominatorLabel: 'Section 47 enquiries',
  source: 'DfE Children in need statistics (CIN census S47ActualStartDate); LAIT measure 217',
  rows({ records, period }) {
    return records.section47s
      .filter((s) => inPeriod(s.strategyDate, period))
      .map((s) => {
        const leftOutBecause = problemAmong(s, 'strategyDate');
        return rowOf(s, 'section47s', {
          dates: { 'Strategy discussion': s.strategyDate },
          ageAt: s.strategyDate,
          inNumerator: leftOutBecause === null,
          leftOutBecause,
        });
      });
  },
};

export const icpcWithin15WorkingDays: MeasureDefinition = {
  id: 'icpc-within-15-working-days',
  title: 'Initial child protection conferences within 15 working days',
  summary:
    'Of the initial child protection conferences held in the period, the percentage held within 15 working days of the strategy discussion.',
  kind: 'percent',
  polarity: 'higher_is_better',
  numeratorLabel: 'Held within 15 working days',
  denominatorLabel: 'Initial conferences held',
  source:
    'DfE Children in need statistics (CIN census DateOfInitialCPC); Working Together to Safeguard Children',
  rows({ records, period, calendar }) {
    return records.section47s
      .filter((s): s is Section47 & { icpcDate: string } => inPeriod(s.icpcDate, period))
      .map((s) => {
        const workingDays = workingDaysOrNull(calendar, s.strategyDate, s.icpcDate);
        const leftOutBecause =
          problemAmong(s, 'icpcDate', 'strategyDate') ??
          (workingDays === null ? 'strategyDate' : s.icpcDate < s.strategyDate ? 'icpcDate' : null);
        return rowOf(s, 'section47s', {
          dates: {
            'Strategy discussion': s.strategyDate,
            Due: addWorkingDaysOrNull(calendar, s.strategyDate, ICPC_WORKING_DAYS),
            'Initial conference': s.icpcDate,
          },
          ageAt: s.icpcDate,
          inNumerator: leftOutBecause === null && workingDays !== null && workingDays <= ICPC_WORKING_DAYS,
          leftOutBecause,
        });
      });
  },
};
