import type { Kysely } from 'kysely';
import Papa from 'papaparse';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findPlan, type ReportedCount } from '../../db/repositories/improvement.ts';
import type { Database } from '../../db/schema.ts';
import { systemContext } from '../context.ts';
import { importPlan } from '../improvement/import-plan.ts';
import { linkLead } from '../improvement/link-lead.ts';
import { postUpdate } from '../improvement/post-update.ts';
import { readPlan } from '../improvement/read-plan.ts';
import { recordBoard } from '../improvement/record-board.ts';
import { saveRisk } from '../improvement/risks.ts';

const DEMO = systemContext('demo');

/** The 2023 plan: seed 002, Appendix one; the programme began in January 2022 (§3.1). */
export const DEMO_PLAN = {
  ref: '2023',
  title: 'Improving Services for Children, Young People and Families Plan',
  startsOn: '2022-01-01',
};
/** The board the March 2023 progress and roll-up were reported to (seed 002, §3.19). */
export const DEMO_BOARD_ON = '2023-03-17';
/** The demo's indicator owner stands in for this lead, so a lead's view can be tried (and tested). */
export const DEMO_LEAD = 'Director of Strategy, Commissioning and Transformation';
export const DEMO_LEAD_EMAIL = 'owner@demo.invalid';

const SOURCE = 'Birmingham City Council, Education and Children’s Social Care O&S Committee, 5 April 2023';

interface ProgressRow {
  workstream: string;
  priority: string;
  progress: string;
}
interface RagRow {
  level: string;
  rag: string;
  count: string;
  definition: string;
  note: string;
}
interface RiskRow {
  risk: string;
  mitigation: string;
}

const readCsv = async <T>(path: string): Promise<T[]> =>
  Papa.parse<T>(await readFile(path, 'utf8'), { header: true, skipEmptyLines: true }).data;

/** Titles compared as words: the progress tables re-typeset the plan's titles. */
const words = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/**
 * The 2023 improvement plan of 62 projects (imported through the same
 * service as any upload), its March 2023 progress narratives (no status:
 * the report gives none per project), the roll-up reported to the board on
 * 17 March 2023 as that board's reported position, and the two risks
 * (not scored: the report gives no scores). Idempotent.
 */
export async function loadImprovement(db: Kysely<Database>, fixturesDir: string): Promise<void> {
  if (await findPlan(db, DEMO_PLAN.ref)) return;
  const planFile = 'improvement-plan-2023.csv';
  await importPlan(
    db,
    {
      plan: DEMO_PLAN,
      file: { fileName: planFile, bytes: await readFile(join(fixturesDir, planFile)) },
      source: `${SOURCE}, Appendix one`,
    },
    DEMO,
  );
  await linkLead(db, { planRef: DEMO_PLAN.ref, input: { lead: DEMO_LEAD, email: DEMO_LEAD_EMAIL } }, DEMO);

  const { items } = await readPlan(db, { ref: DEMO_PLAN.ref, asAt: DEMO_BOARD_ON }, DEMO);
  const projects = items.filter((i) => i.level === 'project');
  for (const row of await readCsv<ProgressRow>(join(fixturesDir, 'improvement-progress-2023-03.csv'))) {
    // Matched by title; the progress table shortens one (E2.2 loses its ", building upon …").
    const exact = projects.filter((p) => words(p.title) === words(row.priority));
    const matches = exact.length
      ? exact
      : projects.filter((p) => words(p.title).startsWith(words(row.priority)));
    const project = matches.length === 1 ? matches[0]! : null;
    if (!project) throw new Error(`No one project of the 2023 plan is titled "${row.priority}".`);
    const [narrative, ...next] = row.progress.split(/\s*Next steps:\s*/);
    await postUpdate(
      db,
      {
        planRef: DEMO_PLAN.ref,
        itemRef: project.ref,
        input: {
          narrative: narrative!.trim(),
          nextSteps: next.join(' ').replace(/^•\s*/, '').trim(),
          reportedOn: DEMO_BOARD_ON,
          isStatusOptional: true,
          source: `${SOURCE}, §3.16–3.18`,
        },
      },
      DEMO,
    );
  }

  const counts: ReportedCount[] = (
    await readCsv<RagRow>(join(fixturesDir, 'improvement-rag-2023-03-17.csv'))
  ).map((row) => ({
    level: row.level === 'action' ? 'action' : 'project',
    status: row.rag && row.rag !== 'Total' ? row.rag.toLowerCase() : null,
    label: row.rag || (/Travel/.test(row.definition) ? 'Travel Service' : 'SEND'),
    count: Number(row.count),
    definition: row.definition,
    note: row.note,
  }));
  await recordBoard(
    db,
    {
      planRef: DEMO_PLAN.ref,
      input: {
        on: DEMO_BOARD_ON,
        title: 'Improving Services for Children and Families Board, 17 March 2023',
      },
      transcribed: { counts, source: `${SOURCE}, §3.19` },
    },
    DEMO,
  );

  const risks = await readCsv<RiskRow>(join(fixturesDir, 'risks-2023.csv'));
  for (const [index, row] of risks.entries()) {
    await saveRisk(
      db,
      {
        planRef: DEMO_PLAN.ref,
        input: {
          ref: `R${index + 1}`,
          title: row.risk,
          mitigations: row.mitigation,
          source: `${SOURCE}, §3.21`,
        },
      },
      DEMO,
    );
  }
}
