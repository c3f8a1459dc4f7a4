/**
 * The hash tables that resolve a module's name in O(length of the name) (ModuleIndex.resolve):
 * by pathname, by file name, and by file name without ` (deleted)`. Plain typed arrays, so that
 * the worker that builds them can transfer them to the page (ModuleIndexData).
 */
import { moduleName } from '../analyze/modules.js';
import { DELETED_SUFFIX } from '../model/kind.js';

/**
 * A hash table of modules by a name, as arrays: the modules whose name hashes (hashName) to
 * bucket b are `modules[start[b]]` … `modules[start[b + 1] - 1]`, each pathname's modules
 * together and in address order, pathnames in the order of their first module. `start` has a
 * power-of-two number of buckets, plus one.
 */
export interface NameTable {
  start: Uint32Array;
  modules: Uint32Array;
}

/** The three name tables of a table's modules. */
export interface NameTables {
  /** Modules by pathname. */
  byPathname: NameTable;
  /** Modules of `/…` pathnames by file name. */
  byFileName: NameTable;
  /** Modules whose file name ends in ` (deleted)`, by the file name without it. */
  byUndeletedName: NameTable;
}

const suffixLength = DELETED_SUFFIX.length;

/** FNV-1a over the UTF-16 code units of `s`: the same number in the worker that hashed a name and in the page that looks it up. */
function hashName(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * A NameTable of the modules of `listed` (list order) whose group `keep` holds (every one when
 * null), each hashed by its group's `hashOfGroup`.
 */
function nameTable(listed: Uint32Array, groupOf: Int32Array, hashOfGroup: Uint32Array, keep: Uint8Array | null): NameTable {
  let count = 0;
  for (let k = 0; k < listed.length; k++) if (keep === null || keep[groupOf[listed[k]]] === 1) count++;
  let buckets = 1;
  while (buckets < 2 * count) buckets *= 2;
  const start = new Uint32Array(buckets + 1);
  for (let k = 0; k < listed.length; k++) {
    const g = groupOf[listed[k]];
    if (keep === null || keep[g] === 1) start[(hashOfGroup[g] & (buckets - 1)) + 1]++;
  }
  for (let b = 0; b < buckets; b++) start[b + 1] += start[b];
  const next = start.slice(0, buckets);
  const out = new Uint32Array(count);
  for (let k = 0; k < listed.length; k++) {
    const i = listed[k];
    const g = groupOf[i];
    if (keep === null || keep[g] === 1) out[next[hashOfGroup[g] & (buckets - 1)]++] = i;
  }
  return { start, modules: out };
}

/**
 * The name tables of modules with these pathname ids (see ModuleIndexData). O(m) and the names'
 * length: each pathname's keys are found and hashed once, not once per module (81,372 modules of
 * 53,063 names at 1,048,576 regions), and the modules are grouped in typed arrays, not a Map of lists.
 */
export function indexNames(pathnames: readonly string[], pathId: Int32Array): NameTables {
  // List order: each pathname's modules together in address order, pathnames by their first
  // module (by text: a table may hold one name under two ids, so each id's text is looked up once).
  const n = pathId.length;
  const groupOfId = new Int32Array(pathnames.length).fill(-1);
  const groupOfText = new Map<string, number>();
  const texts: string[] = [];
  const groupOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const id = pathId[i];
    let g = groupOfId[id];
    if (g < 0) {
      const text = pathnames[id];
      const known = groupOfText.get(text);
      if (known === undefined) {
        g = texts.length;
        groupOfText.set(text, g);
        texts.push(text);
      } else g = known;
      groupOfId[id] = g;
    }
    groupOf[i] = g;
  }
  const groups = texts.length;
  const next = new Uint32Array(groups + 1);
  for (let i = 0; i < n; i++) next[groupOf[i] + 1]++;
  for (let g = 0; g < groups; g++) next[g + 1] += next[g];
  const listed = new Uint32Array(n);
  for (let i = 0; i < n; i++) listed[next[groupOf[i]]++] = i;
  // Each group's keys: its pathname; a `/…` path's file name; a file name ending in ` (deleted)`, without it.
  const pathHash = new Uint32Array(groups);
  const fileHash = new Uint32Array(groups);
  const undeletedHash = new Uint32Array(groups);
  const isPath = new Uint8Array(groups);
  const isDeleted = new Uint8Array(groups);
  for (let g = 0; g < groups; g++) {
    const text = texts[g];
    pathHash[g] = hashName(text);
    const fileName = moduleName(text);
    if (text.startsWith('/')) {
      isPath[g] = 1;
      fileHash[g] = hashName(fileName);
    }
    if (fileName.endsWith(DELETED_SUFFIX)) {
      isDeleted[g] = 1;
      undeletedHash[g] = hashName(fileName.slice(0, -suffixLength));
    }
  }
  return {
    byPathname: nameTable(listed, groupOf, pathHash, null),
    byFileName: nameTable(listed, groupOf, fileHash, isPath),
    byUndeletedName: nameTable(listed, groupOf, undeletedHash, isDeleted),
  };
}

/** The positions of the modules in `names` whose key (`keyOf(position)`) is `name`, in list order; undefined when none. */
export function findNamed(names: NameTable, keyOf: (i: number) => string, name: string): number[] | undefined {
  const b = hashName(name) & (names.start.length - 2);
  let out: number[] | undefined;
  for (let k = names.start[b]; k < names.start[b + 1]; k++) {
    const i = names.modules[k];
    if (keyOf(i) === name) (out ??= []).push(i);
  }
  return out;
}
