import { describe, expect, it } from 'vitest';
import type { ReportDocument } from './document.ts';
import { figuresShown, revisionNotes, type LaterFigure } from './revision-notes.ts';

const source = (indicator: string, breakdown = '', revision = 1) => ({
  indicator,
  period: '2017-05',
  breakdown,
  revision,
});

const document: ReportDocument = {
  title: 'Pack',
  audience: 'Scrutiny committee',
  period: '2017-05',
  periodLabel: 'May 2017',
  asAt: '2017-06-10T09:00:00Z',
  status: 'published',
  disclosure: { isPublic: false, threshold: 5 },
  sections: [
    {
      id: 's1',
      kind: 'scorecard',
      heading: 'Scorecard',
      blocks: [
        {
          type: 'table',
          table: {
            caption: 'A',
            columns: [
              { label: 'Measure', isNumeric: false },
              { label: 'May-17', isNumeric: true },
              { label: 'EAST', isNumeric: true },
            ],
            rows: [
              {
                cells: [
                  { text: 'In time' },
                  { text: '1,218', value: 1218, source: source('CSC-03', '', 2) },
                  { text: '395', value: 395, source: source('CSC-03', 'locality=EAST') },
                ],
              },
            ],
          },
        },
      ],
    },
    {
      id: 's2',
      kind: 'infographic',
      heading: 'At a glance',
      blocks: [
        {
          type: 'figures',
          figures: [{ label: 'In care', text: '1,735', value: 1735, source: source('CSC-07') }],
        },
        // The same figure shown again is noted once.
        {
          type: 'figures',
          figures: [{ label: 'In care', text: '1,735', value: 1735, source: source('CSC-07') }],
        },
      ],
    },
  ],
};

const later = (
  indicator: string,
  breakdown: string,
  revision: number,
  value: number,
  reason = '',
): LaterFigure => ({
  indicator,
  period: '2017-05',
  breakdown,
  revision,
  value,
  enteredBy: 'Priya Performance',
  enteredAt: new Date('2017-07-01T10:00:00Z'),
  reason,
});

describe('figuresShown', () => {
  it('lists each stored figure a report shows once, in the order it appears, with its text', () => {
    expect(
      figuresShown(document).map((f) => `${f.source.indicator} ${f.source.breakdown} ${f.text}`),
    ).toEqual(['CSC-03  1,218', 'CSC-03 locality=EAST 395', 'CSC-07  1,735']);
  });
});

describe('revisionNotes', () => {
  it('notes the latest later revision of each figure shown, saying what it was and why it changed', () => {
    const notes = revisionNotes(document, [
      later('CSC-03', '', 3, 1220, 'late recording'),
      later('CSC-03', '', 4, 1225, 'audit'),
      later('CSC-07', '', 2, 1736),
    ]);
    expect(notes.map((n) => n.text)).toEqual([
      'CSC-03 (May 2017): shown as 1,218; revised on 2017-07-01 by Priya Performance to 1225 (audit).',
      'CSC-07 (May 2017): shown as 1,735; revised on 2017-07-01 by Priya Performance to 1736.',
    ]);
  });

  it('names the breakdown of a revised locality figure', () => {
    const [note] = revisionNotes(document, [later('CSC-03', 'locality=EAST', 2, 396, 'typo')]);
    expect(note!.text).toBe(
      'CSC-03 (May 2017, locality=EAST): shown as 395; revised on 2017-07-01 by Priya Performance to 396 (typo).',
    );
  });

  it('ignores revisions of figures the report did not show, and ones no later than the revision it showed', () => {
    expect(
      revisionNotes(document, [
        later('CSC-99', '', 2, 1),
        later('CSC-03', 'locality=NWC', 2, 1),
        later('CSC-03', '', 2, 1218),
      ]),
    ).toEqual([]);
  });
});
