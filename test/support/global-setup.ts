import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

/**
 * Creates one migrated embedded database for the whole run and saves it as a
 * tarball: each storage test starts from a copy in well under a second,
 * instead of initialising a new cluster in several.
 */
export default async function setup(project: TestProject) {
  const dir = await mkdtemp(join(tmpdir(), 'scorecard-test-'));
  const handle = await openDatabase({ kind: 'pglite', dataDir: null });
  await migrate(handle.db);
  const file = join(dir, 'template.tar');
  await writeFile(file, Buffer.from(await (await handle.dumpDataDir!()).arrayBuffer()));
  await handle.close();
  project.provide('pgliteTemplate', file);
  return async () => rm(dir, { recursive: true, force: true });
}
