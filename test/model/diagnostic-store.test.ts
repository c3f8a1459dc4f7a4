/** DiagnosticStore: every occurrence counted by kind, the first examples kept, the total kept bounded. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/model/diagnostic';
import {
  DIAGNOSTIC_EXAMPLES_MAX,
  DIAGNOSTIC_EXAMPLES_PER_KIND,
  DiagnosticStore,
  countDiagnostics,
  mergeDiagnosticSets,
  type DiagnosticSet,
} from '../../src/model/diagnostic-store';

const CODES = ['bad-permissions', 'missing-field', 'duplicate', 'nul-byte', 'out-of-order'];

/** Diagnostics of a few kinds: long runs of one kind, mixed kinds, any line order. */
const diagnosticsArb = fc.array(
  fc.record({
    line: fc.nat(5000),
    column: fc.integer({ min: 1, max: 80 }),
    severity: fc.constantFrom<Diagnostic['severity']>('error', 'warning'),
    code: fc.constantFrom(...CODES),
    message: fc.constant('m'),
    text: fc.string({ maxLength: 4 }),
  }),
  { maxLength: 3000 },
);

const key = (d: { severity: string; code: string }) => `${d.severity} ${d.code}`;

/** The set a store makes of `pushed`, and what a plain array would have held, by kind. */
function check(set: DiagnosticSet, pushed: readonly Diagnostic[]): void {
  const byKind = new Map<string, Diagnostic[]>();
  for (const d of pushed) byKind.set(key(d), [...(byKind.get(key(d)) ?? []), d]);
  // Counts per kind equal the pushed counts; no kind more, none less.
  expect(new Map(set.diagnosticGroups.map((g) => [key(g), g.count]))).toEqual(new Map([...byKind].map(([k, ds]) => [k, ds.length])));
  for (const g of set.diagnosticGroups) {
    const all = byKind.get(key(g))!;
    // The examples are the first ones pushed of the kind, in order, as the same objects.
    expect(g.examples.length).toBeGreaterThanOrEqual(1);
    expect(g.examples.length).toBeLessThanOrEqual(DIAGNOSTIC_EXAMPLES_PER_KIND);
    g.examples.forEach((d, i) => expect(d).toBe(all[i]));
    expect(g.firstLine).toBe(Math.min(...all.map((d) => d.line)));
  }
  // The total kept is bounded: the cap, plus the first example of each kind past it.
  expect(set.diagnostics.length).toBeLessThanOrEqual(DIAGNOSTIC_EXAMPLES_MAX + set.diagnosticGroups.length);
  // The flat list is every kept example, in line order.
  expect(set.diagnostics.length).toBe(set.diagnosticGroups.reduce((n, g) => n + g.examples.length, 0));
  for (let i = 1; i < set.diagnostics.length; i++) expect(set.diagnostics[i - 1].line).toBeLessThanOrEqual(set.diagnostics[i].line);
  expect(new Set(set.diagnostics)).toEqual(new Set(set.diagnosticGroups.flatMap((g) => g.examples)));
}

describe('DiagnosticStore', () => {
  it('counts every pushed diagnostic by kind and keeps the first examples of each, bounded', () => {
    fc.assert(
      fc.property(diagnosticsArb, (pushed) => {
        const store = new DiagnosticStore();
        for (const d of pushed) store.push(d);
        expect(store.length).toBe(pushed.length);
        check(store.result(), pushed);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps as many as a kind has, up to the per-kind share, while the total is under the cap', () => {
    const store = new DiagnosticStore();
    const pushed: Diagnostic[] = [];
    for (let i = 0; i < 250; i++) pushed.push({ line: i + 1, column: 1, severity: 'error', code: 'bad-permissions', message: 'm', text: '' });
    for (let i = 0; i < 3; i++) pushed.push({ line: i + 1, column: 1, severity: 'warning', code: 'duplicate', message: 'm', text: '' });
    for (const d of pushed) store.push(d);
    const { diagnosticGroups } = store.result();
    expect(diagnosticGroups.map((g) => [g.code, g.count, g.examples.length])).toEqual([
      ['bad-permissions', 250, DIAGNOSTIC_EXAMPLES_PER_KIND],
      ['duplicate', 3, 3],
    ]);
    expect(countDiagnostics(diagnosticGroups)).toEqual({ errors: 250, warnings: 3 });
  });

  it('past the total cap, a new kind still keeps its first example', () => {
    const store = new DiagnosticStore();
    const kinds = Math.ceil(DIAGNOSTIC_EXAMPLES_MAX / DIAGNOSTIC_EXAMPLES_PER_KIND) + 2;
    for (let k = 0; k < kinds; k++) {
      for (let i = 0; i < DIAGNOSTIC_EXAMPLES_PER_KIND; i++) store.push({ line: i, column: 1, severity: 'error', code: `kind-${k}`, message: 'm', text: '' });
    }
    const set = store.result();
    expect(set.diagnosticGroups.map((g) => g.examples.length).slice(-2)).toEqual([1, 1]);
    expect(set.diagnostics.length).toBe(DIAGNOSTIC_EXAMPLES_MAX + 2);
  });

  it('a merge of two sets counts what both counted and keeps the first examples of `a` before `b`', () => {
    fc.assert(
      fc.property(diagnosticsArb, diagnosticsArb, (first, second) => {
        const sorted = (ds: Diagnostic[]) => ds.slice().sort((x, y) => x.line - y.line);
        const a = new DiagnosticStore();
        const b = new DiagnosticStore();
        // Line-ordered inputs, as parsers give them: then "a's first" is "the first of a ++ b".
        for (const d of sorted(first)) a.push(d);
        for (const d of sorted(second)) b.push(d);
        const merged = mergeDiagnosticSets(a.result(), b.result());
        const { errors, warnings } = countDiagnostics(merged.diagnosticGroups);
        expect(errors + warnings).toBe(first.length + second.length);
        // Each kind's examples: a's kept ones, then b's, up to the share.
        for (const g of merged.diagnosticGroups) {
          const fromA = a.result().diagnosticGroups.find((x) => key(x) === key(g))?.examples ?? [];
          const fromB = b.result().diagnosticGroups.find((x) => key(x) === key(g))?.examples ?? [];
          expect(g.examples).toEqual([...fromA, ...fromB].slice(0, g.examples.length));
        }
        expect(merged.diagnostics.length).toBeLessThanOrEqual(DIAGNOSTIC_EXAMPLES_MAX + merged.diagnosticGroups.length);
      }),
      { numRuns: 100 },
    );
  });

  it('takes back the last pushes (a line settled as cut short), counts and examples alike', () => {
    fc.assert(
      fc.property(diagnosticsArb, fc.integer({ min: 0, max: 16 }), (drawn, back) => {
        // In line order, as a parser pushes (a retracted push does not give back a lower firstLine).
        const pushed = drawn.slice().sort((x, y) => x.line - y.line);
        const store = new DiagnosticStore();
        const mark = Math.max(0, pushed.length - back);
        for (const d of pushed) store.push(d);
        expect(store.since(mark)).toEqual(pushed.slice(mark));
        store.retractSince(mark);
        const kept = pushed.slice(0, mark);
        expect(store.length).toBe(kept.length);
        check(store.result(), kept);
      }),
      { numRuns: 100 },
    );
    const store = new DiagnosticStore();
    for (let i = 0; i < 20; i++) store.push({ line: i, column: 1, severity: 'error', code: 'x', message: 'm', text: '' });
    expect(() => store.since(3)).toThrow(RangeError);
  });
});
