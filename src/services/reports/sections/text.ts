import type { Block } from '../../../reports/document.ts';
import type { SectionBuilder } from '../section-input.ts';

/** Free text as written: each blank-line-separated paragraph a paragraph. */
export const buildTextSection: SectionBuilder<'text'> = async (_db, input) => ({
  id: input.id,
  kind: 'text',
  heading: input.definition.heading,
  blocks: input.definition.text
    .split(/\r?\n\s*\r?\n/)
    .map((text) => text.trim())
    .filter(Boolean)
    .map((text): Block => ({ type: 'paragraph', text })),
});
