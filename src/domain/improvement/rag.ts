/**
 * A plan's RAG statuses and what each means. Every plan carries its own
 * definitions (the board agreed them); the default is the set the 2023
 * Birmingham plan printed. Three properties drive the flags and roll-ups:
 * - `isComplete`: the item's work is done (not "slipping" after its target date);
 * - `isClosed`: no further progress updates are due (delivered and sustained);
 * - `isOffTrack`: the item is flagged as an exception (Red).
 */

export interface RagDefinition {
  /** Stored with each update: lower-case letters ('blue', 'amber'). */
  code: string;
  /** As people write it: 'Blue', 'Amber'. */
  label: string;
  /** What it means, as the plan defines it. */
  meaning: string;
  /** CSS colour for charts and tags. */
  colour: string;
  isComplete: boolean;
  isClosed: boolean;
  isOffTrack: boolean;
}

/** The 2023 plan's definitions (seed 002 §3.19; Red from the plan's own key). */
export const DEFAULT_RAG_DEFINITIONS: readonly RagDefinition[] = [
  {
    code: 'blue',
    label: 'Blue',
    meaning: 'Delivered, embedded and sustained',
    colour: '#1d70b8',
    isComplete: true,
    isClosed: true,
    isOffTrack: false,
  },
  {
    code: 'green',
    label: 'Green',
    meaning: 'Completed, and still monitored to make sure it embeds',
    colour: '#00703c',
    isComplete: true,
    isClosed: false,
    isOffTrack: false,
  },
  {
    code: 'amber',
    label: 'Amber',
    meaning: 'Started, and progress is being made',
    colour: '#f47738',
    isComplete: false,
    isClosed: false,
    isOffTrack: false,
  },
  {
    code: 'red',
    label: 'Red',
    meaning: 'Off track',
    colour: '#d4351c',
    isComplete: false,
    isClosed: false,
    isOffTrack: true,
  },
  {
    code: 'grey',
    label: 'Grey',
    meaning: 'Not yet started',
    colour: '#505a5f',
    isComplete: false,
    isClosed: false,
    isOffTrack: false,
  },
];

/** The label the pages use for an item with no status yet. */
export const NOT_RATED = 'Not rated';
export const NOT_RATED_COLOUR = '#b1b4b6';

/**
 * The status a person wrote, as a code of the plan's definitions: by label
 * or code, ignoring case and surrounding space. Null when it is none of
 * them (the caller reports it, naming the statuses allowed).
 */
export function statusCodeOf(text: string, definitions: readonly RagDefinition[]): string | null {
  const wanted = text.trim().toLowerCase();
  if (!wanted) return null;
  const found = definitions.find((d) => d.code === wanted || d.label.toLowerCase() === wanted);
  return found ? found.code : null;
}

export function definitionOf(
  code: string | null,
  definitions: readonly RagDefinition[],
): RagDefinition | undefined {
  return code === null ? undefined : definitions.find((d) => d.code === code);
}

export function labelOf(code: string | null, definitions: readonly RagDefinition[]): string {
  if (code === null) return NOT_RATED;
  return definitionOf(code, definitions)?.label ?? code;
}

/** "Blue, Green, Amber, Red or Grey": for messages naming what is allowed. */
export function allowedStatusesText(definitions: readonly RagDefinition[]): string {
  const labels = definitions.map((d) => d.label);
  return labels.length <= 1 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} or ${labels.at(-1)}`;
}

/**
 * Checks a plan's definitions: at least one, codes of lower-case letters,
 * digits or hyphens, unique codes and labels. Returns the problems, for a
 * person (empty when they are sound).
 */
export function definitionProblems(definitions: readonly RagDefinition[]): string[] {
  const problems: string[] = [];
  if (!definitions.length) problems.push('A plan needs at least one status.');
  const codes = new Set<string>();
  const labels = new Set<string>();
  for (const d of definitions) {
    if (!/^[a-z][a-z0-9-]{0,29}$/.test(d.code))
      problems.push(`The status code "${d.code}" must be lower-case letters, digits or hyphens.`);
    if (!d.label.trim()) problems.push(`The status "${d.code}" needs a label.`);
    if (codes.has(d.code)) problems.push(`The status code "${d.code}" is given twice.`);
    if (labels.has(d.label.toLowerCase())) problems.push(`The status label "${d.label}" is given twice.`);
    if (d.isClosed && !d.isComplete)
      problems.push(`The status "${d.label}" closes items, so it must count as complete.`);
    if (d.isOffTrack && d.isComplete)
      problems.push(`The status "${d.label}" cannot be both off track and complete.`);
    codes.add(d.code);
    labels.add(d.label.toLowerCase());
  }
  return problems;
}
