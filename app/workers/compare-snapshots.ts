/**
 * Compares two snapshots the worker holds (src/diff's diffSnapshots) and makes of them the one
 * table the page shows (compare-table.ts), with both inputs' diagnostics, each named by its file.
 */
import { CHANGE_ATTRIBUTES, MATCH_RULES, diffSnapshots, formatCount, type Diagnostic, type DiagnosticGroup, type LineStats, type SnapshotDiff } from '../../src/internal';
import { buildComparison, type ComparisonData, type Pairing } from './compare-table';
import type { HeldSnapshot } from './snapshots';
import { typedArrayBuffers } from './view-data';

/** One side's diagnostics, their messages saying which file they are about. */
function named(fileName: string, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.map((d) => ({ ...d, message: `${fileName}: ${d.message}` }));
}

function namedGroups(fileName: string, groups: readonly DiagnosticGroup[]): DiagnosticGroup[] {
  return groups.map((g) => ({ ...g, examples: named(fileName, g.examples) }));
}

function addStats(a: LineStats, b: LineStats): LineStats {
  return { lines: a.lines + b.lines, regions: a.regions + b.regions, blank: a.blank + b.blank, recognized: a.recognized + b.recognized, rejected: a.rejected + b.rejected };
}

/** A sentence on how much matched: a bad pair (two programs) says how little. */
export function matchedSentence(diff: SnapshotDiff): string {
  const s = diff.summary;
  const share = (k: number, n: number) => (n === 0 ? '' : ` (${Math.round((100 * k) / n)}%)`);
  return `Matched ${formatCount(s.matchedBefore)} of ${formatCount(s.beforeRegions)} regions before${share(s.matchedBefore, s.beforeRegions)} and ${formatCount(s.matchedAfter)} of ${formatCount(s.afterRegions)} after${share(s.matchedAfter, s.afterRegions)}; ${diff.modeReason}.`;
}

/** The pairs of a diff, changed and unchanged, with the after rows of splits and merges paired to their group's first before row. */
export function pairingOf(diff: SnapshotDiff): Pairing {
  const { changed, unchanged, groups } = diff;
  const paired = new Uint8Array(diff.after.regions.length);
  for (const list of [changed, unchanged]) for (const row of list.after) paired[row] = 1;
  const extraBefore: number[] = [];
  const extraAfter: number[] = [];
  const extraRule: number[] = [];
  for (let g = 0; g < groups.count; g++) {
    const first = groups.beforeRows[groups.beforeStart[g]];
    for (let k = groups.afterStart[g]; k < groups.afterStart[g + 1]; k++) {
      const row = groups.afterRows[k];
      if (paired[row] || first === undefined) continue;
      paired[row] = 1;
      extraBefore.push(first);
      extraAfter.push(row);
      extraRule.push(groups.rule[g]);
    }
  }
  const join = <T extends Uint32Array | Uint8Array>(make: new (n: number) => T, parts: ArrayLike<number>[]): T => {
    const out = new make(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  };
  // A split or merge changes the region's size at least: marked so, not as unchanged.
  const extraWhat = extraAfter.map(() => 2);
  return {
    added: diff.added,
    removed: diff.removed,
    pairBefore: join(Uint32Array, [changed.before, unchanged.before, extraBefore]),
    pairAfter: join(Uint32Array, [changed.after, unchanged.after, extraAfter]),
    pairRule: join(Uint8Array, [changed.rule, unchanged.rule, extraRule]),
    pairWhat: join(Uint32Array, [changed.what, unchanged.what, extraWhat]),
    rules: [...MATCH_RULES],
    fields: [...CHANGE_ATTRIBUTES],
    summary: matchedSentence(diff),
    counts: { added: diff.summary.added.regions, removed: diff.summary.removed.regions, changed: diff.summary.changed.regions, unchanged: diff.unchanged.before.length },
  };
}

/** The comparison of `before` with `after`, as one snapshot to show, and what changed row by row. */
export function compareSnapshots(before: HeldSnapshot, after: HeldSnapshot, indexes: { before: number; after: number }): { held: HeldSnapshot; comparison: ComparisonData } {
  const startMs = performance.now();
  const diff = diffSnapshots(before.result, after.result);
  const { table, data } = buildComparison(before.result.regions, after.result.regions, pairingOf(diff), { before: before.fileName, after: after.fileName, beforeIndex: indexes.before, afterIndex: indexes.after });
  const b = before.result;
  const a = after.result;
  const held: HeldSnapshot = {
    result: {
      format: a.format,
      regions: table,
      diagnostics: [...named(before.fileName, b.diagnostics), ...named(after.fileName, a.diagnostics)],
      diagnosticGroups: [...namedGroups(before.fileName, b.diagnosticGroups), ...namedGroups(after.fileName, a.diagnosticGroups)],
      stats: addStats(b.stats, a.stats),
    },
    fileName: `${before.fileName} → ${after.fileName}`,
    timeMs: after.timeMs,
    textBytes: before.textBytes + after.textBytes,
    compressed: before.compressed || after.compressed,
    notices: [...before.notices.map((n) => `${before.fileName}: ${n}`), ...after.notices.map((n) => `${after.fileName}: ${n}`)],
    readMs: 0,
    parseMs: performance.now() - startMs,
  };
  return { held, comparison: data };
}

/** The buffers of a comparison's arrays, for a transfer list (its before table's columns are a copy). */
export function comparisonBuffers(data: ComparisonData): Set<ArrayBuffer> {
  return typedArrayBuffers(data);
}
