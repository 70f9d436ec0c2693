import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MEASURES } from '../../src/measures/catalogue.ts';

/**
 * The measure pages link each measure to its written definition, and
 * docs/measures/README.md is the index of them all: a measure cannot ship
 * without both, and the index lists nothing the catalogue does not hold.
 */
const DOCS = new URL('../../docs/measures/', import.meta.url);
const readme = readFileSync(new URL('README.md', DOCS), 'utf8');
const indexed = [...readme.matchAll(/^\| \[`([^`]+)`\]\(([^)]+)\) \|/gm)].map((m) => ({
  id: m[1]!,
  link: m[2]!,
}));

describe('the measures documentation', () => {
  it.each(MEASURES.map((m) => m.id))('has a written definition of %s', (id) => {
    expect(existsSync(new URL(`${id}.md`, DOCS))).toBe(true);
  });

  it.each(MEASURES.map((m) => m.id))('lists %s in the index, linked to its definition', (id) => {
    expect(indexed).toContainEqual({ id, link: `${id}.md` });
  });

  it('lists in the index only the measures of the catalogue, each once', () => {
    expect(indexed.map((row) => row.id).sort()).toEqual(MEASURES.map((m) => m.id).sort());
  });
});
