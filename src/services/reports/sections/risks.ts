import { findPlan, findRisks } from '../../../db/repositories/improvement.ts';
import { longDay } from '../../../domain/improvement/dates.ts';
import {
  BAND_LABELS,
  bandOf,
  isReviewOverdue,
  scoreOf,
  type Score,
} from '../../../domain/improvement/risks.ts';
import type { Block, TableCell } from '../../../reports/document.ts';
import type { SectionBuilder } from '../section-input.ts';
import { numberFormatOf } from '../../../reports/number-format.ts';
import { column, textCell, unknownRefs } from './cells.ts';
import { planDay } from './plan-day.ts';

/**
 * An improvement plan's risk register (the plan named by its reference, as
 * on the /improvement pages): each risk with its owner, its scores before
 * mitigation (inherent), now (residual) and as targeted (likelihood ×
 * impact, banded as src/domain/improvement/risks.ts bands them), its
 * mitigations and its review date, flagged when the review is overdue on
 * the report's day (see planDay). Open risks first, by reference; closed
 * ones after, said to be closed. The register keeps no history, so it is
 * shown as it stands now whatever input.asAt says.
 */
export const buildRisksSection: SectionBuilder<'risks'> = async (db, input) => {
  const plan = await findPlan(db, input.definition.plan);
  if (!plan) throw unknownRefs('plan', 'improvement plan', [input.definition.plan]);
  const day = planDay(input.month, input.asAt);
  const risks = await findRisks(db, { planId: plan.id });
  const ordered = [...risks.filter((r) => !r.isClosed), ...risks.filter((r) => r.isClosed)];
  const overdue = ordered.filter((r) => isReviewOverdue(r, day)).length;

  const blocks: Block[] = [];
  if (ordered.length === 0) {
    blocks.push({ type: 'paragraph', text: 'The plan has no risks recorded.' });
  } else {
    const open = ordered.filter((r) => !r.isClosed).length;
    blocks.push({
      type: 'paragraph',
      text:
        `${open} open ${open === 1 ? 'risk' : 'risks'} on ${longDay(day)}` +
        (overdue ? `; ${overdue} past ${overdue === 1 ? 'its' : 'their'} review date.` : '.'),
    });
    blocks.push({
      type: 'table',
      table: {
        caption: `Risk register, ${plan.ref}`,
        columns: [
          column('Ref'),
          column('Risk'),
          column('Owner'),
          column('Inherent score', true),
          column('Residual score', true),
          column('Target score', true),
          column('Mitigation'),
          column('Review date'),
        ],
        rows: ordered.map((r) => ({
          cells: [
            textCell(r.ref),
            textCell(r.title),
            textCell(r.owner),
            scoreCell(r.inherent),
            scoreCell(r.residual),
            scoreCell(r.target),
            textCell(r.mitigations),
            reviewCell(r, day),
          ],
        })),
      },
    });
  }
  return {
    id: input.id,
    kind: 'risks',
    heading: input.definition.heading || `Risks: ${plan.title}`,
    blocks,
  };
};

/** '12 High (L3 × I4)', as the register page shows a score; 'Not scored' without one. */
export function scoreCell(score: Score | null): TableCell {
  const value = scoreOf(score);
  if (score === null || value === null)
    return { text: 'Not scored', value: null, format: numberFormatOf('score', 0) };
  return {
    text: `${value} ${BAND_LABELS[bandOf(value)]} (L${score.likelihood} × I${score.impact})`,
    value,
    format: numberFormatOf('score', 0),
  };
}

/** The review date ('None set' without one), flagged red when past it; 'Closed' for a closed risk. */
export function reviewCell(risk: { reviewOn: string | null; isClosed: boolean }, day: string): TableCell {
  if (risk.isClosed) return textCell(risk.reviewOn ? `${longDay(risk.reviewOn)} (closed)` : 'Closed');
  if (risk.reviewOn === null) return textCell('None set');
  return isReviewOverdue(risk, day)
    ? textCell(`${longDay(risk.reviewOn)}: past review date`, 'red')
    : textCell(longDay(risk.reviewOn));
}
