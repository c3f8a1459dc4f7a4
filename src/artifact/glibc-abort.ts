/**
 * glibc's abort dump, as glibc 2.25 and older print it on a heap error: sysdeps/posix/libc_fatal.c
 * __libc_message / backtrace_and_maps (`======= Backtrace: =========`, the frames of
 * debug/backtracesyms.c __backtrace_symbols, `%s(%s%c%#tx)[%p]` = `lib(func+0x12)[0x7f…]`, then
 * `======= Memory map: ========` and a copy of /proc/self/maps), after malloc/malloc.c
 * malloc_printerr's `*** glibc detected *** prog: message: 0x… ***` (2.19 and older) or
 * `*** Error in `prog': message: 0x… ***` (2.20–2.25). glibc 2.26 stopped printing the backtrace
 * and the map. Found anywhere in a log, each line of the dump after the same prefix (cut off); a log
 * with several dumps holds several maps (choices).
 */
import type { Diagnostic } from '../model/diagnostic.js';
import { looksLikeMapsHeader } from '../parse/maps-scan.js';
import type { ParseResult } from '../parse/result.js';
import type { ArtifactInfo } from './artifact.js';
import { ArtifactText, MapLines, artifactNote, hexAddr, mapChoices, readEmbeddedMap } from './embedded-map.js';

const MAP_HEADER = '======= Memory map: ========';
const BACKTRACE_HEADER = '======= Backtrace: =========';
const ERROR_LINE = /\*\*\* (?:glibc detected \*\*\* (.*?)|Error in `(.*?)'): (.*): (0x[0-9a-f]+) \*\*\*/;
const FRAME = /\[(0x[0-9a-f]+)\]\s*$/;

/** True when the text holds a glibc abort dump's memory map. */
export function isGlibcAbort(text: string): boolean {
  return text.includes(MAP_HEADER);
}

/** Reads the memory map of a glibc abort dump, its pointer and its backtrace (each frame's address as printed, absolute). */
export function readGlibcAbort(text: string, choice = 0): ParseResult {
  const source = new ArtifactText(text);
  const headers = source.findAll((line) => line.endsWith(MAP_HEADER));
  const { choices, chosen, header } = mapChoices(headers, () => 'glibc memory map', choice);
  // The dump the map belongs to: from the end of the one before it.
  const from = chosen > 0 ? headers[chosen - 1] + 1 : 0;
  const map = new MapLines(source);
  const notes: Diagnostic[] = [];
  // A log may put the same prefix before each line of the dump (a program name, a quote mark): cut it off.
  const cut = header < 0 ? 0 : source.line(header).length - MAP_HEADER.length;
  const prefix = header < 0 ? '' : source.line(header).slice(0, cut);
  for (let i = header + 1; header >= 0 && i < source.count; i++) {
    const s = source.starts[i];
    if (!text.startsWith(prefix, s) || !looksLikeMapsHeader(text, s + cut, source.ends[i])) break;
    map.add(i, cut);
  }
  if (map.length === 0) notes.push(artifactNote(source, header, 'error', 'artifact-map-missing', 'no maps lines follow "======= Memory map: ========" (the dump is cut short?): no regions to show'));

  const info: ArtifactInfo = { format: 'glibc-abort', title: 'glibc abort dump', pid: null, signal: 'SIGABRT', addresses: [], context: [], choices, chosen };
  let inBacktrace = false;
  let frame = 0;
  for (let k = from; k < header; k++) {
    const line = source.line(k);
    const e = ERROR_LINE.exec(line);
    if (e !== null) {
      const program = e[1] ?? e[2];
      info.title = `glibc abort dump · ${program} · ${e[3]}`;
      info.context.push({ key: 'Program', value: program }, { key: 'Error', value: e[3] });
      info.addresses = [{ address: hexAddr(e[4])!, label: 'pointer', line: k + 1 }];
      frame = 0;
      continue;
    }
    if (line.endsWith(BACKTRACE_HEADER)) {
      inBacktrace = true;
      continue;
    }
    const f = inBacktrace ? FRAME.exec(line) : null;
    if (f === null) {
      inBacktrace = false;
      continue;
    }
    info.addresses.push({ address: hexAddr(f[1])!, label: `#${frame++} pc`, line: k + 1 });
  }
  return readEmbeddedMap(source, map, info, { notes });
}
