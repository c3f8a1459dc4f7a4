#!/usr/bin/env node
// The structure rules of issue 12's "Done when", the mechanical parts, enforced over app/ and src/:
//  1. no module-level mutable cache outside the store (app/state/): a top-level `let`, or a
//     top-level `new Map()` / `new WeakMap()`, is reported unless ALLOWED below says why it is not one;
//  2. no DOM query for layout outside components: document.querySelector(All) / getElementById
//     only in app/components/;
//  3. no function or component over MAX_LINES lines without its reason at its top: a comment
//     `Long because: …` in the comment before it or in the first lines of its body.
// Each exception is listed below with why (ALLOWED, DOM_ALLOWED, LONG_ALLOWED).
// Prints each violation; exits 1 when there is any. Uses the TypeScript parser for (3).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

const root = resolve(dirname(new URL(import.meta.url).pathname), '../..');
const MAX_LINES = 150;
/** Lines of a long function's body, from its start, where its reason may stand. */
const REASON_WITHIN = 8;
const REASON_RE = /Long because:/;

/**
 * Module-level state that is not a cache, by repo-relative path and name, with why. A name here
 * that no longer exists is reported too, so that the list stays true.
 */
const ALLOWED = {
  'src/parse/maps-checked-line.ts': {
    devMask: 'scratch state of one readCheckedLine call (reset at its start), at module level so a line costs no closure',
    devLineStart: 'as devMask',
  },
  'src/parse/wasm/maps-scanner.ts': {
    scanner: 'the maps scanner\'s WebAssembly instance, compiled once per process or worker: code, not data (each parse\'s start() resets its memory)',
  },
  'src/parse/shape-keeper.ts': {
    reading: 'whether a sample parse is running (keepShapes keeps objects only then; which samples ran, once per process each, is the const `read`); what they keep is a few kB of their own objects, held for their hidden classes (issue 19), never anything of an input',
  },
  'app/workers/parse-client.ts': {
    worker: 'the page\'s one connection to the parse worker: a resource, not data (each job\'s results go to the store)',
    lastJobId: 'the job counter of that connection',
    activeJobId: 'the job whose messages are applied to the store; stale jobs\' messages are dropped by it',
    quietBase: 'the running job\'s own state, as activeJobId: for a snapshot or comparison made while the view stays, the file its answer becomes',
    received: 'a job\'s file in transit: received and wrapped in one task, shown in the next (its `found` message may come between)',
  },
  'app/workers/parse.worker.ts': {
    waiting: 'the worker\'s own job state (a worker is a global scope of its own, not the page\'s)',
    spareReader: 'the next load\'s reader worker, started ahead: a resource of the worker\'s global scope, not data',
  },
  'src/model/region-table.ts': {
    sharedColumns: 'where tables built from then on keep their columns, set once by the app\'s parse worker (shareColumns, when its page is cross-origin isolated): a setting of the worker\'s global scope, not data',
  },
  'app/hooks/useSamples.ts': {
    samplesPromise: 'one fetch of the static samples/index.json per page (a retry after a failure); not data of a loaded file',
  },
  'app/workers/sent-table.ts': {
    packedOf: 'a weak cache keyed by a table\'s names array (its packing, so that the parse worker posts the names it received from the reader without joining them again): dies with the array, holds nothing the array does not',
  },
  'app/paint/canvas-font.ts': {
    lastSet: 'a weak cache keyed by drawing context (the font each canvas context was given, so as not to set it again): dies with the context, holds no data of a file',
  },
  'app/hooks/useViewFrame.ts': {
    measures: 'how many performance.measure entries the page has added to the browser\'s timeline buffer, which is page-wide too (capped)',
  },
};

/** Top-level statements that need not be split by the length rule, with why (files other work owns for now). */
const LONG_ALLOWED = {
  'src/parse/smaps.ts': {
    parseSmaps: 'another change to smaps.ts runs beside issue 12\'s split this session; to split after it lands',
  },
  'app/components/RegionTable.tsx': {
    RegionTable: '153 lines since the find work of this session (a link\'s search shown, not run); to split with that work\'s owner',
  },
};

/** DOM queries outside app/components/ that are not for layout, by file, with why. */
const DOM_ALLOWED = {
  'app/main.tsx': 'mounts the app on #root',
  'app/App.tsx': 'returns keyboard focus to the problems badge when the panel closes (focus, not layout)',
  'app/hooks/usePaste.ts': 'a paste yields to an open modal dialog (is one open?), not layout',
};

/** AssemblyScript, not TypeScript: the WebAssembly scanner's source, whose globals are the module's memory. */
const ASSEMBLY = join('src', 'parse', 'wasm', 'assembly');

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (path.endsWith(ASSEMBLY)) continue;
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (/\.(ts|tsx|mts)$/.test(name) && !/\.d\.ts$/.test(name)) yield path;
  }
}

const violations = [];
const allowedSeen = new Set();

/** Rule 1: top-level `let` and `new Map()` / `new WeakMap()` initialisers. */
function checkModuleState(rel, source) {
  if (rel.startsWith(`app${sep}state${sep}`)) return;
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const isLet = (statement.declarationList.flags & ts.NodeFlags.Let) !== 0;
    for (const d of statement.declarationList.declarations) {
      const name = d.name.getText(source);
      const init = d.initializer;
      // A map typed read-only (`ReadonlyMap`) is a constant table, not state.
      const readOnly = d.type !== undefined && /^Readonly/.test(d.type.getText(source));
      const newMap = !readOnly && init !== undefined && ts.isNewExpression(init) && /^(Weak)?Map$/.test(init.expression.getText(source));
      if (!isLet && !newMap) continue;
      const why = ALLOWED[rel.split(sep).join('/')]?.[name];
      if (why !== undefined) {
        allowedSeen.add(`${rel}:${name}`);
        continue;
      }
      const line = source.getLineAndCharacterOfPosition(d.getStart(source)).line + 1;
      violations.push(`${rel}:${line}: module-level ${isLet ? '`let`' : '`new Map()`'} ${name}: mutable state outside the store (app/state/); move it there, into an instance, or allow it in test/lint/check-structure.mjs with why`);
    }
  }
}

/** Rule 2: DOM queries outside app/components/. */
function checkDomQueries(rel, text) {
  if (rel.startsWith(`app${sep}components${sep}`) || DOM_ALLOWED[rel.split(sep).join('/')] !== undefined) return;
  const re = /\bdocument\s*\.\s*(querySelector(?:All)?|getElementById|getElementsBy\w+)\s*\(/g;
  for (const m of text.matchAll(re)) {
    const line = text.slice(0, m.index).split('\n').length;
    violations.push(`${rel}:${line}: document.${m[1]} outside app/components/: layout data comes from the store (or a component's ref)`);
  }
}

/** The statement a function belongs to, for its leading comment: `const X = () => …` → the variable statement. */
function ownerStatement(node) {
  let n = node;
  while (n.parent && (ts.isVariableDeclaration(n.parent) || ts.isVariableDeclarationList(n.parent) || ts.isVariableStatement(n.parent) || ts.isExportAssignment(n.parent) || ts.isPropertyAssignment(n.parent) || ts.isPropertyDeclaration(n.parent) || ts.isParenthesizedExpression(n.parent) || (ts.isCallExpression(n.parent) && n.parent.expression !== n))) {
    n = n.parent;
    if (ts.isVariableStatement(n) || ts.isExpressionStatement(n)) break;
  }
  if (n.parent && ts.isExpressionStatement(n.parent)) n = n.parent;
  return n;
}

/** Rule 3: long functions and components. */
function checkLength(rel, source, text) {
  const visit = (node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined && ts.isBlock(node.body)) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = last - first + 1;
      if (lines > MAX_LINES) {
        const owner = ownerStatement(node);
        const before = text.slice(owner.getFullStart(), owner.getStart(source));
        const bodyStart = node.body.getStart(source);
        const bodyHead = text.slice(bodyStart, source.getPositionOfLineAndCharacter(Math.min(first + REASON_WITHIN, last), 0));
        const name = node.name?.getText(source) ?? (ts.isVariableStatement(owner) ? owner.declarationList.declarations[0].name.getText(source) : '(anonymous)');
        if (!REASON_RE.test(before) && !REASON_RE.test(bodyHead) && LONG_ALLOWED[rel.split(sep).join('/')]?.[name] === undefined) {
          violations.push(`${rel}:${first + 1}: ${name} is ${lines} lines (over ${MAX_LINES}) with no "Long because: …" at its top: split it, or say why not`);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}

for (const top of ['src', 'app']) {
  for (const file of walk(join(root, top))) {
    const rel = relative(root, file);
    const text = readFileSync(file, 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    checkModuleState(rel, source);
    checkDomQueries(rel, text);
    checkLength(rel, source, text);
  }
}
for (const [file, names] of Object.entries(ALLOWED)) {
  for (const name of Object.keys(names)) {
    if (!allowedSeen.has(`${file.split('/').join(sep)}:${name}`)) violations.push(`test/lint/check-structure.mjs: ALLOWED names ${file} ${name}, which is no longer module-level state there`);
  }
}

if (violations.length > 0) {
  console.error(violations.join('\n'));
  console.error(`structure: ${violations.length} violation(s)`);
  process.exit(1);
}
console.log('structure: ok');
