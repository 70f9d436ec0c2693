import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RAG_DEFINITIONS } from '../../domain/improvement/rag.ts';
import { describeIssue } from '../../errors.ts';
import { parsePlanFile } from './parse-plan.ts';

const OPTIONS = { startsOn: '2022-04-01', definitions: DEFAULT_RAG_DEFINITIONS };
const csv = (text: string) => new TextEncoder().encode(text.replace(/\n/g, '\r\n'));
const problems = async (text: string) =>
  (await parsePlanFile('plan.csv', csv(text), OPTIONS)).issues.map(describeIssue);

describe('reading the 2023 plan summary as the council printed it', async () => {
  const bytes = await readFile(new URL('../../../demo/fixtures/improvement-plan-2023.csv', import.meta.url));
  const parsed = await parsePlanFile('improvement-plan-2023.csv', bytes, OPTIONS);

  it('reads every project with no problem, making the six workstreams from their codes and titles', () => {
    expect(parsed.issues).toEqual([]);
    expect(parsed.items.filter((i) => i.level === 'project')).toHaveLength(62);
    expect(parsed.items.filter((i) => i.level === 'workstream').map((i) => i.ref)).toEqual([
      'A',
      'B',
      'C',
      'D',
      'E1',
      'E2',
    ]);
  });

  it('keeps each project’s lead, target date and ambitions as printed', () => {
    const a13 = parsed.items.find((i) => i.ref === 'A13')!;
    expect(a13).toMatchObject({
      parentRef: 'A',
      targetDate: '2024-09-30',
      ambitions: ['INCLUSIVE', 'PROSPEROUS', 'SAFE'],
    });
    const e27 = parsed.items.find((i) => i.ref === 'E2.7')!;
    expect(e27.lead).toBe(
      'Assistant Director Schools and Achievement Director Thriving Children and Families',
    );
  });

  it('ignores the printed form of the target date, which is for people', () => {
    expect(parsed.ignoredHeadings).toEqual([]);
  });
});

describe('one row per item, down to actions', () => {
  it('reads workstreams, projects and actions with their parents, statuses and indicators', async () => {
    const parsed = await parsePlanFile(
      'plan.csv',
      csv(
        'level,ref,parent,title,lead,lead_email,target_date,status,indicators\n' +
          'workstream,A,,Leadership,,,,,\n' +
          'project,A1,A,Vision,Director,Owner@Demo.invalid,31/03/23,Amber,CSC-01; CSC-03\n' +
          'action,A1.1,A1,Consult staff,Director,,2023-03-31,green,\n',
      ),
      OPTIONS,
    );
    expect(parsed.issues).toEqual([]);
    expect(parsed.items.map((i) => [i.level, i.ref, i.parentRef, i.status, i.targetDate])).toEqual([
      ['workstream', 'A', null, null, null],
      ['project', 'A1', 'A', 'amber', '2023-03-31'],
      ['action', 'A1.1', 'A1', 'green', '2023-03-31'],
    ]);
    expect(parsed.items[1]).toMatchObject({
      leadEmail: 'owner@demo.invalid',
      indicatorRefs: ['CSC-01', 'CSC-03'],
    });
  });
});

describe('bad input: every problem named by row and column', () => {
  const header = 'level,ref,parent,title,target_date,status\n';

  it('refuses an unknown status, naming the plan’s own statuses', async () => {
    expect(await problems(`${header}workstream,A,,W,,\nproject,A1,A,P,,Purple\n`)).toEqual([
      'plan.csv, row 3, column F (status): "Purple" is not one of this plan\'s statuses: use Blue, Green, Amber, Red or Grey',
    ]);
  });

  it('refuses a reference given twice, pointing at the first', async () => {
    expect(await problems(`${header}workstream,A,,W,,\nproject,A1,A,P,,\nproject,A1,A,Q,,\n`)).toEqual([
      'plan.csv, row 4, column B (ref): "A1" is given again: first at row 3',
    ]);
  });

  it('refuses a project under a workstream that is not in the file', async () => {
    expect(await problems(`${header}workstream,A,,W,,\nproject,F1,F,P,,\n`)).toEqual([
      'plan.csv, row 3, column C (parent): names workstream "F", which is not in the file',
    ]);
  });

  it('refuses an action with no parent, and one under a workstream', async () => {
    expect(
      await problems(`${header}workstream,A,,W,,\naction,A1.1,,Do it,,\naction,A1.2,A,Do that,,\n`),
    ).toEqual([
      'plan.csv, row 3, column C (parent): is blank: an action needs the reference of its project',
      'plan.csv, row 4, column C (parent): names "A", a workstream: an action sits under a project',
    ]);
  });

  it('refuses an unknown level', async () => {
    expect(await problems(`${header}workstream,A,,W,,\nmilestone,A1,A,P,,\n`)).toEqual([
      'plan.csv, row 3, column A (level): is "milestone": use workstream, project or action',
    ]);
  });

  it('reads 31/03/23 and 2023-03-31 and refuses a date before the plan starts or that is not a day', async () => {
    const parsed = await parsePlanFile(
      'plan.csv',
      csv(
        `${header}workstream,A,,W,,\nproject,A1,A,P,31/03/23,\nproject,A2,A,P,2023-03-31,\nproject,A3,A,P,31/03/22,\nproject,A4,A,P,31/02/23,\n`,
      ),
      OPTIONS,
    );
    expect(parsed.items.slice(1, 3).map((i) => i.targetDate)).toEqual(['2023-03-31', '2023-03-31']);
    expect(parsed.issues.map(describeIssue)).toEqual([
      'plan.csv, row 5, column E (target_date): is 31 March 2022, before the plan starts on 1 April 2022',
      'plan.csv, row 6, column E (target_date): "31/02/23" is not a day that exists',
    ]);
  });

  it('refuses a file with no reference column, or that is not a spreadsheet', async () => {
    expect(await problems('title,lead\nVision,Director\n')).toEqual([
      'plan.csv, field "ref": no heading row with a "ref" column in the first 10 rows',
    ]);
    const pdf = await parsePlanFile('plan.pdf', new TextEncoder().encode('%PDF-1.4 ...'), OPTIONS);
    expect(pdf.issues[0]?.message).toContain('PDF');
  });
});

describe('a plan in a workbook', () => {
  it('reads Excel serial numbers and date cells as days, below a title row, and names the sheet in problems', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Plan');
    sheet.addRow(['Improvement plan 2023']);
    sheet.addRow(['level', 'ref', 'parent', 'title', 'target_date', 'status']);
    sheet.addRow(['workstream', 'A', null, 'Leadership', null, null]);
    sheet.addRow(['project', 'A1', 'A', 'Vision', 45016, 'Blue']);
    sheet.addRow(['project', 'A2', 'A', 'Model', new Date(Date.UTC(2023, 11, 31)), 'amber']);
    sheet.addRow(['project', 'A3', 'B', 'Practice', 45016, 'Amber']);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const parsed = await parsePlanFile('plan.xlsx', bytes, OPTIONS);
    expect(parsed.items.map((i) => i.targetDate)).toEqual([null, '2023-03-31', '2023-12-31', '2023-03-31']);
    expect(parsed.issues.map(describeIssue)).toEqual([
      'plan.xlsx, sheet "Plan", row 6, column C (parent): names workstream "B", which is not in the file',
    ]);
  });
});
