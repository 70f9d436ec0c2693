import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  contractMonth,
  CUMULATIVE_BASES,
  evaluateContract,
  monthsNeeded,
  type ContractPosition,
  type ContractSummary,
} from '../domain/contracts.ts';
import { isIsoDate, parsePeriod, type Period } from '../domain/periods.ts';
import { invalid, notFound, type Issue } from '../errors.ts';
import { writeAudit } from '../db/repositories/audit.ts';
import { findIndicators } from '../db/repositories/catalogue.ts';
import {
  findContract,
  findContractFigures,
  findContracts,
  findContractTerms,
  findLatestContractMonth,
  replaceContractTerms,
  saveContractRow,
  type ContractRecord,
} from '../db/repositories/contracts.ts';
import { findOrganisations } from '../db/repositories/people.ts';
import type { Database } from '../db/schema.ts';
import { isAllowed, requirePermission } from './authorise.ts';
import type { RequestContext } from './context.ts';
import { looseNumber, parseAll } from './inputs.ts';

/**
 * Partner contracts: reading a contract's position for a month, and
 * defining a contract and its terms.
 *
 * Who sees what: anyone with 'contracts:read' from the council sees every
 * contract; a partner (a partner contributor, or anyone whose organisation
 * is not the council) sees only its own organisation's. Another
 * organisation's contract is reported as not found, exactly as a reference
 * that does not exist, so references cannot be probed. A viewer sees
 * validated figures only. The system itself (no actor) sees everything.
 */

export interface ContractListItem {
  contract: ContractRecord;
  /** The month summarised: the latest with figures, or null when the contract has none yet. */
  month: Period | null;
  indicatorCount: number;
  inMonth: ContractSummary | null;
  cumulative: ContractSummary | null;
}

export interface ContractDetail {
  contract: ContractRecord;
  /** The latest month with any figure for the contract's indicators, or null. */
  latestMonth: string | null;
  position: ContractPosition;
}

const text = z.string().trim();
const isoDate = text.refine(isIsoDate, 'must be a date such as 2018-04-01');

export const ContractInput = z
  .object({
    ref: text.min(1, 'is required').max(40, 'must be at most 40 characters'),
    title: text.min(1, 'is required'),
    /** The partner's name, as in the list of organisations. */
    organisation: text.min(1, 'is required'),
    startsOn: isoDate,
    endsOn: z
      .union([z.literal('').transform(() => null), isoDate])
      .nullable()
      .default(null),
    notes: text.default(''),
    isIllustrative: z.boolean().default(false),
    indicators: z
      .array(
        z.object({
          ref: text.min(1, 'is required'),
          /** The indicator's number in the contract; default: its place in the list. */
          position: z.coerce.number().int().min(1).optional(),
          /** Blank: no target agreed. */
          target: looseNumber.default(null),
          tolerance: looseNumber.default(0).refine((t) => t === null || t >= 0, 'must not be negative'),
          cumulativeBasis: z
            .enum(CUMULATIVE_BASES, { error: () => `must be one of: ${CUMULATIVE_BASES.join(', ')}` })
            .default('rolling_12_months'),
        }),
      )
      .max(200, 'a contract may list at most 200 indicators'),
  })
  .superRefine((c, ctx) => {
    if (c.endsOn && c.endsOn < c.startsOn)
      ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'must not be before the start date' });
  });
export type ContractInput = z.input<typeof ContractInput>;

/** What the audit record keeps of a contract: its terms, by reference. */
interface ContractSnapshot {
  ref: string;
  title: string;
  organisation: string;
  startsOn: string;
  endsOn: string | null;
  notes: string;
  isIllustrative: boolean;
  indicators: {
    position: number;
    ref: string;
    target: number | null;
    tolerance: number;
    cumulativeBasis: string;
  }[];
}

const MONTH_CODE = /^\d{4}-\d{2}$/;

function isPublishedOnly(context: RequestContext): boolean {
  return context.actor?.role === 'viewer';
}

function isVisible(context: RequestContext, contract: ContractRecord): boolean {
  return isAllowed(context, 'contracts:read', { organisationId: contract.organisation.id });
}

/** The organisation whose contracts the actor is limited to, or null for all. */
function organisationFilter(context: RequestContext): number | null {
  const actor = context.actor;
  if (!actor) return null;
  return actor.role === 'partner_contributor' || !actor.isCouncil ? actor.organisationId : null;
}

async function positionOf(
  db: Kysely<Database>,
  contract: ContractRecord,
  month: Period,
  context: RequestContext,
): Promise<ContractPosition> {
  const terms = await findContractTerms(db, contract.id);
  const figures = await findContractFigures(db, {
    indicatorIds: terms.map((t) => t.indicatorId),
    months: monthsNeeded(
      month,
      terms.map((t) => t.cumulativeBasis),
    ),
    isPublishedOnly: isPublishedOnly(context),
  });
  return evaluateContract({
    month,
    indicators: terms.map(({ indicatorId, ...t }) => ({
      ...t,
      observations: figures.get(indicatorId) ?? [],
    })),
  });
}

/** The contracts the actor may see, each summed up for its latest month with figures. */
export async function listContracts(
  db: Kysely<Database>,
  context: RequestContext,
): Promise<ContractListItem[]> {
  requirePermission(context, 'contracts:read');
  const contracts = (await findContracts(db, { organisationId: organisationFilter(context) })).filter((c) =>
    isVisible(context, c),
  );
  const items: ContractListItem[] = [];
  for (const contract of contracts) {
    const latest = await findLatestContractMonth(db, contract.id, {
      isPublishedOnly: isPublishedOnly(context),
    });
    if (latest === null) {
      const terms = await findContractTerms(db, contract.id);
      items.push({ contract, month: null, indicatorCount: terms.length, inMonth: null, cumulative: null });
      continue;
    }
    const position = await positionOf(db, contract, contractMonth(latest), context);
    items.push({
      contract,
      month: position.month,
      indicatorCount: position.indicators.length,
      inMonth: position.inMonth,
      cumulative: position.cumulative,
    });
  }
  return items;
}

/**
 * A contract's position for a month ('YYYY-MM'); with no month, the latest
 * with figures (or, before any, the current month). Not found for a
 * reference that does not exist or a contract the actor may not see.
 */
export async function getContract(
  db: Kysely<Database>,
  ref: string,
  month: string | undefined,
  context: RequestContext,
  options: { today?: Date } = {},
): Promise<ContractDetail> {
  requirePermission(context, 'contracts:read');
  if (month !== undefined && (!MONTH_CODE.test(month) || !parsePeriod(month))) {
    throw invalid('The month was not understood.', [
      { field: 'month', message: 'must be a month such as 2018-10' },
    ]);
  }
  const contract = await findContract(db, ref);
  if (!contract || !isVisible(context, contract)) throw notFound(`No contract has the reference "${ref}".`);
  const latestMonth = await findLatestContractMonth(db, contract.id, {
    isPublishedOnly: isPublishedOnly(context),
  });
  const code = month ?? latestMonth ?? (options.today ?? new Date()).toISOString().slice(0, 7);
  return { contract, latestMonth, position: await positionOf(db, contract, contractMonth(code), context) };
}

function snapshotOf(
  contract: ContractRecord,
  terms: Awaited<ReturnType<typeof findContractTerms>>,
): ContractSnapshot {
  return {
    ref: contract.ref,
    title: contract.title,
    organisation: contract.organisation.name,
    startsOn: contract.startsOn,
    endsOn: contract.endsOn,
    notes: contract.notes,
    isIllustrative: contract.isIllustrative,
    indicators: terms.map((t) => ({
      position: t.position,
      ref: t.ref,
      target: t.target,
      tolerance: t.tolerance,
      cumulativeBasis: t.cumulativeBasis,
    })),
  };
}

/**
 * Defines a contract, or redefines the one with the same reference: its
 * partner, dates and notes, and its indicators with their terms (the list
 * given replaces the one held). Every problem is reported at once and
 * nothing is saved: an unknown organisation or indicator, an indicator
 * that is not monthly, an indicator or number listed twice. Needs
 * 'contracts:write' for the partner (and, when redefining, for the partner
 * the contract had). A change is audited with the contract before and
 * after; defining it again exactly as it stands changes nothing and
 * records nothing.
 */
export async function defineContract(
  db: Kysely<Database>,
  input: unknown,
  context: RequestContext,
): Promise<ContractRecord> {
  requirePermission(context, 'contracts:write');
  const [fields] = parseAll(ContractInput, [input]);
  const c = fields!;
  return db.transaction().execute(async (trx) => {
    const issues: Issue[] = [];
    const organisation = (await findOrganisations(trx)).find((o) => o.name === c.organisation);
    if (!organisation)
      issues.push({ field: 'organisation', message: `no organisation is called "${c.organisation}"` });

    const indicators = new Map(
      (await findIndicators(trx, { refs: c.indicators.map((i) => i.ref) })).map((i) => [
        i.ref.toLowerCase(),
        i,
      ]),
    );
    const seenRefs = new Set<string>();
    const seenPositions = new Set<number>();
    const terms = c.indicators.flatMap((term, index) => {
      const field = (name: string) => `indicators.${index}.${name}`;
      const position = term.position ?? index + 1;
      const indicator = indicators.get(term.ref.toLowerCase());
      if (seenPositions.has(position))
        issues.push({ field: field('position'), message: `KPI ${position} is listed more than once` });
      seenPositions.add(position);
      if (!indicator) {
        issues.push({ field: field('ref'), message: `no indicator has the reference "${term.ref}"` });
        return [];
      }
      if (seenRefs.has(indicator.ref)) {
        issues.push({ field: field('ref'), message: `${indicator.ref} is listed more than once` });
        return [];
      }
      seenRefs.add(indicator.ref);
      if (indicator.frequency !== 'monthly') {
        issues.push({
          field: field('ref'),
          message: `${indicator.ref} is reported ${indicator.frequency.replace('_', ' ')}; a contract judges monthly indicators`,
        });
        return [];
      }
      return [
        {
          indicatorId: indicator.id,
          position,
          target: term.target,
          tolerance: term.tolerance ?? 0,
          cumulativeBasis: term.cumulativeBasis,
        },
      ];
    });
    if (issues.length) throw invalid('The contract was not saved.', issues);

    const existing = await findContract(trx, c.ref);
    requirePermission(context, 'contracts:write', { organisationId: organisation!.id });
    if (existing) requirePermission(context, 'contracts:write', { organisationId: existing.organisation.id });
    const before = existing ? snapshotOf(existing, await findContractTerms(trx, existing.id)) : null;

    const id = await saveContractRow(trx, {
      ref: existing?.ref ?? c.ref,
      title: c.title,
      organisationId: organisation!.id,
      startsOn: c.startsOn,
      endsOn: c.endsOn,
      notes: c.notes,
      isIllustrative: c.isIllustrative,
    });
    await replaceContractTerms(trx, id, terms);
    const saved = (await findContract(trx, existing?.ref ?? c.ref))!;
    const after = snapshotOf(saved, await findContractTerms(trx, id));
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      await writeAudit(trx, context, {
        action: existing ? 'contract.update' : 'contract.create',
        entityType: 'contract',
        entityId: saved.ref,
        before,
        after,
      });
    }
    return saved;
  });
}

/** The contract use cases, bound to a database: what the routes and the composition root use. */
export function createContractServices(db: Kysely<Database>) {
  return {
    list: (context: RequestContext) => listContracts(db, context),
    get: (ref: string, month: string | undefined, context: RequestContext) =>
      getContract(db, ref, month, context),
    define: (input: unknown, context: RequestContext) => defineContract(db, input, context),
  };
}

export type ContractServices = ReturnType<typeof createContractServices>;
