/**
 * Predecessor and successor links between schools (GIAS's links file), and
 * which of them carry an inspection judgement from one school to the next.
 * Pure.
 *
 * When a school converts to an academy it closes and the academy opens
 * under a new URN; GIAS links the two ("Predecessor" on the academy's side,
 * "Successor" on the old school's). Until the academy is inspected itself,
 * Ofsted counts it by its predecessor's judgement, and so does the position.
 * Chains are followed (a school that converted, then moved trust and was
 * re-registered, reaches back to the first school). Links that join or part
 * schools — "Predecessor - merged", "Predecessor - amalgamated",
 * "Predecessor - Split School", and their successor forms — are left out,
 * as Ofsted leaves them out: the new school is not the old one.
 */

export interface SchoolLink {
  urn: number;
  linkUrn: number;
  /** GIAS's words: "Predecessor", "Successor", "Predecessor - merged", "Sixth Form Centre Link", … */
  linkType: string;
  linkDate: string | null;
}

const squash = (text: string) => text.trim().toLowerCase().replace(/\s+/g, ' ');

/** Whether a link carries a judgement: a plain predecessor or successor link only. */
export function carriesJudgement(linkType: string): 'predecessor' | 'successor' | null {
  const type = squash(linkType);
  if (type === 'predecessor') return 'predecessor';
  if (type === 'successor') return 'successor';
  return null;
}

/**
 * Each school's direct predecessors through links that carry a judgement.
 * A link is recorded on both sides in GIAS (A's successor B, B's predecessor
 * A); either side alone is enough. `extra` adds predecessor pairs learned
 * elsewhere (Ofsted's file saying a school's latest inspection was of
 * another URN). Lists are sorted and without repeats.
 */
export function predecessorsOf(
  links: readonly SchoolLink[],
  extra: readonly { urn: number; predecessorUrn: number }[] = [],
): Map<number, number[]> {
  const sets = new Map<number, Set<number>>();
  const add = (urn: number, predecessor: number) => {
    if (urn === predecessor) return;
    let set = sets.get(urn);
    if (!set) sets.set(urn, (set = new Set()));
    set.add(predecessor);
  };
  for (const link of links) {
    const side = carriesJudgement(link.linkType);
    if (side === 'predecessor') add(link.urn, link.linkUrn);
    if (side === 'successor') add(link.linkUrn, link.urn);
  }
  for (const pair of extra) add(pair.urn, pair.predecessorUrn);
  return new Map([...sets].map(([urn, set]) => [urn, [...set].sort((a, b) => a - b)]));
}

/**
 * Loops in the chains of predecessors (A's predecessor B whose predecessor
 * is A), which a register should never hold and which would make "follow
 * the chain" endless. Each loop is returned once, as the URNs around it
 * starting from its smallest, with that URN repeated at the end
 * ([100, 200, 100]). A link from a school to itself is a loop of one.
 */
export function findLoops(
  links: readonly SchoolLink[],
  extra: readonly { urn: number; predecessorUrn: number }[] = [],
): number[][] {
  const graph = predecessorsOf(links, extra);
  for (const link of links)
    if (link.urn === link.linkUrn && carriesJudgement(link.linkType)) graph.set(link.urn, [link.urn]);
  const state = new Map<number, 'active' | 'done'>();
  const loops = new Map<string, number[]>();
  const path: number[] = [];

  const visit = (start: number) => {
    // Iterative depth-first search, so a long chain cannot overflow the stack.
    const stack: { urn: number; next: number }[] = [{ urn: start, next: 0 }];
    state.set(start, 'active');
    path.push(start);
    while (stack.length) {
      const frame = stack.at(-1)!;
      const predecessors = graph.get(frame.urn) ?? [];
      if (frame.next >= predecessors.length) {
        state.set(frame.urn, 'done');
        stack.pop();
        path.pop();
        continue;
      }
      const next = predecessors[frame.next++]!;
      const seen = state.get(next);
      if (seen === 'active') {
        const loop = path.slice(path.indexOf(next));
        const smallest = loop.indexOf(Math.min(...loop));
        const rotated = [...loop.slice(smallest), ...loop.slice(0, smallest)];
        loops.set(rotated.join('>'), [...rotated, rotated[0]!]);
      } else if (seen === undefined) {
        state.set(next, 'active');
        path.push(next);
        stack.push({ urn: next, next: 0 });
      }
    }
  };
  for (const urn of [...graph.keys()].sort((a, b) => a - b)) if (!state.has(urn)) visit(urn);
  return [...loops.values()];
}

/** Every school reachable back through predecessors from the given ones (not including them), nearest first. */
export function ancestorsOf(urns: Iterable<number>, predecessors: Map<number, number[]>): number[] {
  const start = new Set(urns);
  const seen = new Set(start);
  const found: number[] = [];
  let frontier = [...start];
  while (frontier.length) {
    const next: number[] = [];
    for (const urn of frontier)
      for (const p of predecessors.get(urn) ?? []) {
        if (seen.has(p)) continue;
        seen.add(p);
        found.push(p);
        next.push(p);
      }
    frontier = next;
  }
  return found;
}
