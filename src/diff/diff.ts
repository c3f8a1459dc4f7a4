/**
 * diffSnapshots: two parsed snapshots in, what was added, removed, changed and left unchanged
 * out, each pair with the identity rule that matched it (types.ts, README "Identity across
 * snapshots"). The mode — one process at two times, or two runs of a program — is detected
 * (detect-mode.ts) unless given.
 */
import { groupModules } from '../analyze/modules.js';
import type { ParseResult } from '../parse/result.js';
import { describeWhat, PairComparer } from './compare.js';
import { decideMode } from './detect-mode.js';
import { matchDifferentRuns } from './different-runs.js';
import { matchSameProcess } from './same-process.js';
import { Matches, sideOf } from './sides.js';
import { summarize } from './summary.js';
import { type DiffOptions, type PairList, type RegionGroups, type SnapshotDiff } from './types.js';

/** The pairs of `matches`, split into changed and unchanged, ordered by before row. */
function pairLists(matches: Matches, comparer: PairComparer): { changed: PairList; unchanged: PairList } {
  const n = matches.partnerOfBefore.length;
  const what = new Uint16Array(n);
  let changedCount = 0;
  let unchangedCount = 0;
  for (let a = 0; a < n; a++) {
    const b = matches.partnerOfBefore[a];
    if (b < 0) continue;
    what[a] = comparer.what(a, b);
    if (what[a] === 0) unchangedCount++;
    else changedCount++;
  }
  const list = (length: number): PairList => ({ before: new Uint32Array(length), after: new Uint32Array(length), rule: new Uint8Array(length), what: new Uint16Array(length) });
  const changed = list(changedCount);
  const unchanged = list(unchangedCount);
  let c = 0;
  let u = 0;
  for (let a = 0; a < n; a++) {
    const b = matches.partnerOfBefore[a];
    if (b < 0) continue;
    const into = what[a] === 0 ? unchanged : changed;
    const k = what[a] === 0 ? u++ : c++;
    into.before[k] = a;
    into.after[k] = b;
    into.rule[k] = matches.ruleOfBefore[a];
    into.what[k] = what[a];
  }
  return { changed, unchanged };
}

/** The rows of one side neither paired nor grouped, ascending. */
function unmatchedRows(partner: Int32Array, grouped: Uint8Array): Uint32Array {
  let count = 0;
  for (let row = 0; row < partner.length; row++) if (partner[row] < 0 && grouped[row] === 0) count++;
  const out = new Uint32Array(count);
  for (let row = 0, k = 0; row < partner.length; row++) if (partner[row] < 0 && grouped[row] === 0) out[k++] = row;
  return out;
}

function groupsOf(matches: Matches): RegionGroups {
  return {
    count: matches.groupRule.length,
    beforeStart: Uint32Array.from(matches.groupBeforeStart),
    beforeRows: Uint32Array.from(matches.groupBeforeRows),
    afterStart: Uint32Array.from(matches.groupAfterStart),
    afterRows: Uint32Array.from(matches.groupAfterRows),
    rule: Uint8Array.from(matches.groupRule),
  };
}

/** Compares two snapshots of a memory map (see the file's comment). Linear after sorting each side by address. */
export function diffSnapshots(before: ParseResult, after: ParseResult, options: DiffOptions = {}): SnapshotDiff {
  const x = sideOf(before.regions);
  const y = sideOf(after.regions);
  const decision = options.mode === undefined || options.mode === 'auto' ? decideMode(x, y) : { mode: options.mode, reason: `${options.mode} (as asked)` };
  const groupings = { before: groupModules(x.table, x.order), after: groupModules(y.table, y.order) };
  const matches = new Matches(x.table.length, y.table.length);
  if (decision.mode === 'same-process') matchSameProcess(x, y, matches);
  else matchDifferentRuns(x, groupings.before, y, groupings.after, matches);
  const comparer = new PairComparer(x.table, y.table, decision.mode, groupings, options.smapsFields);
  const { changed, unchanged } = pairLists(matches, comparer);
  const added = unmatchedRows(matches.partnerOfAfter, matches.groupedAfter);
  const removed = unmatchedRows(matches.partnerOfBefore, matches.groupedBefore);
  const groups = groupsOf(matches);
  const summary = summarize({ before: x.table, after: y.table, groupings, added, removed, changed, unchanged, groups });
  return { mode: decision.mode, modeReason: decision.reason, before, after, added, removed, changed, unchanged, groups, summary, smapsFields: options.smapsFields };
}

/** The `what` list of changed pair k: `address`, `size`, `perms`, …, and the smaps fields that changed (`Rss`, …). */
export function describeChange(diff: SnapshotDiff, k: number): string[] {
  const { before, after, what } = diff.changed;
  return describeWhat(what[k], diff.before.regions.smaps?.[before[k]], diff.after.regions.smaps?.[after[k]], diff.smapsFields);
}
