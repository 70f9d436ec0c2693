import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LOOKED_AFTER_MEASURES } from './index.ts';

describe('LOOKED_AFTER_MEASURES', () => {
  it('names every measure once, in kebab-case', () => {
    const ids = LOOKED_AFTER_MEASURES.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('has a definition file in docs/measures for every measure', () => {
    const docs = new URL('../../../docs/measures/', import.meta.url);
    const missing = LOOKED_AFTER_MEASURES.map((m) => `${m.id}.md`).filter(
      (f) => !existsSync(new URL(f, docs)),
    );
    expect(missing).toEqual([]);
  });
});
