import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHILDREN_IN_NEED_MEASURES } from './index.ts';
import { rowsOf } from './test-support.ts';

describe('the children-in-need measures', () => {
  it('have distinct kebab-case ids', () => {
    const ids = CHILDREN_IN_NEED_MEASURES.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('each have a written definition in docs/measures/<id>.md', () => {
    const missing = CHILDREN_IN_NEED_MEASURES.map((m) => `docs/measures/${m.id}.md`).filter(
      (f) => !existsSync(f),
    );
    expect(missing).toEqual([]);
  });

  it('each give no rows over no records', () => {
    for (const measure of CHILDREN_IN_NEED_MEASURES) expect(rowsOf(measure, {}, 'FY2022-23')).toEqual([]);
  });
});
