import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import type { RequestContext } from '../../src/services/context.ts';
import { createImportServices, type ImportDetail } from '../../src/services/import-figures.ts';

/**
 * Imports figures from a file's text as a person would (the streaming
 * import: read, check, preview, then commit when there is something to),
 * and returns the preview.
 */
export async function importText(
  db: Kysely<Database>,
  file: { name: string; text: string },
  context: RequestContext,
): Promise<ImportDetail> {
  const dir = await mkdtemp(join(tmpdir(), 'scorecard-import-text-'));
  try {
    const path = join(dir, file.name);
    await writeFile(path, file.text);
    const imports = createImportServices(db);
    const preview = await imports.preview({ path, fileName: file.name }, context);
    if (preview.status === 'ready') await imports.commit(preview.id, context);
    return preview;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
