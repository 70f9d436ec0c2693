/**
 * Creates and migrates an embedded database directory, then exits. Run as a
 * child process by the app on first start: PGlite's initdb briefly needs
 * about 900 MB, which a long-running server would otherwise keep.
 */
import { openDatabase } from './client.ts';
import { migrate } from './migrate.ts';

const dataDir = process.argv[2];
if (!dataDir) {
  console.error('Usage: create-embedded <data directory>');
  process.exit(2);
}
const handle = await openDatabase({ kind: 'pglite', dataDir });
await migrate(handle.db);
await handle.close();
