import type { Kysely } from 'kysely';
import { isIsoDate } from '../../domain/periods.ts';
import { compareLatestFirst, type Inspection } from '../../domain/schools/inspection.ts';
import { movementsBetween, type Movement } from '../../domain/schools/movements.ts';
import {
  buildPosition,
  judgementPredecessors,
  place,
  indexInspections,
  schoolsBehind,
  summarise,
  type CountSelector,
  type PlacedSchool,
  type Position,
} from '../../domain/schools/position.ts';
import { ancestorsOf, carriesJudgement, type SchoolLink } from '../../domain/schools/predecessors.ts';
import type { School } from '../../domain/schools/school.ts';
import { invalid, notFound } from '../../errors.ts';
import {
  findAuthorities,
  findInspections,
  findLinks,
  findPositionReports,
  findSchoolImports,
  findSchools,
  findSchoolsByUrn,
  type Authority,
  type PositionReport,
} from '../../db/repositories/schools.ts';
import type { Database } from '../../db/schema.ts';
import { requirePermission } from '../authorise.ts';
import type { RequestContext } from '../context.ts';
import { todayInEngland } from '../publication/cycle.ts';

/**
 * Reading schools: the authorities in the register, an authority's
 * position on a day, the schools behind any count, one school with its
 * inspection history, and movements between two days. Every read needs
 * 'schools:read'. The position is computed from the records each time (an
 * authority's few hundred schools take milliseconds); nothing is stored but
 * the records themselves.
 */

/** How far back a chain of predecessors is followed. Real chains are two or three long. */
const MAX_CHAIN = 25;

export interface AuthorityRecords {
  schools: School[];
  inspections: Inspection[];
  links: SchoolLink[];
}

/**
 * The records an authority's position needs: its schools (open and
 * closed), their links and inspections, and those of their predecessors,
 * wherever those were registered.
 */
export async function loadAuthorityRecords(
  db: Kysely<Database>,
  laCodes: readonly string[],
): Promise<AuthorityRecords> {
  const schools = await findSchools(db, laCodes);
  const known = new Set(schools.map((s) => s.urn));
  const links = new Map<string, SchoolLink>();
  const inspections = new Map<string, Inspection>();
  let batch = [...known];
  for (let depth = 0; batch.length && depth < MAX_CHAIN; depth++) {
    for (const l of await findLinks(db, batch)) links.set(`${l.urn}|${l.linkUrn}|${l.linkType}`, l);
    for (const i of await findInspections(db, batch))
      inspections.set(`${i.inspectionNumber}|${i.reportedUrn}`, i);
    const predecessors = judgementPredecessors([...links.values()], [...inspections.values()]);
    batch = ancestorsOf(known, predecessors).filter((urn) => !known.has(urn));
    for (const urn of batch) known.add(urn);
  }
  return { schools, inspections: [...inspections.values()], links: [...links.values()] };
}

export interface PositionRequest {
  /** LA codes: one authority, or several pooled (a region). */
  laCodes: string[];
  /** ISO date; today in England when not given. */
  asAt?: string | undefined;
}

export interface AuthorityPosition {
  authorities: Authority[];
  position: Position;
  reports: PositionReport[];
  isIllustrative: boolean;
}

function checkDate(field: string, date: string): string {
  if (!isIsoDate(date))
    throw invalid('That is not a date.', [{ field, message: `"${date}" is not a date such as 2017-06-12` }]);
  return date;
}

async function authoritiesNamed(db: Kysely<Database>, laCodes: string[]): Promise<Authority[]> {
  const all = await findAuthorities(db);
  const chosen = laCodes.map((code) => all.find((a) => a.laCode === code));
  if (!laCodes.length || chosen.some((a) => !a))
    throw notFound(
      laCodes.length
        ? `No schools of local authority ${laCodes.filter((c, i) => !chosen[i]).join(', ')} are in the register.`
        : 'Choose a local authority.',
    );
  return chosen as Authority[];
}

export function createSchoolReads(db: Kysely<Database>) {
  async function position(request: PositionRequest, context: RequestContext): Promise<AuthorityPosition> {
    requirePermission(context, 'schools:read');
    const asAt = checkDate('asAt', request.asAt ?? todayInEngland());
    const authorities = await authoritiesNamed(db, request.laCodes);
    const records = await loadAuthorityRecords(db, request.laCodes);
    return {
      authorities,
      position: buildPosition({ ...records, asAt }),
      reports: request.laCodes.length === 1 ? await findPositionReports(db, request.laCodes[0]!) : [],
      isIllustrative: records.schools.some((s) => s.isIllustrative),
    };
  }

  return {
    /** Every authority in the register, and which has the most schools (the page's first choice). */
    async authorities(context: RequestContext): Promise<Authority[]> {
      requirePermission(context, 'schools:read');
      return findAuthorities(db);
    },

    position,

    async schoolsBehind(
      request: PositionRequest & { selector: CountSelector },
      context: RequestContext,
    ): Promise<AuthorityPosition & { schools: PlacedSchool[] }> {
      const result = await position(request, context);
      return { ...result, schools: schoolsBehind(result.position, request.selector) };
    },

    async movements(
      request: { laCodes: string[]; from?: string | undefined; to?: string | undefined },
      context: RequestContext,
    ): Promise<{
      authorities: Authority[];
      from: string;
      to: string;
      movements: Movement[];
      reports: PositionReport[];
      isIllustrative: boolean;
    }> {
      requirePermission(context, 'schools:read');
      const to = checkDate('to', request.to ?? todayInEngland());
      const authorities = await authoritiesNamed(db, request.laCodes);
      const reports = request.laCodes.length === 1 ? await findPositionReports(db, request.laCodes[0]!) : [];
      // Since the last report before the day; with none, since the same day a year before.
      const from = checkDate(
        'from',
        request.from ??
          reports.find((r) => r.asAt < to)?.asAt ??
          `${Number(to.slice(0, 4)) - 1}${to.slice(4)}`.replace('-02-29', '-02-28'),
      );
      if (from > to)
        throw invalid('The dates are the wrong way round.', [
          {
            field: 'from',
            message: `${from} is after ${to}: movements run from an earlier day to a later one`,
          },
        ]);
      const records = await loadAuthorityRecords(db, request.laCodes);
      return {
        authorities,
        from,
        to,
        movements: movementsBetween(
          buildPosition({ ...records, asAt: from }),
          buildPosition({ ...records, asAt: to }),
        ),
        reports,
        isIllustrative: records.schools.some((s) => s.isIllustrative),
      };
    },

    /** One school: where it stands on the day, its inspections and those of its predecessors, its links. */
    async school(urn: number, request: { asAt?: string | undefined }, context: RequestContext) {
      requirePermission(context, 'schools:read');
      const asAt = checkDate('asAt', request.asAt ?? todayInEngland());
      const [school] = await findSchoolsByUrn(db, [urn]);
      if (!school) throw notFound(`No school with URN ${urn} is in the register.`);
      const links = await findLinks(db, [urn]);
      let inspections = await findInspections(db, [urn]);
      // Predecessors' inspections too, back along the chain.
      const seen = new Set([urn]);
      let batch = [urn];
      const allLinks = [...links];
      for (let depth = 0; batch.length && depth < MAX_CHAIN; depth++) {
        const predecessors = judgementPredecessors(allLinks, inspections);
        batch = ancestorsOf(seen, predecessors).filter((u) => !seen.has(u));
        if (!batch.length) break;
        for (const u of batch) seen.add(u);
        allLinks.push(...(await findLinks(db, batch)));
        inspections = [...inspections, ...(await findInspections(db, batch))];
      }
      const unique = new Map(inspections.map((i) => [i.inspectionNumber, i]));
      const history = [...unique.values()].sort(compareLatestFirst);
      const placed = place(
        school,
        asAt,
        indexInspections(history),
        judgementPredecessors(allLinks, inspections),
      );
      const related = await findSchoolsByUrn(db, [
        ...new Set([...links.flatMap((l) => [l.urn, l.linkUrn]), ...history.map((i) => i.urn)]),
      ]);
      const names = new Map(related.map((s) => [s.urn, s]));
      return {
        asAt,
        school,
        placed,
        history,
        names,
        links: links.map((l) => {
          const other = l.urn === urn ? l.linkUrn : l.urn;
          return {
            ...l,
            otherUrn: other,
            otherName: names.get(other)?.name ?? null,
            // As seen from this school: a link recorded on the other school's side reads the other way round.
            type: l.urn === urn ? l.linkType : reverseLinkType(l.linkType),
            carriesJudgement: carriesJudgement(l.linkType) !== null,
          };
        }),
      };
    },

    /**
     * Every authority's position on a day, from one read of the whole
     * register (what a national or regional comparison needs): by LA code.
     */
    async allPositions(
      request: { asAt?: string | undefined },
      context: RequestContext,
    ): Promise<Map<string, Position>> {
      requirePermission(context, 'schools:read');
      const asAt = checkDate('asAt', request.asAt ?? todayInEngland());
      const [schools, inspections, links] = await Promise.all([
        findSchools(db),
        findInspections(db),
        findLinks(db),
      ]);
      const index = indexInspections(inspections);
      const predecessors = judgementPredecessors(links, inspections);
      const byAuthority = new Map<string, PlacedSchool[]>();
      for (const school of schools) {
        let placed = byAuthority.get(school.laCode);
        if (!placed) byAuthority.set(school.laCode, (placed = []));
        placed.push(place(school, asAt, index, predecessors));
      }
      return new Map([...byAuthority].map(([laCode, placed]) => [laCode, summarise(asAt, placed)]));
    },

    async imports(context: RequestContext) {
      requirePermission(context, 'schools:read');
      return findSchoolImports(db);
    },
  };
}

/** "Predecessor" read from the other side is "Successor", and so on. */
function reverseLinkType(type: string): string {
  if (/^predecessor/i.test(type)) return type.replace(/^predecessor/i, 'Successor');
  if (/^successor/i.test(type)) return type.replace(/^successor/i, 'Predecessor');
  return type;
}
