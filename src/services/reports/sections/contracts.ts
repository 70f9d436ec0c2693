import { findContract, findContractTerms } from '../../../db/repositories/contracts.ts';
import { findScorecardFigures } from '../../../db/repositories/values.ts';
import {
  CUMULATIVE_BASIS_LABELS,
  evaluateContract,
  monthsNeeded,
  type ContractRating,
} from '../../../domain/contracts.ts';
import type { StoredFigure } from '../../../domain/scorecard.ts';
import { notFound } from '../../../errors.ts';
import type { Block, TableCell } from '../../../reports/document.ts';
import { correctionMarks } from '../../publication/corrections.ts';
import type { SectionBuilder } from '../section-input.ts';
import { column, figureCell, tallyCell, textCell, unknownRefs } from './cells.ts';

/**
 * A partner contract's position for the report's month, as the council
 * reports the trust's: each contractual indicator with its target and
 * tolerance, its figure and rating in month and on its cumulative basis
 * (evaluateContract in src/domain/contracts.ts, exactly as the contract
 * page judges them), and the council's two sentences ("all 15 within
 * target or tolerance: 10 better than target, 1 at target, 4 missed but
 * within tolerance"). Figures as they stood at input.asAt. A reference that
 * names no contract is invalid for a reader who sees every contract; for a
 * partner, it and another organisation's contract are both "not found", in
 * the same words (as on the contract pages, so references cannot be probed).
 */
export const buildContractsSection: SectionBuilder<'contracts'> = async (db, input) => {
  const { definition, month, visibility } = input;
  const contract = await findContract(db, definition.contract);
  const isVisible =
    contract !== null &&
    (visibility.organisationId === null || contract.organisation.id === visibility.organisationId);
  if (!contract && visibility.organisationId === null)
    throw unknownRefs('contract', 'contract', [definition.contract]);
  if (!contract || !isVisible) throw notFound(`No contract has the reference "${definition.contract}".`);

  const terms = await findContractTerms(db, contract.id);
  const values = await findScorecardFigures(db, {
    indicatorIds: terms.map((t) => t.indicatorId),
    periods: [],
    earlierPeriods: monthsNeeded(
      month,
      terms.map((t) => t.cumulativeBasis),
    ),
    earlierBreakdowns: [''],
    asAt: input.asAt,
    isPublishedOnly: visibility.isPublishedOnly,
  });
  const marksOf = await correctionMarks(db, values);
  const inMonthFigure = new Map<number, StoredFigure>();
  for (const v of values)
    if (v.period === month.code) inMonthFigure.set(v.indicatorId, { ...v, isRevised: marksOf(v).isRevised });

  const position = evaluateContract({
    month,
    indicators: terms.map(({ indicatorId, ...t }) => ({
      ...t,
      observations: values
        .filter((v) => v.indicatorId === indicatorId)
        .map((v) => ({
          period: v.period,
          value: v.value,
          numerator: v.numerator,
          denominator: v.denominator,
        })),
    })),
  });
  const idOf = new Map(terms.map((t) => [t.position, t.indicatorId]));
  const ratingCell = (r: ContractRating): TableCell =>
    textCell(r.label, r.status === 'not_applicable' ? undefined : r.colour);

  const rows = position.indicators.map((i) => {
    const display = { unit: i.unit, decimals: i.decimals };
    const figure = inMonthFigure.get(idOf.get(i.position)!);
    const cumulative = i.cumulative.period
      ? figureCell(i.cumulative.value, display, {})
      : textCell(CUMULATIVE_BASIS_LABELS.none);
    return {
      cells: [
        tallyCell(i.position),
        textCell(`${i.ref}: ${i.title}`),
        i.target === null ? textCell('No target') : figureCell(i.target, display, { isCount: false }),
        figureCell(i.tolerance, display, { isCount: false }),
        figureCell(i.inMonth.value, display, {
          ...(figure ? { source: { ref: i.ref, figure, isRevised: figure.isRevised ?? false } } : {}),
          isProvisional: figure?.status === 'provisional',
        }),
        ratingCell(i.inMonth),
        cumulative,
        ratingCell(i.cumulative),
      ],
    };
  });

  const blocks: Block[] = [
    { type: 'paragraph', text: `${month.label}, in month: ${position.inMonth.text}.` },
    { type: 'paragraph', text: `${month.label}, cumulatively: ${position.cumulative.text}.` },
    {
      type: 'table',
      table: {
        caption: `${contract.ref}: ${month.shortLabel}`,
        columns: [
          column('KPI', true),
          column('Indicator'),
          column('Target', true),
          column('Tolerance', true),
          column(`In month (${month.shortLabel})`, true),
          column('In-month rating'),
          column('Cumulative', true),
          column('Cumulative rating'),
        ],
        rows,
      },
    },
    ...cumulativeBasisNotes(position.indicators),
  ];
  if (contract.isIllustrative && contract.notes)
    blocks.push({ type: 'paragraph', text: contract.notes, isNote: true });
  return {
    id: input.id,
    kind: 'contracts',
    heading: definition.heading || `${contract.title}: ${month.label}`,
    blocks,
  };
};

/** Says what "cumulative" means for each basis the contract uses ('Previous 12 months cumulative: KPI 1–9, 12–15'). */
function cumulativeBasisNotes(
  indicators: { position: number; cumulativeBasis: keyof typeof CUMULATIVE_BASIS_LABELS }[],
): Block[] {
  const bases = [...new Set(indicators.map((i) => i.cumulativeBasis))];
  return bases
    .filter((b) => b !== 'none')
    .map((b) => ({
      type: 'paragraph' as const,
      text: `${CUMULATIVE_BASIS_LABELS[b]}: KPI ${indicators
        .filter((i) => i.cumulativeBasis === b)
        .map((i) => i.position)
        .join(', ')}.`,
      isNote: true,
    }));
}
