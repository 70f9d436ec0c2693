import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { authorityByCode, ENGLISH_AUTHORITIES } from './authorities.ts';
import { writeAuthorities, type WriteOptions } from './write-england.ts';

const made: string[] = [];
afterAll(async () => {
  for (const dir of made) await rm(dir, { recursive: true, force: true });
});

/** Every file under a folder with its SHA-256, by path relative to the folder. */
async function digest(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true }))
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      out[path.slice(dir.length + 1)] = createHash('sha256')
        .update(await readFile(path))
        .digest('hex');
    }
  return out;
}

async function write(options: Partial<WriteOptions>): Promise<string> {
  const out = await mkdtemp(join(tmpdir(), 'synthetic-'));
  made.push(out);
  await writeAuthorities({
    out,
    authorities: [authorityByCode('420')!],
    firstYearEnding: '2023-03-31',
    years: 2,
    seed: 1,
    formats: ['cin', '903', '903xml', 'annexa'],
    ...options,
  });
  return out;
}

describe('the English authorities', () => {
  it('are the 153 that make returns, each with its 0–17 population', () => {
    expect(ENGLISH_AUTHORITIES).toHaveLength(153);
    expect(new Set(ENGLISH_AUTHORITIES.map((a) => a.la)).size).toBe(153);
    expect(authorityByCode('330')).toMatchObject({ name: 'Birmingham', childPopulation: 311_624 });
    expect(authorityByCode('909')).toBeUndefined();
  });
});

describe('writeAuthorities', () => {
  it('writes each year of each authority in its own folder, every format', async () => {
    const files = Object.keys(await digest(await write({}))).sort();
    for (const year of ['2023-03-31', '2024-03-31'])
      expect(files.filter((f) => f.startsWith(`420/${year}/`))).toEqual(
        [
          'annex_a/List_1.csv',
          'annex_a/List_10.csv',
          'annex_a/List_2.csv',
          'annex_a/List_3.csv',
          'annex_a/List_4.csv',
          'annex_a/List_5.csv',
          'annex_a/List_6.csv',
          'annex_a/List_7.csv',
          'annex_a/List_8.csv',
          'annex_a/List_9.csv',
          'cin_census.xml',
          'ssda903.xml',
          'ssda903/ad1.csv',
          'ssda903/episodes.csv',
          'ssda903/header.csv',
          'ssda903/missing.csv',
          'ssda903/oc3.csv',
          'ssda903/placed_for_adoption.csv',
          'ssda903/reviews.csv',
          'ssda903/uasc.csv',
        ].map((f) => `420/${year}/${f}`),
      );
  });

  it('writes byte-identical files for the same seed, and different ones for another', async () => {
    const first = await digest(await write({ formats: ['cin'] }));
    expect(await digest(await write({ formats: ['cin'] }))).toEqual(first);
    expect(await digest(await write({ formats: ['cin'], seed: 2 }))).not.toEqual(first);
  });

  it('writes only the formats asked for', async () => {
    const files = Object.keys(await digest(await write({ formats: ['903xml'], years: 1 })));
    expect(files).toEqual(['420/2023-03-31/ssda903.xml']);
  });
});
