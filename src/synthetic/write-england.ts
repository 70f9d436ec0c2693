/**
 * Writes synthetic returns to disk, one authority at a time so that only
 * one authority's records are ever in memory: DIR/<la>/<yearEnding>/ holds
 * cin_census.xml, ssda903/*.csv, ssda903.xml and annex_a/List_N.csv.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ChildRecords, IsoDate } from '../measures/model.ts';
import type { AuthorityProfile } from './authorities.ts';
import { addYears } from './days.ts';
import { generateAuthority } from './generate-authority.ts';
import { writeAnnexA } from './write-annex-a.ts';
import { writeCinCensus } from './write-cin-census.ts';
import { writeSsda903Tables, writeSsda903Xml } from './write-ssda903.ts';

export const FORMATS = ['cin', '903', '903xml', 'annexa'] as const;
export type Format = (typeof FORMATS)[number];

export interface WriteOptions {
  out: string;
  authorities: readonly AuthorityProfile[];
  firstYearEnding: IsoDate;
  years: number;
  seed: number;
  formats: readonly Format[];
  /** Told after each authority is written, for progress. */
  onAuthority?: (authority: AuthorityProfile, records: ChildRecords) => void;
}

/** Each authority's seed differs (derived from its code), so authorities of the same size do not repeat one another. */
export const authoritySeed = (seed: number, la: string): number =>
  (Math.imul(seed ^ 0x9e3779b9, 31) + Number(la)) >>> 0;

/** Joins the writers' small pieces (a child, a row) into blocks: a stream pays per chunk, whatever its size. */
function* blocks(chunks: Iterable<string>, size = 1 << 16): Generator<string> {
  let block = '';
  for (const chunk of chunks) {
    block += chunk;
    if (block.length >= size) {
      yield block;
      block = '';
    }
  }
  if (block) yield block;
}

const writeText = (path: string, chunks: Iterable<string>) =>
  pipeline(Readable.from(blocks(chunks), { objectMode: false }), createWriteStream(path));

export async function writeAuthorities(options: WriteOptions): Promise<void> {
  for (const authority of options.authorities) {
    const records = generateAuthority({
      ...authority,
      firstYearEnding: options.firstYearEnding,
      years: options.years,
      seed: authoritySeed(options.seed, authority.la),
    });
    for (let n = 0; n < options.years; n++) {
      const yearEnding = addYears(options.firstYearEnding, n);
      const dir = join(options.out, authority.la, yearEnding);
      await mkdir(dir, { recursive: true });
      if (options.formats.includes('cin'))
        await writeText(join(dir, 'cin_census.xml'), writeCinCensus(records, { yearEnding }));
      if (options.formats.includes('903')) {
        await mkdir(join(dir, 'ssda903'), { recursive: true });
        for (const [table, text] of Object.entries(writeSsda903Tables(records, { yearEnding })))
          await writeText(join(dir, 'ssda903', `${table}.csv`), text);
      }
      if (options.formats.includes('903xml'))
        await writeText(join(dir, 'ssda903.xml'), writeSsda903Xml(records, { yearEnding }));
      if (options.formats.includes('annexa')) {
        await mkdir(join(dir, 'annex_a'), { recursive: true });
        for (const [n, text] of writeAnnexA(records, { extractDate: yearEnding }))
          await writeText(join(dir, 'annex_a', `List_${n}.csv`), text);
      }
    }
    options.onAuthority?.(authority, records);
  }
}
