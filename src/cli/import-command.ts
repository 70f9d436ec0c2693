import { basename, resolve } from 'node:path';
import { userInfo } from 'node:os';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { describeIssue } from '../errors.ts';
import { systemContext } from '../services/context.ts';
import { createImportServices, type ImportProgress } from '../services/import-figures.ts';

/**
 * `scorecard import <file.csv|file.xlsx> [--preview] [--sheet NAME]`:
 * reads and checks the file (streaming, any size), prints the preview, and
 * unless --preview commits it, all or nothing. Progress goes to stderr as
 * one line rewritten in place (a line per step when stderr is not a
 * terminal). Exit codes: 0 imported (or nothing to change), 1 refused or
 * failed, 2 usage.
 */
export async function runImportCommand(
  db: Kysely<Database>,
  file: string | undefined,
  flags: { preview?: boolean; sheet?: string },
): Promise<number> {
  if (!file) {
    console.error('Usage: scorecard import <file.csv|file.xlsx> [--preview] [--sheet NAME]');
    return 2;
  }
  const context = systemContext(`cli:${userInfo().username}`, 'cli');
  const imports = createImportServices(db);
  const isTerminal = process.stderr.isTTY;
  let lastLine = '';
  const onProgress = (p: ImportProgress) => {
    const line = `${p.phase === 'reading' ? 'Reading' : p.phase === 'committing' ? 'Committing' : 'Rolling back'}: ${p.text}`;
    if (line === lastLine) return;
    lastLine = line;
    process.stderr.write(isTerminal ? `\r\x1b[K${line}` : `${line}\n`);
  };
  const endProgress = () => {
    if (isTerminal && lastLine) process.stderr.write('\n');
    lastLine = '';
  };

  const preview = await imports.preview({ path: resolve(file), fileName: basename(file) }, context, {
    ...(flags.sheet ? { sheet: flags.sheet } : {}),
    onProgress,
  });
  endProgress();
  const n = (x: number) => x.toLocaleString('en-GB');
  console.log(
    `${preview.fileName} (import ${preview.id}, ${preview.format.toUpperCase() || 'unknown format'}${preview.sheet ? `, sheet "${preview.sheet}"` : ''}${preview.encoding ? `, ${preview.encoding}` : ''}): ${n(preview.rowsRead)} rows; ${n(preview.newCount)} new, ${n(preview.changedCount)} changed, ${n(preview.unchangedCount)} unchanged, ${n(preview.commentaryCount)} commentary, ${n(preview.refusedCount)} refused rows.`,
  );
  for (const note of preview.notes) console.log(`  ${note}`);
  if (preview.status === 'refused' || preview.status === 'failed') {
    console.error(
      `${preview.fileName} was refused: ${n(preview.problemCount)} problem${preview.problemCount === 1 ? '' : 's'}; nothing was saved.`,
    );
    for (const issue of preview.problems) console.error(`  ${describeIssue(issue)}`);
    if (preview.problemCount > preview.problems.length)
      console.error(`  … and ${n(preview.problemCount - preview.problems.length)} more.`);
    return 1;
  }
  if (preview.status === 'unchanged') return 0;
  if (flags.preview) {
    console.log(`Preview only: nothing was saved. To import it, run scorecard import without --preview.`);
    return 0;
  }
  const committed = await imports.commit(preview.id, context, { onProgress });
  endProgress();
  console.log(
    `Committed import ${committed.id}: ${n(committed.newCount)} new, ${n(committed.changedCount)} changed, ${n(committed.commentaryCount)} commentary.`,
  );
  return 0;
}
