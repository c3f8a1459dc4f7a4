/**
 * "Did you mean": the modules whose file name contains what was typed, when a name resolves to
 * none (ModuleIndex.resolve). A substring test, case-insensitive, one module per pathname.
 */
import { moduleName } from '../analyze/modules.js';

/**
 * Up to `limit` positions of modules (`pathId`: each module's pathname id) whose file name
 * contains `name`, case-insensitive, the first module of each pathname, in module order.
 * `lower` holds the lower-cased file names by pathname id, filled as needed and kept by the caller
 * across calls.
 */
export function similarModules(pathnames: readonly string[], pathId: Int32Array, lower: (string | undefined)[], name: string, limit: number): number[] {
  const needle = name.trim().toLowerCase();
  if (needle === '') return [];
  const out: number[] = [];
  const taken = new Set<string>();
  for (let i = 0; i < pathId.length && out.length < limit; i++) {
    const id = pathId[i];
    const text = (lower[id] ??= moduleName(pathnames[id]).toLowerCase());
    if (!text.includes(needle)) continue;
    const pathname = pathnames[id];
    if (taken.has(pathname)) continue;
    taken.add(pathname);
    out.push(i);
  }
  return out;
}
