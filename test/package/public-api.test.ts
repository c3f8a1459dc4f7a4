/**
 * The package's public API is what the README documents: the names src/index.ts and
 * src/node/index.ts export (asked of the TypeScript compiler, types included) are exactly the
 * README's lists, and each has a JSDoc comment at its declaration.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { readmePublicApi, REPO_ROOT } from './readme';

/** Every name an entry (`src/index.ts`, `src/node/index.ts`) exports, with the documentation of the declaration it resolves to. */
function exportsOf(entry: string): Map<string, string> {
  const file = join(REPO_ROOT, entry);
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

describe.each([
  ['mapscope', 'src/index.ts', 'public-api'],
  ['mapscope/node', 'src/node/index.ts', 'node-api'],
])('the public API of %s (%s)', (_, entry, block) => {
  const exported = exportsOf(entry);
  const documented = readmePublicApi(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8'), block);

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
