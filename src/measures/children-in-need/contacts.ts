/**
 * Contacts received, and how quickly they were decided: the "every contact
 * decided within 48 hours" standard the front door is run to.
 */
import { minutesBetween } from '../dates.ts';
import type { MeasureDefinition } from '../measure.ts';
import { inPeriod, problemAmong, rowOf } from './rows.ts';

export const contacts: MeasureDefinition = {
  id: 'contacts',
  title: 'Contacts received',
  summary: 'The number of contacts received in the period.',
  kind: 'count',
  polarity: 'neither',
  numeratorLabel: 'Contacts received',
  denominatorLabel: 'Contacts received',
  source: 'Ofsted Annex A, List 1 (contacts)',
  rows({ records, period }) {
    return records.contacts
      .filter((c) => inPeriod(c.contactDate, period))
      .map((c) => {
        const leftOutBecause = problemAmong(c, 'contactDate');
        return rowOf(c, 'contacts', {
          dates: { Contact: c.contactDate },
          ageAt: c.contactDate,
          inNumerator: leftOutBecause === null,
          leftOutBecause,
        });
      });
  },
};

export const contactsDecidedWithin48Hours: MeasureDefinition = {
  id: 'contacts-decided-within-48-hours',
  title: 'Contacts decided within 48 hours',
  summary:
    'Of the contacts received in the period, the percentage decided within the standard (48 hours by default) of being received.',
  kind: 'percent',
  polarity: 'higher_is_better',
  numeratorLabel: 'Decided within the standard',
  denominatorLabel: 'Contacts received',
  source:
    'Local standard (settings.contactDecisionHours); contact and decision dates as in Ofsted Annex A, List 1',
  rows({ records, period, settings }) {
    const limit = settings.contactDecisionHours * 60;
    return records.contacts
      .filter((c) => inPeriod(c.contactDate, period))
      .map((c) => {
        // Without a time of receipt the clock starts at the start of the contact's day: the earliest it can have been received.
        const received = c.receivedAt ?? c.contactDate;
        const minutes = c.decidedAt === null ? null : minutesBetween(received, c.decidedAt);
        const leftOutBecause =
          problemAmong(c, 'contactDate', 'receivedAt', 'decidedAt') ??
          (minutes !== null && minutes < 0 ? 'decidedAt' : null);
        const decidedInTime = minutes !== null && minutes <= limit;
        return rowOf(c, 'contacts', {
          dates: { Contact: c.contactDate, Decided: c.decidedAt?.slice(0, 10) ?? null },
          ageAt: c.contactDate,
          inNumerator: leftOutBecause === null && decidedInTime,
          leftOutBecause,
        });
      });
  },
};
