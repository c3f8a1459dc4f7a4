/**
 * A bounded store of diagnostics: every occurrence is counted, by kind (code and severity), and
 * only the first examples of each kind are kept. A file where a million lines are wrong the same
 * way makes a million counts and a hundred objects, not a million objects in the parser, the
 * worker's message, the page and the CLI (a million duplicate lines once held 754 MB of heap and
 * froze the app for seconds). Parsers push into it as they would into an array.
 */
import type { Diagnostic } from './diagnostic.js';

/** Examples kept of each kind (the first ones pushed). */
export const DIAGNOSTIC_EXAMPLES_PER_KIND = 100;

/**
 * Examples kept in all: past it, a kind keeps only its first example (so a kind is never without
 * one). A store holds at most this many plus one per kind beyond it.
 */
export const DIAGNOSTIC_EXAMPLES_MAX = 1000;

/** One kind of diagnostic in a parse: its code and severity, how often it occurred, and the first examples. */
export interface DiagnosticGroup {
  code: string;
  severity: Diagnostic['severity'];
  /** Every occurrence, whether kept as an example or not. */
  count: number;
  /** The lowest line of any occurrence (0: one concerns the whole input). */
  firstLine: number;
  /** The first occurrences pushed (at most DIAGNOSTIC_EXAMPLES_PER_KIND), in push order. */
  examples: Diagnostic[];
}

/** Diagnostics as a parse returns them: the kept examples in line order, and every kind with its count. */
export interface DiagnosticSet {
  diagnostics: Diagnostic[];
  diagnosticGroups: DiagnosticGroup[];
}

/** Pushes a store remembers for since/retractSince: more than one line's diagnostics. */
const RECENT = 16;

/** Counts and first examples of diagnostics, by kind. */
export class DiagnosticStore {
  /** The last RECENT pushes, at index (push number % RECENT), with their group and whether kept. */
  private readonly recent: { d: Diagnostic; group: DiagnosticGroup; kept: boolean }[] = [];
  /** The push number before which `recent` knows nothing (countMore adds counts without pushes). */
  private recentFloor = 0;
  // By severity, then code: no key string to build on each push (a million pushes a parse).
  private readonly errors = new Map<string, DiagnosticGroup>();
  private readonly warnings = new Map<string, DiagnosticGroup>();
  /** The groups in order of creation. */
  private readonly groups: DiagnosticGroup[] = [];
  private readonly kept: Diagnostic[] = [];
  private total = 0;

  /** Every diagnostic pushed (and counted), kept or not: the length of the array it replaces. */
  get length(): number {
    return this.total;
  }

  /** Counts `d`; keeps it when its kind has fewer than its share of examples. */
  push(d: Diagnostic): void {
    const group = this.groupOf(d.code, d.severity, d.line);
    this.total++;
    const n = group.examples.length;
    const keep = n === 0 || (n < DIAGNOSTIC_EXAMPLES_PER_KIND && this.kept.length < DIAGNOSTIC_EXAMPLES_MAX);
    if (keep) {
      group.examples.push(d);
      this.kept.push(d);
    }
    group.count++;
    this.recent[(this.total - 1) % RECENT] = { d, group, kept: keep };
  }

  /** The diagnostics pushed since the store's length was `mark`, in push order (at most the last 16). */
  since(mark: number): Diagnostic[] {
    this.checkRecent(mark);
    const out: Diagnostic[] = [];
    for (let i = mark; i < this.total; i++) out.push(this.recent[i % RECENT].d);
    return out;
  }

  /**
   * Takes back the diagnostics pushed since the store's length was `mark` (the last line's, which
   * truncation.ts says again as one). Counts and examples are restored; a kind's firstLine is not,
   * which is exact when pushes come in line order, as parsers push.
   */
  retractSince(mark: number): void {
    this.checkRecent(mark);
    for (let i = this.total - 1; i >= mark; i--) {
      const { group, kept } = this.recent[i % RECENT];
      if (kept) {
        group.examples.pop();
        this.kept.pop();
      }
      if (--group.count === 0) {
        (group.severity === 'error' ? this.errors : this.warnings).delete(group.code);
        this.groups.splice(this.groups.indexOf(group), 1);
      }
    }
    this.total = mark;
  }

  private checkRecent(mark: number): void {
    if (mark < this.recentFloor || mark < this.total - RECENT || mark > this.total) throw new RangeError(`DiagnosticStore: pushes since ${mark} are not remembered`);
  }

  /** Adds another set's diagnostics: its examples first, then the occurrences it counted without keeping. */
  addSet(set: DiagnosticSet): void {
    for (const d of set.diagnostics) this.push(d);
    for (const g of set.diagnosticGroups) this.countMore(g.code, g.severity, g.firstLine, g.count - g.examples.length);
  }

  /** Counts `n` more occurrences of a kind without keeping them (ones another store counted and dropped). */
  countMore(code: string, severity: Diagnostic['severity'], firstLine: number, n: number): void {
    if (n <= 0) return;
    this.groupOf(code, severity, firstLine).count += n;
    this.total += n;
    this.recentFloor = this.total;
  }

  /** The kept examples in line order (stable: at one line, in push order) and the kinds in order of first line. */
  result(): DiagnosticSet {
    const diagnostics = this.kept.slice().sort((a, b) => a.line - b.line);
    const diagnosticGroups = this.groups.slice().sort((a, b) => a.firstLine - b.firstLine);
    return { diagnostics, diagnosticGroups };
  }

  private groupOf(code: string, severity: Diagnostic['severity'], line: number): DiagnosticGroup {
    const bySeverity = severity === 'error' ? this.errors : this.warnings;
    let group = bySeverity.get(code);
    if (group === undefined) {
      group = { code, severity, count: 0, firstLine: line, examples: [] };
      bySeverity.set(code, group);
      this.groups.push(group);
    } else if (line < group.firstLine) {
      group.firstLine = line;
    }
    return group;
  }
}

/** A set of the given diagnostics (bounded as a store bounds them). */
export function diagnosticSet(diagnostics: Iterable<Diagnostic>): DiagnosticSet {
  const store = new DiagnosticStore();
  for (const d of diagnostics) store.push(d);
  return store.result();
}

/** Two sets as one (at one line, `a`'s examples first), each kind's count the sum of both. */
export function mergeDiagnosticSets(a: DiagnosticSet, b: DiagnosticSet): DiagnosticSet {
  const only = b.diagnosticGroups.length === 0 ? a : a.diagnosticGroups.length === 0 ? b : undefined;
  if (only !== undefined) return { diagnostics: only.diagnostics, diagnosticGroups: only.diagnosticGroups };
  const store = new DiagnosticStore();
  store.addSet(a);
  store.addSet(b);
  return store.result();
}

/** Errors and warnings of a set, every occurrence counted. */
export function countDiagnostics(groups: readonly DiagnosticGroup[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const g of groups) {
    if (g.severity === 'error') errors += g.count;
    else warnings += g.count;
  }
  return { errors, warnings };
}
