import {
  emptyRecords,
  keys,
  type Child,
  type ChildRecords,
  type Finding,
  type RecordKind,
} from '../../measures/model.ts';
import type { ListRow, RecordReader } from './annex-a-rows.ts';

type RecordOf<K extends RecordKind> = ChildRecords[K][number];

/**
 * The records an Annex A upload builds up, list by list. The same record
 * can be on two lists (a referral on List 3 is the start of the episode of
 * need on List 6): the second fills in what the first left blank. The same
 * record twice on one list is a finding, and the first row is kept. A
 * child is on many lists; its facts are taken from the first list that
 * has them, except its team, taken from the furthest list (a child on a
 * plan or in care is held by that team now, not the duty team that took
 * the referral).
 */
export class AnnexARecords {
  readonly records: ChildRecords = emptyRecords();
  readonly findings: Finding[] = [];
  private readonly held = new Map<string, { record: RecordOf<RecordKind>; list: number }>();
  private readonly teamFrom = new Map<string, number>();

  constructor(readonly la: string) {}

  add<K extends RecordKind, F extends string>(
    kind: K,
    record: RecordOf<K>,
    reader: RecordReader<F>,
    row: ListRow<F>,
    keyField: string,
  ): void {
    // Values read while the record literal was built (a yes/no, a count) are noted after its `problems` was.
    record.problems = [...new Set([...record.problems, ...reader.problems])];
    this.findings.push(...reader.findings(record.key, record.childId));
    const id = `${kind}|${record.key}`;
    const earlier = this.held.get(id);
    if (!earlier) {
      this.held.set(id, { record, list: row.spec.list });
      (this.records[kind] as RecordOf<K>[]).push(record);
      return;
    }
    if (earlier.list === row.spec.list) {
      const keyValue = (record as unknown as Record<string, string | null>)[keyField] ?? null;
      this.findings.push({
        ...row.finding('duplicateRecord', kind, keyField, keyValue),
        recordKey: record.key,
      });
      return;
    }
    fillBlanks(
      earlier.record as unknown as Record<string, unknown>,
      record as unknown as Record<string, unknown>,
    );
  }

  /** The child's facts from one row of one list. */
  child<F extends string>(
    facts: Omit<Child, 'la' | 'key' | 'problems'>,
    reader: RecordReader<F>,
    row: ListRow<F>,
  ): void {
    const key = keys.child(this.la, facts.childId);
    this.findings.push(...reader.findings(key, facts.childId));
    const id = `children|${key}`;
    const earlier = this.held.get(id)?.record as Child | undefined;
    const incoming: Child = { la: this.la, key, problems: reader.problems, ...facts };
    if (!earlier) {
      this.held.set(id, { record: incoming, list: row.spec.list });
      this.records.children.push(incoming);
      if (facts.team !== null) this.teamFrom.set(key, row.spec.list);
      return;
    }
    const wasUasc = earlier.wasUasc || incoming.wasUasc;
    if (incoming.team !== null && row.spec.list >= (this.teamFrom.get(key) ?? 0)) {
      earlier.team = incoming.team;
      this.teamFrom.set(key, row.spec.list);
    }
    fillBlanks(earlier as unknown as Record<string, unknown>, incoming as unknown as Record<string, unknown>);
    earlier.wasUasc = wasUasc;
  }
}

/** Takes into `into` what it lacks from `from`, and `from`'s problems. */
function fillBlanks(into: Record<string, unknown>, from: Record<string, unknown>): void {
  for (const [field, value] of Object.entries(from))
    if ((into[field] === null || into[field] === undefined) && value !== null) into[field] = value;
  const problems = new Set([...(into.problems as string[]), ...(from.problems as string[])]);
  into.problems = [...problems];
}
