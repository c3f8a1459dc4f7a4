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

/** A NameTable of `modules` (in list order) by `key`. */
function nameTable(modules: readonly number[], key: (i: number) => string): NameTable {
  let buckets = 1;
  while (buckets < 2 * modules.length) buckets *= 2;
  const start = new Uint32Array(buckets + 1);
  const bucketOf = modules.map((i) => hashName(key(i)) & (buckets - 1));
  for (const b of bucketOf) start[b + 1]++;
  for (let b = 0; b < buckets; b++) start[b + 1] += start[b];
  const next = start.slice(0, buckets);
  const out = new Uint32Array(modules.length);
  modules.forEach((i, k) => (out[next[bucketOf[k]]++] = i));
  return { start, modules: out };
}

/** The name tables of modules with these pathname ids (see ModuleIndexData). O(m) and the names' length. */
export function indexNames(pathnames: readonly string[], pathId: Int32Array): NameTables {
  // List order: each pathname's modules together in address order, pathnames by their first
  // module (by text: a table may hold one name under two ids).
  const groups = new Map<string, number[]>();
  for (let i = 0; i < pathId.length; i++) {
    const pathname = pathnames[pathId[i]];
    const group = groups.get(pathname);
    if (group === undefined) groups.set(pathname, [i]);
    else group.push(i);
  }
  const listed = [...groups.values()].flat();
  const fileNames = new Map<number, string>();
  const fileName = (i: number) => {
    let name = fileNames.get(pathId[i]);
    if (name === undefined) fileNames.set(pathId[i], (name = moduleName(pathnames[pathId[i]])));
    return name;
  };
  return {
    byPathname: nameTable(listed, (i) => pathnames[pathId[i]]),
    byFileName: nameTable(
      listed.filter((i) => pathnames[pathId[i]].startsWith('/')),
      fileName,
    ),
    byUndeletedName: nameTable(
      listed.filter((i) => fileName(i).endsWith(DELETED_SUFFIX)),
      (i) => fileName(i).slice(0, -suffixLength),
    ),
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
