import { describe, expect, it } from 'vitest';
import { addDays, readPlanDate } from './dates.ts';
import { allowedStatusesText, DEFAULT_RAG_DEFINITIONS, definitionProblems, statusCodeOf } from './rag.ts';

describe('dates as plans write them', () => {
  it.each([
    ['31/03/23', '2023-03-31'],
    ['31/03/2023', '2023-03-31'],
    ['2023-03-31', '2023-03-31'],
    ['1/4/24', '2024-04-01'],
    ['2023-03-31T00:00:00Z', '2023-03-31'],
    ['45016', '2023-03-31'],
  ])('reads %s as %s', (text, iso) => {
    expect(readPlanDate(text)).toEqual({ date: iso });
  });

  it('reads an Excel serial number cell and a date cell', () => {
    expect(readPlanDate(45016)).toEqual({ date: '2023-03-31' });
    expect(readPlanDate(new Date('2023-03-31T00:00:00Z'))).toEqual({ date: '2023-03-31' });
  });

  it.each([
    ['03/31/23', 'month first'],
    ['31/02/23', 'not a day that exists'],
    ['2023-02-30', 'not a day that exists'],
    ['March 2023', 'is not a date'],
    ['12345', 'outside 2000–2099'],
  ])('refuses %s (%s)', (text, reason) => {
    const reading = readPlanDate(text);
    expect('problem' in reading && reading.problem).toContain(reason);
  });

  it('adds days across months and years', () => {
    expect(addDays('2023-12-20', 42)).toBe('2024-01-31');
  });
});

describe('RAG definitions', () => {
  it('reads a status by label or code, in any case', () => {
    expect(statusCodeOf(' AMBER ', DEFAULT_RAG_DEFINITIONS)).toBe('amber');
    expect(statusCodeOf('grey', DEFAULT_RAG_DEFINITIONS)).toBe('grey');
    expect(statusCodeOf('Purple', DEFAULT_RAG_DEFINITIONS)).toBeNull();
  });

  it('names the statuses allowed', () => {
    expect(allowedStatusesText(DEFAULT_RAG_DEFINITIONS)).toBe('Blue, Green, Amber, Red or Grey');
  });

  it('accepts the default set and refuses duplicates and contradictions', () => {
    expect(definitionProblems(DEFAULT_RAG_DEFINITIONS)).toEqual([]);
    const [blue, green] = DEFAULT_RAG_DEFINITIONS;
    expect(
      definitionProblems([
        blue!,
        { ...green!, code: 'blue' },
        { ...green!, code: 'x', isComplete: false, isClosed: true },
      ]),
    ).toEqual([
      'The status code "blue" is given twice.',
      'The status label "Green" is given twice.',
      'The status "Green" closes items, so it must count as complete.',
    ]);
  });
});
