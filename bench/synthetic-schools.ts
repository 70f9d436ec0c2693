import { readFileSync } from 'node:fs';

/**
 * A synthetic national register for the schools bench: about 25,000 open
 * state-funded schools across 153 authorities (with the phases, governance
 * and academy conversions of England's), their closed predecessors,
 * independent schools the position leaves out, the GIAS links file, and
 * Ofsted's management information in the report-card layout (a report card
 * for some schools, the last graded judgement for the rest, predecessors'
 * judgements for converted academies not yet inspected, nothing for new
 * free schools). The files have every column of the real ones (GIAS's 130,
 * Ofsted's 90), filled with short plausible values, so reading them costs
 * what reading the real files costs. Deterministic.
 */

export interface SyntheticSchoolsOptions {
  authorities: number;
  openSchools: number;
}

export const DEFAULT_SCHOOLS: SyntheticSchoolsOptions = { authorities: 153, openSchools: 25_000 };

export interface SyntheticSchoolFiles {
  establishments: Uint8Array;
  links: Uint8Array;
  inspections: Uint8Array;
  counts: { establishments: number; open: number; links: number; ofstedRows: number; laCodes: string[] };
}

const headingsOf = (file: string, isCsvHeader: boolean): string[] => {
  const text = readFileSync(new URL(`../test/fixtures/schools/${file}`, import.meta.url), 'utf8');
  if (isCsvHeader)
    return text
      .split(/\r?\n/)[0]!
      .split(',')
      .map((h) => h.replace(/^"|"$/g, ''));
  return text.split(/\r?\n/).filter((line) => line.trim() && !line.startsWith('#'));
};

function randomFrom(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const PHASES: [string, string, number][] = [
  // phase, GIAS phase (code|name), share of open schools
  ['nursery', '1|Nursery', 0.02],
  ['primary', '2|Primary', 0.72],
  ['secondary', '4|Secondary', 0.14],
  ['all_through', '7|All-through', 0.01],
  ['special', '0|Not applicable', 0.07],
  ['pru_ap', '0|Not applicable', 0.04],
];

const cell = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
const line = (cells: string[]) => cells.map(cell).join(',');
const gias = (day: number) => {
  const d = new Date(Date.UTC(2000, 0, 1) + day * 86_400_000);
  return `${String(d.getUTCDate()).padStart(2, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${d.getUTCFullYear()}`;
};
const ofsted = (day: number) => gias(day).replace(/-/g, '/');
/** Days since 1 January 2000. */
const DAY = (iso: string) => Math.round((Date.parse(`${iso}T00:00:00Z`) - Date.UTC(2000, 0, 1)) / 86_400_000);

export function generateSyntheticSchools(
  options: SyntheticSchoolsOptions = DEFAULT_SCHOOLS,
): SyntheticSchoolFiles {
  const random = randomFrom(25_000);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  const giasHeadings = headingsOf('gias_edubasealldata_sample_2021.csv', true);
  const ofstedHeadings = headingsOf('ofsted_mi_cols_2025-11_reportcard_latest.txt', false);
  const giasFiller: string[] = giasHeadings.map((h) =>
    h.includes('(name)') ? 'Not applicable' : h.includes('(code)') ? '0' : '',
  );
  const giasIndex = new Map(giasHeadings.map((h, i) => [h, i]));
  const ofstedIndex = new Map(ofstedHeadings.map((h, i) => [h, i]));

  const establishments: string[] = [line(giasHeadings)];
  const links: string[] = [line(['URN', 'LinkURN', 'LinkName', 'LinkType', 'LinkEstablishedDate'])];
  const inspections: string[] = [
    'Management information - state-funded schools - latest inspections (SYNTHETIC, for the bench)',
    line(ofstedHeadings),
  ];
  const laCodes: string[] = [];
  let urn = 100_000;
  let inspection = 20_000_000;
  let open = 0;

  const school = (values: Record<string, string>) => {
    const cells = [...giasFiller];
    for (const [key, value] of Object.entries(values)) cells[giasIndex.get(key)!] = value;
    establishments.push(line(cells));
  };
  const ofstedRow = (values: Record<string, string>) => {
    const cells = ofstedHeadings.map(() => 'NULL');
    for (const [key, value] of Object.entries(values)) {
      const index = ofstedIndex.get(key);
      if (index === undefined) throw new Error(`No Ofsted heading "${key}"`);
      cells[index] = value;
    }
    inspections.push(line(cells));
  };
  const grade = () => String(1 + Math.min(3, Math.floor(-Math.log(random()) * 0.9)));
  const cards = [
    'Exceptional',
    'Strong standard',
    'Expected standard',
    'Expected standard',
    'Needs attention',
    'Urgent improvement',
  ];

  for (let a = 0; a < options.authorities; a++) {
    const laCode = String(201 + a * 6);
    laCodes.push(laCode);
    const laName = `Synthetic Authority ${laCode}`;
    const perAuthority = Math.round(options.openSchools / options.authorities);
    for (let n = 0; n < perAuthority; n++) {
      let r = random();
      const [phase, phaseOfEducation] = PHASES.find(([, , share]) => (r -= share) < 0) ?? PHASES[1]!;
      const [phaseCode, phaseName] = phaseOfEducation.split('|') as [string, string];
      const isAcademy = random() < 0.45;
      const kind = !isAcademy ? 'la' : random() < 0.6 ? 'converter' : random() < 0.6 ? 'sponsor' : 'free';
      const special = phase === 'special';
      const ap = phase === 'pru_ap';
      const [typeCode, typeName, groupCode, groupName] =
        kind === 'la'
          ? special
            ? ['07', 'Community special school', '4', 'Local authority maintained schools']
            : ap
              ? ['14', 'Pupil referral unit', '4', 'Local authority maintained schools']
              : phase === 'nursery'
                ? ['15', 'Local authority nursery school', '4', 'Local authority maintained schools']
                : ['01', 'Community school', '4', 'Local authority maintained schools']
          : kind === 'free'
            ? special
              ? ['36', 'Free schools special', '11', 'Free Schools']
              : ap
                ? ['38', 'Free schools alternative provision', '11', 'Free Schools']
                : ['35', 'Free schools', '11', 'Free Schools']
            : special
              ? ['44', 'Academy special converter', '10', 'Academies']
              : ap
                ? ['42', 'Academy alternative provision converter', '10', 'Academies']
                : kind === 'converter'
                  ? ['34', 'Academy converter', '10', 'Academies']
                  : ['28', 'Academy sponsor led', '10', 'Academies'];
      const id = ++urn;
      const opened = kind === 'la' ? null : DAY('2011-09-01') + Math.floor(random() * 4500);
      const base = {
        'LA (code)': laCode,
        'LA (name)': laName,
        'TypeOfEstablishment (code)': typeCode,
        'TypeOfEstablishment (name)': typeName,
        'EstablishmentTypeGroup (code)': groupCode,
        'EstablishmentTypeGroup (name)': groupName,
        'PhaseOfEducation (code)': phaseCode,
        'PhaseOfEducation (name)': phaseName,
        Postcode: `ZZ${a % 99} ${n % 9}AA`,
        Town: laName,
      };
      school({
        ...base,
        URN: String(id),
        EstablishmentNumber: String(2000 + n),
        EstablishmentName: `${pick(['Oak', 'Ash', 'Elm', 'Yew'])} ${phase} school ${id}`,
        'EstablishmentStatus (code)': '1',
        'EstablishmentStatus (name)': 'Open',
        OpenDate: opened === null ? '' : gias(opened),
      });
      open++;
      let predecessor: number | null = null;
      if (kind === 'converter') {
        predecessor = ++urn;
        school({
          ...base,
          'TypeOfEstablishment (code)': '01',
          'TypeOfEstablishment (name)': special ? 'Community special school' : 'Community school',
          'EstablishmentTypeGroup (code)': '4',
          'EstablishmentTypeGroup (name)': 'Local authority maintained schools',
          URN: String(predecessor),
          EstablishmentNumber: String(5000 + n),
          EstablishmentName: `Former ${phase} school ${predecessor}`,
          'EstablishmentStatus (code)': '2',
          'EstablishmentStatus (name)': 'Closed',
          CloseDate: gias(opened! - 1),
        });
        links.push(
          line([
            String(id),
            String(predecessor),
            `Former school ${predecessor}`,
            'Predecessor',
            gias(opened!),
          ]),
        );
        links.push(line([String(predecessor), String(id), `School ${id}`, 'Successor', gias(opened!)]));
      }
      // Ofsted's row for the open school.
      const row: Record<string, string> = {
        URN: String(id),
        'School name': `School ${id}`,
        'Local authority': laName,
      };
      const isNewFree = kind === 'free' && random() < 0.2;
      if (!isNewFree) {
        const byPredecessor = predecessor !== null && random() < 0.3;
        const inspected = byPredecessor ? predecessor! : id;
        const oeifDay = (byPredecessor ? opened! - 400 : DAY('2016-01-01')) + Math.floor(random() * 2500);
        Object.assign(row, {
          'Inspection number of latest OEIF graded inspection': String(++inspection),
          'Inspection start date of latest OEIF graded inspection': ofsted(
            Math.min(oeifDay, DAY('2024-06-30')),
          ),
          'Publication date of latest OEIF graded inspection': ofsted(
            Math.min(oeifDay, DAY('2024-06-30')) + 30,
          ),
          'Does the latest OEIF graded inspection relate to the URN of the current school?': byPredecessor
            ? 'No'
            : 'Yes',
          'URN at time of latest OEIF graded inspection': String(inspected),
          'Latest OEIF overall effectiveness': grade(),
          'Latest OEIF category of concern': random() < 0.02 ? 'SM' : 'NULL',
        });
        if (!byPredecessor && random() < 0.1) {
          const cardDay = DAY('2025-11-17') + Math.floor(random() * 150);
          Object.assign(row, {
            'Inspection number of latest full inspection': String(++inspection),
            'Inspection start date': ofsted(cardDay),
            'Publication date': ofsted(cardDay + 35),
            'Does the latest full inspection relate to the URN of the current school?': 'Yes',
            'Safeguarding standards': random() < 0.97 ? 'Met' : 'Not met',
            Inclusion: pick(cards),
            'Curriculum and teaching': pick(cards),
            Achievement: pick(cards),
            'Attendance and behaviour': pick(cards),
            'Personal development and wellbeing': pick(cards),
            'Leadership and governance': pick(cards),
            ...(phase === 'secondary' ? { 'Post-16 provision (where applicable)': pick(cards) } : {}),
          });
        }
        if (random() < 0.25) {
          const day = DAY('2022-01-01') + Math.floor(random() * 900);
          Object.assign(row, {
            'Latest ungraded inspection number': String(++inspection),
            'Date of latest ungraded inspection': ofsted(day),
            'Ungraded inspection publication date': ofsted(day + 20),
            'Does the ungraded inspection relate to the URN of the current school?': 'Yes',
            'Ungraded inspection overall outcome': 'School remains Good',
          });
        }
      }
      ofstedRow(row);
    }
    // Independent schools: in the register, out of the position, not in Ofsted's state-funded file.
    for (let n = 0; n < 15; n++) {
      const id = ++urn;
      school({
        URN: String(id),
        'LA (code)': laCode,
        'LA (name)': laName,
        EstablishmentNumber: String(6000 + n),
        EstablishmentName: `Independent school ${id}`,
        'TypeOfEstablishment (code)': '11',
        'TypeOfEstablishment (name)': 'Other independent school',
        'EstablishmentTypeGroup (code)': '3',
        'EstablishmentTypeGroup (name)': 'Independent schools',
        'EstablishmentStatus (code)': '1',
        'EstablishmentStatus (name)': 'Open',
        'PhaseOfEducation (code)': '0',
        'PhaseOfEducation (name)': 'Not applicable',
      });
    }
  }
  const encode = (lines: string[]) => new TextEncoder().encode(`${lines.join('\r\n')}\r\n`);
  return {
    establishments: encode(establishments),
    links: encode(links),
    inspections: encode(inspections),
    counts: {
      establishments: establishments.length - 1,
      open,
      links: links.length - 1,
      ofstedRows: inspections.length - 2,
      laCodes,
    },
  };
}
