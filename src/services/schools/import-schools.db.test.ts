import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../../test/support/databases.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { findAuditEvents } from '../../db/repositories/audit.ts';
import type { Actor } from '../../domain/permissions.ts';
import { AppError } from '../../errors.ts';
import { systemContext, type RequestContext } from '../context.ts';
import { createSchoolServices, type SchoolServices } from './index.ts';

const OPERATOR = systemContext('test');
const viewer: RequestContext = {
  ...systemContext('test viewer'),
  channel: 'web',
  actor: { userId: 1, role: 'viewer', organisationId: 1, isCouncil: true, scopes: null } satisfies Actor,
};

const csv = (lines: string[]) => ({ bytes: new TextEncoder().encode(lines.join('\r\n')) });
const GIAS =
  'URN,LA (code),LA (name),EstablishmentNumber,EstablishmentName,TypeOfEstablishment (code),TypeOfEstablishment (name),EstablishmentTypeGroup (code),EstablishmentTypeGroup (name),EstablishmentStatus (code),EstablishmentStatus (name),OpenDate,CloseDate,PhaseOfEducation (code),PhaseOfEducation (name)';
const LA = (urn: number, la: string, closed = '') =>
  `${urn},${la},Authority ${la},${urn % 10000},School ${urn},01,Community school,4,Local authority maintained schools,${closed ? '2,Closed' : '1,Open'},,${closed},2,Primary`;
const ACADEMY = (urn: number, la: string, opened: string) =>
  `${urn},${la},Authority ${la},${urn % 10000},Academy ${urn},34,Academy converter,10,Academies,1,Open,${opened},,2,Primary`;
const LINKS = 'URN,LinkURN,LinkName,LinkType,LinkEstablishedDate';
const MI =
  'URN,School name,Inspection number of latest full inspection,Inspection start date,Publication date,Overall effectiveness,Category of concern,Does the latest full inspection relate to the URN of the current school?,URN at time of latest full inspection';

async function refusal(run: () => Promise<unknown>): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe.each(testDatabases)('importing schools on $name', (database) => {
  let handle: DatabaseHandle;
  let schools: SchoolServices;
  const count = async (table: 'schools' | 'school_links' | 'school_inspections') =>
    (
      await handle.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;

  beforeAll(async () => {
    handle = await database.open();
    schools = createSchoolServices(handle.db);
    // Authority 100's school 1001 converted into academy 1002 of authority 200 (a boundary change, say).
    await schools.importRegister(
      {
        establishments: {
          fileName: 'gias.csv',
          ...csv([GIAS, LA(1001, '100', '31-08-2015'), ACADEMY(1002, '200', '01-09-2015'), LA(1003, '200')]),
        },
        links: { fileName: 'links.csv', ...csv([LINKS, '1002,1001,School 1001,Predecessor,01-09-2015']) },
      },
      OPERATOR,
    );
    await schools.importInspections(
      {
        fileName: 'mi.csv',
        ...csv([
          MI,
          '1002,Academy 1002,I1,01/01/2014,01/02/2014,4,SM,No,1001',
          '1003,School 1003,I2,01/01/2016,01/02/2016,2,NULL,Yes,1003',
        ]),
      },
      OPERATOR,
    );
  });
  afterAll(() => handle?.close());

  it('judges an academy by a predecessor registered in another authority', async () => {
    const { position } = await schools.position({ laCodes: ['200'], asAt: '2017-01-01' }, OPERATOR);
    const all = position.tables
      .find((t) => t.governance === 'all')!
      .rows.find((r) => r.phase === 'total')!.cell;
    expect(all.counts).toMatchObject({ good: 1, inadequate: 1, special_measures: 1 });
    expect(position.summary.byPredecessor).toBe(1);
  });

  it('pools several authorities into one position', async () => {
    const { position } = await schools.position({ laCodes: ['100', '200'], asAt: '2015-06-01' }, OPERATOR);
    // On 1 June 2015 the LA school 1001 was open and the academy was not; 1003 had no judgement yet.
    expect(position.tables.find((t) => t.governance === 'la_maintained')!.rows.at(-1)!.cell.total).toBe(1);
    expect(position.summary.notGraded).toBe(1);
  });

  it('changes nothing when the same files are imported again', async () => {
    const again = await schools.importInspections(
      {
        fileName: 'mi.csv',
        ...csv([
          MI,
          '1002,Academy 1002,I1,01/01/2014,01/02/2014,4,SM,No,1001',
          '1003,School 1003,I2,01/01/2016,01/02/2016,2,NULL,Yes,1003',
        ]),
      },
      OPERATOR,
    );
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
  });

  it('audits each import in the same transaction', async () => {
    const events = await findAuditEvents(handle.db, { action: 'schools.import_inspections' });
    expect(events[0]!.detail).toMatch(/^Ofsted management information, 2019–2023 layout/);
    expect(await findAuditEvents(handle.db, { action: 'schools.import_register' })).toHaveLength(1);
  });

  it('refuses links that loop, naming the loop, and stores nothing of the file', async () => {
    const before = await Promise.all([count('schools'), count('school_links')]);
    const error = await refusal(() =>
      schools.importRegister(
        {
          establishments: { fileName: 'gias.csv', ...csv([GIAS, LA(2001, '300'), LA(2002, '300')]) },
          links: {
            fileName: 'links.csv',
            ...csv([LINKS, '2001,2002,School 2002,Predecessor,', '2002,2001,School 2001,Predecessor,']),
          },
        },
        OPERATOR,
      ),
    );
    expect(error.message).toBe('1 problem found in the school register; nothing was saved.');
    expect(error.issues[0]!.message).toMatch(/go round in a loop: 2001 → 2002 → 2001/);
    expect(await Promise.all([count('schools'), count('school_links')])).toEqual(before);
  });

  it('refuses an inspection file whose "URN at time" makes a loop with the register’s links', async () => {
    const error = await refusal(() =>
      schools.importInspections(
        { fileName: 'mi.csv', ...csv([MI, '1001,School 1001,I9,01/01/2013,01/02/2013,2,NULL,No,1002']) },
        OPERATOR,
      ),
    );
    expect(error.issues[0]!.message).toMatch(/loop: 1001 → 1002 → 1001/);
  });

  it('refuses a file in a layout it does not know, storing nothing', async () => {
    const before = await count('school_inspections');
    const error = await refusal(() =>
      schools.importInspections(
        { fileName: 'inyear.csv', ...csv(['URN,Inspection number,Quality of education', '1003,10344003,2']) },
        OPERATOR,
      ),
    );
    expect(error.issues[0]!.message).toMatch(/not one of the Ofsted management-information layouts/);
    expect(await count('school_inspections')).toBe(before);
  });

  it('refuses a whole inspection file when one school is not in the register', async () => {
    const before = await count('school_inspections');
    const error = await refusal(() =>
      schools.importInspections(
        {
          fileName: 'mi.csv',
          ...csv([
            MI,
            '1003,School 1003,I3,01/01/2018,01/02/2018,1,NULL,Yes,1003',
            '9999,Missing,I4,01/01/2018,,2,,Yes,9999',
          ]),
        },
        OPERATOR,
      ),
    );
    expect(error.issues).toEqual([
      {
        file: 'mi.csv',
        row: 3,
        field: 'URN',
        message:
          'URN 9999 (Missing) is not in the school register: import the GIAS establishment file that includes it first',
      },
    ]);
    expect(await count('school_inspections')).toBe(before);
  });

  it('lets a viewer read the position but not import', async () => {
    await expect(schools.position({ laCodes: ['200'] }, viewer)).resolves.toBeDefined();
    const error = await refusal(() =>
      schools.importInspections({ fileName: 'mi.csv', ...csv([MI]) }, viewer),
    );
    expect(error.code).toBe('forbidden');
  });

  it('answers not found for an authority with no schools in the register', async () => {
    expect((await refusal(() => schools.position({ laCodes: ['999'] }, OPERATOR))).code).toBe('not_found');
  });
});
