#!/usr/bin/env node
// The dependency rule (docs/architecture.md), enforced: app -> src/index or src/internal only; inside src,
// parse -> model <- query|layout|analyze; src/ never imports React, the DOM-bound d3 modules or
// app/; only src/node/ touches Node built-ins. Prints each violation; exits 1 when there is any.
// (Perfetto does the same with an import allow-list: python/tools/check_imports.py.)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '../..');
const IMPORT_RE = /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** AssemblyScript, not TypeScript: the WebAssembly scanner's source, whose globals are the module's memory. */
const ASSEMBLY = join('src', 'parse', 'wasm', 'assembly');

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (path.endsWith(ASSEMBLY)) continue;
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (/\.(ts|tsx|mts)$/.test(name)) yield path;
  }
}

/** The top-level area of a repo-relative path: 'app', 'src/parse', 'src/node', 'src' (files at src/). */
function area(rel) {
  const parts = rel.split(sep);
  if (parts[0] === 'app') return 'app';
  if (parts[0] === 'src') return parts.length > 2 ? `src/${parts[1]}` : 'src';
  return parts[0];
}

// Which src areas each src area may import (besides itself). 'src' = src/address.ts and src/index.ts.
const SRC_ALLOWED = {
  src: null, // src/index.ts and src/internal.ts re-export; src/address.ts imports nothing
  'src/model': ['src'],
  // Text for people (sizes, counts): imports nothing, used by the areas that write text.
  'src/format': [],
  'src/parse': ['src', 'src/model'],
  // src/input runs in the app's worker and in Node alike: web streams, DecompressionStream, TextDecoder; no Node built-ins.
  'src/input': ['src', 'src/model', 'src/parse', 'src/artifact'],
  // Crash artifacts (issue 14): find the memory map inside a tombstone, a log, a minidump or a core and parse it.
  'src/artifact': ['src', 'src/model', 'src/parse'],
  // Comparing snapshots (issue 15): identity across snapshots, recordings.
  'src/diff': ['src', 'src/model', 'src/parse', 'src/analyze', 'src/format', 'src/query'],
  // query's lookup names modules: src/analyze's grouping (a module, its segments, its base).
  'src/query': ['src', 'src/model', 'src/analyze', 'src/format'],
  'src/layout': ['src', 'src/model'],
  'src/analyze': ['src', 'src/model', 'src/format'],
  'src/node': ['src'],
  // Share and export (issue 17): the writers of CSV, TSV, JSON and Markdown the CLI and the app share; the share link's codec and redaction.
  'src/export': ['src', 'src/model', 'src/input', 'src/analyze', 'src/format'],
};
const FORBIDDEN_IN_SRC = /^(react|react-dom|d3-selection|d3-zoom|d3-brush|d3-axis|@tanstack\/)/;

// The core's two entries: the package's public API, and what only the app and the CLI use.
const ENTRIES = [join('src', 'index'), join('src', 'internal')];

const violations = [];
for (const top of ['src', 'app']) {
  for (const file of walk(join(root, top))) {
    const rel = relative(root, file);
    const from = area(rel);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT_RE)) {
      const spec = m[1] ?? m[2];
      const bad = (why) => violations.push(`${rel}: imports "${spec}": ${why}`);
      if (!spec.startsWith('.')) {
        if (from.startsWith('src') && FORBIDDEN_IN_SRC.test(spec)) bad('the core stays free of React and DOM-bound d3');
        if (from.startsWith('src') && from !== 'src/node' && (spec.startsWith('node:') || /^(fs|path|os|child_process)$/.test(spec)))
          bad('only src/node/ may use Node built-ins');
        continue;
      }
      // src/ spells its imports with .js (NodeNext); app/ and tests leave the extension off.
      const target = relative(root, resolve(dirname(file), spec)).replace(/\.js$/, '');
      const to = area(target);
      if (from === 'app') {
        if (to.startsWith('src') && !ENTRIES.includes(target))
          bad('app/ imports the core only through src/index.ts or src/internal.ts');
        continue;
      }
      if (to === 'app') bad('src/ must not import app/');
      else if (from === 'src/node' && to !== 'src/node' && !ENTRIES.includes(target))
        bad('src/node/ imports the core only through src/index.ts or src/internal.ts');
      else if (from !== 'src' && from !== to && to.startsWith('src') && !SRC_ALLOWED[from]?.includes(to))
        bad(`${from} may import only ${SRC_ALLOWED[from]?.join(', ')}`);
      else if (from === 'src' && to === 'src/node') bad('the core must not depend on src/node/');
    }
  }
}
if (violations.length) {
  console.error(`import rule violations (${violations.length}):\n` + violations.map((v) => '  ' + v).join('\n'));
  process.exit(1);
}
console.log('imports: ok');
