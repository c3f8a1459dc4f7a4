/**
 * Redaction of a memory map's text before it is shared (issue 17; Firefox Profiler's "sanitize
 * before upload" is the model): user names in home directories, and optionally every file name,
 * replaced by stable placeholders — the same name gets the same placeholder everywhere, so that
 * modules still group and findings still find.
 *
 * - Homes: `/home/NAME`, `/var/home/NAME`, `/export/home/NAME`, `/Users/NAME` and `/data/user/N`
 *   (Android) become `…/user1`, `…/user2` in order of first appearance, on every line (header
 *   lines of pmap and gdb too); each name found is then replaced wherever it is a whole path
 *   component (`/tmp/NAME/…`) or a whole `[anon:NAME]`.
 * - All names: every region's pathname that is not a pseudo-path (`[heap]`, `[anon:…]`) becomes
 *   `/redacted/file-N`, keeping ` (deleted)` and a shared-library suffix (`.so`, `.so.6`), so the
 *   findings about deleted libraries read the same; the lines are the regions' own (table.line).
 */
import type { RegionTable } from '../model/region-table.js';

export interface RedactOptions {
  /** Replace user names of home directories (and the same names elsewhere in paths). */
  homes: boolean;
  /** Replace every file name by a placeholder. */
  allNames: boolean;
}

/** What was replaced: each original and its placeholder, in order of first appearance. */
export interface Redaction {
  text: string;
  users: { name: string; placeholder: string }[];
  files: { name: string; placeholder: string }[];
}

const HOME = /(\/(?:home|var\/home|export\/home|Users)\/|\/data\/user\/)([^/\s]+)/g;

/** proc(5): the kernel writes a newline in a name as `\012`; the text holds the name that way. */
function rawName(pathname: string): string {
  return pathname.replace(/\n/g, '\\012');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A file name's placeholder: keeps ` (deleted)` and a shared-library suffix. */
function filePlaceholder(pathname: string, n: number): string {
  const deleted = pathname.endsWith(' (deleted)') ? ' (deleted)' : '';
  const base = deleted ? pathname.slice(0, -deleted.length) : pathname;
  const so = /\.so(?:\.[0-9]+)*$/.exec(base)?.[0] ?? '';
  return `/redacted/file-${n}${so}${deleted}`;
}

/** Redacts `text`, the text `table` was parsed from (its lines are the regions' `line`s). */
export function redactMapsText(text: string, table: RegionTable, options: RedactOptions): Redaction {
  const users: Redaction['users'] = [];
  const files: Redaction['files'] = [];
  if (!options.homes && !options.allNames) return { text, users, files };
  const lines = text.split('\n');
  if (options.allNames) {
    const byName = new Map<string, string>();
    const c = table.columns;
    for (let row = 0; row < table.length; row++) {
      const id = c.pathId[row];
      if (id < 0) continue;
      const name = table.pathnames[id];
      if (name.startsWith('[')) continue;
      let placeholder = byName.get(name);
      if (placeholder === undefined) {
        placeholder = filePlaceholder(name, byName.size + 1);
        byName.set(name, placeholder);
        files.push({ name, placeholder });
      }
      const i = c.line[row] - 1;
      const line = lines[i];
      const raw = rawName(name);
      const at = line === undefined ? -1 : line.lastIndexOf(raw);
      if (at >= 0) lines[i] = line.slice(0, at) + placeholder + line.slice(at + raw.length);
    }
  }
  let out = lines.join('\n');
  if (options.homes) {
    const byUser = new Map<string, string>();
    out = out.replace(HOME, (_, dir: string, name: string) => {
      let placeholder = byUser.get(name);
      if (placeholder === undefined) {
        placeholder = `user${byUser.size + 1}`;
        byUser.set(name, placeholder);
        users.push({ name, placeholder });
      }
      return dir + placeholder;
    });
    for (const { name, placeholder } of users) {
      const n = escapeRegExp(name);
      out = out.replace(new RegExp(`(?<=/)${n}(?=/|\\s|$)|(?<=\\[anon:)${n}(?=\\])`, 'gm'), placeholder);
    }
  }
  return { text: out, users, files };
}

/** A file name redacted as its text would be: user names replaced, or the whole name with `allNames`. */
export function redactFileName(fileName: string, redaction: Redaction, options: RedactOptions): string {
  if (options.allNames) return 'redacted' + (/\.(s?maps|txt|gz)$/.exec(fileName)?.[0] ?? '');
  let name = fileName;
  for (const { name: user, placeholder } of redaction.users) name = name.split(user).join(placeholder);
  return name;
}
