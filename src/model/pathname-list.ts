/**
 * The distinct pathnames of a table being built (RegionTableBuilder.names): a pathname id is an
 * index into this list, and `columns.pathId` holds ids, so that 262,144 regions of a few hundred
 * files hold a few hundred strings. Three ways in, for three kinds of caller:
 *
 *  - intern: any parser — looks the name up (a Map) and adds it if new;
 *  - addNew: the maps parser's character path, which keeps its own index of names keyed by text
 *    positions (../parse/name-index.ts) and knows the name is new, so skips the Map;
 *  - addPending + replaceAll: the maps parser's bytes path, which finds names as bytes and decodes
 *    them all at the end into strings that share no memory with the input; the WebAssembly path
 *    (replaceAll of an empty list) interns them in its scanner and hands them all over at the end.
 */

/** The pathnames of a table being built; finish() hands them to the table. */
export class PathnameList {
  private names: string[] = [];
  private readonly ids = new Map<string, number>();
  /** How many of `names` are in `ids` (addNew leaves indexing to the first intern after it). */
  private indexed = 0;
  /** True when `names` already share no memory with the input (replaceAll). */
  private detached = false;
  /** Ids reserved by addPending and not yet given strings by replaceAll. */
  private pending = 0;

  /** Interns a pathname; returns its id (-1 for null). */
  intern(pathname: string | null): number {
    if (pathname === null) return -1;
    if (this.pending > 0) throw new Error('intern: pathnames are pending (addPending)');
    // Names added by addNew are indexed here only when this is first needed.
    while (this.indexed < this.names.length) {
      const i = this.indexed++;
      if (!this.ids.has(this.names[i])) this.ids.set(this.names[i], i);
    }
    let id = this.ids.get(pathname);
    if (id === undefined) {
      id = this.names.length;
      // Kept as given (maybe a view of the input text) until finish() detaches all names at once.
      this.names.push(pathname);
      this.ids.set(pathname, id);
      this.indexed++;
    }
    return id;
  }

  /** Adds a pathname the caller knows is not in the list yet (it keeps its own index of names); returns its id. */
  addNew(pathname: string): number {
    this.names.push(pathname);
    return this.names.length - 1;
  }

  /**
   * Reserves the id of a new pathname whose string the caller supplies later, through replaceAll.
   * Until then nameOf(id) is '' and intern and finish refuse to run.
   */
  addPending(): number {
    this.names.push('');
    this.pending++;
    return this.names.length - 1;
  }

  /**
   * Replaces the pathnames (pending ones included) with the strings of the same ids, which share
   * no memory with the input text; finish() then keeps them as they are instead of copying them.
   */
  replaceAll(detached: string[]): void {
    // An empty list takes any number: the WebAssembly path interns in its scanner (parse/maps-wasm.ts) and hands them all over at the end.
    if (detached.length !== this.names.length && this.names.length !== 0) throw new Error(`replaceAll: ${detached.length} names for ${this.names.length}`);
    this.names = detached;
    this.detached = true;
    this.pending = 0;
  }

  /** How many distinct pathnames the list holds. */
  get count(): number {
    return this.names.length;
  }

  /** The pathname of an id (null for -1). */
  nameOf(id: number): string | null {
    return id < 0 ? null : this.names[id];
  }

  /** The pathnames for a finished table, sharing no memory with the input; throws while any is pending. */
  finish(): string[] {
    if (this.pending > 0) throw new Error(`finish: ${this.pending} pathnames are still pending`);
    return this.detached ? this.names : detachAll(this.names);
  }
}

/**
 * Copies of `names` that share no memory with the text they were cut from. V8 represents a slice
 * of 13 or more characters as a view that keeps the whole parent string alive, so a table holding
 * `text.slice(...)` pathnames would pin a 100 MB input after the caller dropped it. Joining makes
 * one new flat string of just the names; the names are cut from that (views of it, or copies when
 * short). One join for all names, where a copy per name costs three allocations each
 * (262,144 regions of 21,021 names: ~3 MB less garbage per parse).
 */
function detachAll(names: string[]): string[] {
  if (names.length === 0) return names;
  // The leading space makes a new string even where join could hand back a lone name as it is.
  const joined = ' ' + names.join('');
  const out = new Array<string>(names.length);
  let at = 1;
  for (let i = 0; i < names.length; i++) {
    const len = names[i].length;
    out[i] = joined.slice(at, at + len);
    at += len;
  }
  return out;
}
