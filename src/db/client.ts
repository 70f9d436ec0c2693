import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database } from './schema.ts';

/**
 * One Kysely instance over either embedded PostgreSQL (PGlite, a data
 * directory on disk or in memory) or a PostgreSQL server. Both return the
 * same JavaScript types: numeric and bigint as numbers, dates as ISO strings.
 */
export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
  /** Embedded only: the whole database as a tarball, to start other instances from. */
  dumpDataDir?: () => Promise<Blob>;
}

export type DatabaseLocation =
  | { kind: 'postgres'; url: string }
  | { kind: 'pglite'; dataDir: string | null /* null: in memory */; loadDataDir?: Blob };

const OID = { int8: 20, numeric: 1700, date: 1082 } as const;

const toNumber = (text: string): number => Number(text);
const keepText = (text: string): string => text;

export async function openDatabase(location: DatabaseLocation): Promise<DatabaseHandle> {
  if (location.kind === 'postgres') return openServer(location.url);
  return openEmbedded(location.dataDir, location.loadDataDir);
}

async function openServer(url: string): Promise<DatabaseHandle> {
  const parsers: Record<number, (text: string) => unknown> = {
    [OID.int8]: toNumber,
    [OID.numeric]: toNumber,
    [OID.date]: keepText,
  };
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        parsers[oid] ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: poolWithBlobCopy(pool) }) });
  return { db, kind: 'postgres', close: () => db.destroy() };
}

/** The placeholder a bulk load names as its source: `COPY t (…) FROM '/dev/blob' /* ${blob} *\/`. */
const BLOB_SOURCE = "FROM '/dev/blob'";

/**
 * A server takes the same bulk loads as PGlite: a query whose one parameter
 * is a Blob and whose source is '/dev/blob' becomes `COPY … FROM STDIN` on
 * the same connection (so inside the caller's transaction), the Blob's bytes
 * streamed to it. Every other query passes through.
 */
function poolWithBlobCopy(pool: pg.Pool): PostgresPool {
  return {
    async connect() {
      const client = await pool.connect();
      return {
        query: async (sql: string, parameters: ReadonlyArray<unknown>) => {
          const blob = parameters.length === 1 && parameters[0] instanceof Blob ? parameters[0] : null;
          if (!blob || !sql.includes(BLOB_SOURCE)) return client.query(sql, parameters as unknown[]);
          const copy = client.query(
            copyFrom(sql.replace(BLOB_SOURCE, 'FROM STDIN').replace(/\/\*.*?\*\//s, '')),
          );
          // One write of the whole Blob: far cheaper than a web stream of it.
          await pipeline(Readable.from([Buffer.from(await blob.arrayBuffer())]), copy);
          return { command: 'COPY', rowCount: copy.rowCount, rows: [] };
        },
        release: () => client.release(),
      } as unknown as PostgresPoolClient;
    },
    end: () => pool.end(),
  };
}

async function openEmbedded(dataDir: string | null, loadDataDir?: Blob): Promise<DatabaseHandle> {
  const pglite = new PGlite({
    ...(dataDir ? { dataDir } : {}),
    // PostgreSQL's default 128 MB of shared buffers lives in WebAssembly memory, which never shrinks.
    postgresqlconf: ['shared_buffers = 16MB'],
    ...(loadDataDir ? { loadDataDir } : {}),
    parsers: {
      [pgliteTypes.INT8]: toNumber,
      [pgliteTypes.NUMERIC]: toNumber,
      [pgliteTypes.DATE]: keepText,
    },
  });
  await pglite.waitReady;
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: singleConnectionPool(pglite) }) });
  return {
    db,
    kind: 'pglite',
    dumpDataDir: async () => (await pglite.dumpDataDir('none')) as Blob,
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}

/**
 * PGlite is a single connection. Kysely expects a pool, and runs a
 * transaction's statements on the connection it checked out, so the pool
 * hands the one connection to one caller at a time: a request waits while
 * another's transaction is open, instead of interleaving with it.
 */
function singleConnectionPool(pglite: PGlite): PostgresPool {
  let queue: Promise<void> = Promise.resolve();

  const query = async (sql: string, parameters: ReadonlyArray<unknown>) => {
    // Without parameters, exec() takes several statements at once (migrations need that). A lone Blob
    // parameter is the data of a `COPY … FROM '/dev/blob'` (bulk loads: see isEmbedded in imports).
    const result =
      parameters.length === 0
        ? ((await pglite.exec(sql)).at(-1) ?? { rows: [], affectedRows: 0 })
        : parameters.length === 1 && parameters[0] instanceof Blob
          ? await pglite.query(sql, [], { rowMode: 'object', blob: parameters[0] })
          : await pglite.query(sql, parameters as unknown[], { rowMode: 'object' });
    return {
      command: commandOf(sql),
      rowCount: result.affectedRows ?? result.rows.length,
      rows: result.rows,
    };
  };

  return {
    connect() {
      let release!: () => void;
      const turn = new Promise<void>((resolve) => (release = resolve));
      const ready = queue;
      queue = queue.then(() => turn);
      return ready.then(() => ({ query, release }) as unknown as PostgresPoolClient);
    },
    async end() {},
  };
}

function commandOf(sql: string): 'INSERT' | 'UPDATE' | 'DELETE' | 'MERGE' | 'SELECT' {
  const word = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase();
  return word === 'INSERT' || word === 'UPDATE' || word === 'DELETE' || word === 'MERGE' ? word : 'SELECT';
}
