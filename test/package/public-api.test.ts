/**
 * The package's public API is what the README documents: the names src/index.ts exports (asked
 * of the TypeScript compiler, types included) are exactly the README's list, and each has a JSDoc
 * comment at its declaration.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { readmePublicApi, REPO_ROOT } from './readme';

/** Every name src/index.ts exports, with the documentation of the declaration it resolves to. */
function exportsOfIndex(): Map<string, string> {
  const file = join(REPO_ROOT, 'src/index.ts');
  const program = ts.createProgram([file], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    types: [],
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
  const names = new Map<string, string>();
  for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    names.set(symbol.name, ts.displayPartsToString(target.getDocumentationComment(checker)).trim());
  }
  return names;
}

describe('the public API (src/index.ts)', () => {
  const exported = exportsOfIndex();
  const documented = readmePublicApi(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8'));

  it('exports exactly the names the README lists', () => {
    expect(documented.length).toBeGreaterThan(0);
    expect(new Set(documented).size, 'a name is listed twice in the README').toBe(documented.length);
    expect([...exported.keys()].sort()).toEqual([...documented].sort());
  });

  it('has a JSDoc comment on every exported name', () => {
    const undocumented = [...exported].filter(([, doc]) => doc === '').map(([name]) => name);
    expect(undocumented).toEqual([]);
  });
});
