import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { generateAuthority } from './generate-authority.ts';
import { ANNEX_A_HEADERS, writeAnnexA } from './write-annex-a.ts';
import { writeCinCensus } from './write-cin-census.ts';
import { SSDA903_HEADERS, writeSsda903Tables, writeSsda903Xml } from './write-ssda903.ts';

/** The shared samples (see /work/shared/samples/README.md): the real layouts the files must keep. */
const SAMPLES = '/work/shared/samples';

const records = generateAuthority({
  la: '999',
  name: 'Testshire',
  childPopulation: 8000,
  firstYearEnding: '2023-03-31',
  years: 2,
  seed: 5,
});
const text = (chunks: Iterable<string>) => [...chunks].join('');
const parser = new XMLParser({
  parseTagValue: false,
  isArray: (name) =>
    ['Child', 'CINdetails', 'Assessments', 'Section47', 'ChildProtectionPlans', 'CHILD', 'EPISODE'].includes(
      name,
    ),
});
const csv = (body: string) => Papa.parse<string[]>(body.trimEnd(), { skipEmptyLines: false }).data;
const headerOf = (path: string) => csv(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''))[0];
const DD_MM_YYYY = /^\d{2}\/\d{2}\/\d{4}$/;

interface CinChild {
  ChildIdentifiers: { LAchildID: string };
  CINdetails: {
    CINreferralDate: string;
    CINclosureDate?: string;
    Assessments?: { AssessmentActualStartDate: string }[];
  }[];
}
const census = (yearEnding: string) => {
  const parsed = parser.parse(text(writeCinCensus(records, { yearEnding })), true);
  return parsed.Message as {
    Header: { CollectionDetails: { ReferenceDate: string }; Source: { LEA: string } };
    Children: { Child: CinChild[] };
  };
};

describe('writeCinCensus', () => {
  it('writes well-formed XML in the census layout, with the reference date and authority', () => {
    const message = census('2023-03-31');
    expect(message.Header.CollectionDetails.ReferenceDate).toBe('2023-03-31');
    expect(message.Header.Source.LEA).toBe('999');
    expect(message.Children.Child.length).toBeGreaterThan(100);
  });

  it('holds every child with an episode of need open at any point in the year, and no other', () => {
    const expected = new Set(
      records.referrals
        .filter(
          (r) => r.referralDate <= '2023-03-31' && (r.closureDate === null || r.closureDate >= '2022-04-01'),
        )
        .map((r) => r.childId),
    );
    const written = census('2023-03-31').Children.Child.map((c) => c.ChildIdentifiers.LAchildID);
    expect(new Set(written)).toEqual(expected);
    expect(written.length).toBe(expected.size);
  });

  it('repeats an episode open across 31 March in both years, closed only in the year it closed', () => {
    const acrossYearEnd = records.referrals.find(
      (r) =>
        r.referralDate < '2023-03-31' &&
        r.closureDate !== null &&
        r.closureDate > '2023-04-01' &&
        r.closureDate <= '2024-03-31',
    )!;
    const episodeIn = (yearEnding: string) =>
      census(yearEnding)
        .Children.Child.find((c) => c.ChildIdentifiers.LAchildID === acrossYearEnd.childId)!
        .CINdetails.find((d) => d.CINreferralDate === acrossYearEnd.referralDate)!;
    expect(episodeIn('2023-03-31').CINclosureDate).toBeUndefined();
    expect(episodeIn('2024-03-31').CINclosureDate).toBe(acrossYearEnd.closureDate);
  });

  it('writes GenderCurrent before 2023-24 and Sex from then on, as the census did', () => {
    expect(text(writeCinCensus(records, { yearEnding: '2023-03-31' }))).toMatch(
      /<GenderCurrent>[012]<\/GenderCurrent>/,
    );
    const later = text(writeCinCensus(records, { yearEnding: '2024-03-31' }));
    expect(later).toMatch(/<Sex>[MF]<\/Sex>/);
    expect(later).not.toContain('GenderCurrent');
  });
});

describe('writeSsda903Tables', () => {
  const tables = writeSsda903Tables(records, { yearEnding: '2023-03-31' });

  it.each(Object.keys(SSDA903_HEADERS))('writes %s.csv with the exact header of the DfE sample', (table) => {
    const rows = csv(text(tables[table as keyof typeof SSDA903_HEADERS]));
    expect(rows[0]).toEqual(headerOf(`${SAMPLES}/ssda903_fake/${table}.csv`));
    for (const row of rows.slice(1)) expect(row.length).toBe(rows[0]!.length);
  });

  it("holds the year's episodes, those open at any point in it, with dd/mm/yyyy dates", () => {
    const rows = csv(text(writeSsda903Tables(records, { yearEnding: '2023-03-31' }).episodes)).slice(1);
    const expected = records.episodes.filter(
      (e) => e.startDate <= '2023-03-31' && (e.endDate === null || e.endDate >= '2022-04-01'),
    );
    expect(rows.length).toBe(expected.length);
    for (const row of rows) {
      expect(row[1]).toMatch(DD_MM_YYYY);
      if (row[7]) expect(row[7]).toMatch(DD_MM_YYYY);
    }
  });
});

describe('writeSsda903Xml', () => {
  it('writes well-formed XML with one CHILD per child in the CSV header table, their episodes within', () => {
    const parsed = parser.parse(text(writeSsda903Xml(records, { yearEnding: '2023-03-31' })), true) as {
      EXPSSDA903: { CHILD: { HEADER: { CHILDID: string }; EPISODE?: unknown[] }[] };
    };
    const header = csv(text(writeSsda903Tables(records, { yearEnding: '2023-03-31' }).header)).slice(1);
    const episodes = csv(text(writeSsda903Tables(records, { yearEnding: '2023-03-31' }).episodes)).slice(1);
    const children = parsed.EXPSSDA903.CHILD;
    expect(children.map((c) => c.HEADER.CHILDID)).toEqual(header.map((row) => row[0]));
    expect(children.reduce((n, c) => n + (c.EPISODE?.length ?? 0), 0)).toBe(episodes.length);
  });
});

describe('writeAnnexA', () => {
  const lists = writeAnnexA(records, { extractDate: '2023-03-31' });
  const LOCAL_COLUMNS: Record<number, string[]> = {
    1: ['Date and time of contact', 'Contact decision date'],
    3: ['Date allocated'],
  };

  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])(
    'writes List_%i.csv with the headings of the 2024 template (and our local columns)',
    (n) => {
      const rows = csv(text(lists.get(n)!));
      expect(rows[0]).toEqual([
        ...headerOf(`${SAMPLES}/annex_a_liia_2024_jan/List_${n}.csv`)!,
        ...(LOCAL_COLUMNS[n] ?? []),
      ]);
      expect(ANNEX_A_HEADERS[n]).toEqual(rows[0]);
      for (const row of rows.slice(1)) expect(row.length).toBe(rows[0]!.length);
    },
  );

  it('lists the contacts and referrals of the 12 months before the extract, dates dd/mm/yyyy', () => {
    const contacts = csv(text(lists.get(1)!)).slice(1);
    expect(contacts.length).toBe(
      records.contacts.filter((c) => c.contactDate > '2022-03-31' && c.contactDate <= '2023-03-31').length,
    );
    for (const row of contacts) {
      expect(row[5]).toMatch(DD_MM_YYYY);
      expect(row[7]).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    }
    const referrals = csv(text(lists.get(3)!)).slice(1);
    expect(referrals.length).toBe(
      records.referrals.filter((r) => r.referralDate > '2022-03-31' && r.referralDate <= '2023-03-31').length,
    );
  });
});
