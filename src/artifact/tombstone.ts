/**
 * Android tombstones, as debuggerd writes them: AOSP system/core
 * debuggerd/libdebuggerd/tombstone_proto_to_text.cpp — print_memory_maps (the `memory map (N
 * entries):` section), print_thread_header (`pid: 4242, tid: 4243, name: … >>> … <<<`),
 * print_main_thread (`signal 11 (SIGSEGV), code 1 (SEGV_MAPERR), fault addr 0x…`),
 * print_backtrace (`#00 pc 000000000004e8c8  /apex/…/libc.so (abort+164) (BuildId: …)`); the
 * older tombstone.cpp dump_all_maps prints the same lines. The text form only: the protobuf form
 * (tombstone.proto, `memory_mappings`) is not read.
 *
 * A map line: `    %s-%s %c%c%c  %8x  %8x  %s (BuildId: %s) (load bias 0x%x)`, the end inclusive
 * (map.end - 1), 64-bit addresses split `00007fbc'3a051000`, three permission letters (no share
 * flag: read as private, `p`), the file offset and the length in hex, no device or inode. `--->`
 * replaces the indent of the entry holding the fault address; a `--->Fault address falls at …`
 * line stands before the first entry above it when no entry holds it.
 */
import { formatHex, type Addr } from '../address.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { ParseResult } from '../parse/result.js';
import type { ArtifactAddress, ArtifactInfo, ArtifactRegionAttribute } from './artifact.js';
import { ArtifactText, MapLines, artifactNote, artifactTitle, hexAddr, kernelMapsLine, mapChoices, readEmbeddedMap, withNotes } from './embedded-map.js';
import { rowsByName, tombstonePc } from './module-address.js';

const BANNER = '*** *** *** *** *** *** *** *** *** *** *** *** *** *** *** ***';
const THREAD_SEPARATOR = /^--- --- --- --- --- --- --- --- --- --- --- --- --- --- --- ---\s*$/;
const MAP_HEADER = /^memory map(?: \((\d+) entr(?:y|ies)\))?:/;
const MAP_LINE = /^(--->| {4})([0-9a-f']+)-([0-9a-f']+) ([r-][w-][x-]) +([0-9a-f]+) +([0-9a-f]+)(?: {2}(.*))?$/;
/** A line that starts as a map line does, whatever follows (a line cut short). */
const MAP_LINE_START = /^(?:--->| {4})[0-9a-f']+-/;
const FAULT_MARKER = /^--->Fault address falls at ([0-9a-f']+) (?:before|between|after)/;
const PID_LINE = /^pid: (\d+), tid: (\d+), name: (.*?) {2}>>> (.*) <<<\s*$/;
const SIGNAL_LINE = /^signal (\d+) \((\w+)\), code [^,]*, fault addr (\S+)/;
const FRAME = /^\s+#(\d+) pc ([0-9a-f]+) {2}(.*)$/;
const BUILD_ID = /(?:^| )\(BuildId: ([^)]*)\)$/;
// A map without a name prints its load bias alone (tombstone_test.cpp: `1000  (load bias 0xd000)`).
const LOAD_BIAS = /(?:^| )\(load bias (0x[0-9a-f]+)\)$/;
const CONTEXT_KEYS = ['Build fingerprint', 'Revision', 'ABI', 'Timestamp', 'Process uptime', 'Cmdline', 'Abort message', 'Cause', 'uid'];

/** True when the text starts as a tombstone does: debuggerd's banner, or (a tombstone that lost it) its thread header, in the first 64 KiB. */
export function isTombstone(text: string): boolean {
  const head = text.slice(0, 64 * 1024);
  return head.includes(BANNER) || /^pid: \d+, tid: \d+, name: .* >>> .* <<<$/m.test(head);
}

/** One tombstone map line in the maps layout: end exclusive, `p` for the missing share flag, no device or inode. */
function mapsLine(m: RegExpExecArray, name: string): string | undefined {
  const begin = hexAddr(m[2]);
  const last = hexAddr(m[3]);
  if (begin === undefined || last === undefined || last === 0xffff_ffff_ffff_ffffn) return undefined;
  return kernelMapsLine(begin, last + 1n, `${m[4]}p`, BigInt('0x' + m[5]), name);
}

/** The tombstone's lines that belong to map `choice` (from its header to the next banner or map), and the map header lines. */
function sections(source: ArtifactText): { headers: number[]; banners: number[] } {
  const headers = source.findAll((line) => MAP_HEADER.test(line));
  const banners = source.findAll((line) => line === BANNER);
  return { headers, banners };
}

/** Reads a tombstone's memory map, fault address and backtraces; `choice` picks one of several maps (a file of several tombstones). */
export function readTombstone(text: string, choice = 0): ParseResult {
  const source = new ArtifactText(text);
  const { headers, banners } = sections(source);
  const { choices, chosen, header } = mapChoices(headers, (h) => {
    const n = MAP_HEADER.exec(source.line(h))?.[1];
    return `memory map${n !== undefined ? ` (${n} entries)` : ''}`;
  }, choice);
  // The tombstone the map belongs to: from the banner before it to the next banner.
  const from = banners.filter((b) => b < header).pop() ?? 0;
  const to = banners.find((b) => b > Math.max(header, from)) ?? source.count;

  const notes: Diagnostic[] = [];
  const context: { key: string; value: string }[] = [];
  let pid: number | null = null;
  let signal: string | null = null;
  let processName: string | null = null;
  let fault: { address: Addr; line: number } | undefined;
  let abi = '';
  for (let i = from; i < to; i++) {
    const line = source.line(i);
    const p = PID_LINE.exec(line);
    if (p !== null && pid === null) {
      pid = Number(p[1]);
      processName = p[4];
      context.push({ key: 'Process', value: p[4] }, { key: 'Thread', value: `${p[3]} (tid ${p[2]})` });
      continue;
    }
    const s = SIGNAL_LINE.exec(line);
    if (s !== null && signal === null) {
      signal = s[2];
      context.push({ key: 'Signal', value: line.trim() });
      const address = hexAddr(s[3]);
      if (address !== undefined) fault = { address, line: i + 1 };
      continue;
    }
    const colon = line.indexOf(': ');
    if (colon > 0 && CONTEXT_KEYS.includes(line.slice(0, colon)) && !context.some((c) => c.key === line.slice(0, colon))) {
      const value = line.slice(colon + 2).replace(/^'(.*)'$/, '$1');
      context.push({ key: line.slice(0, colon), value });
      if (line.startsWith('ABI: ')) abi = value;
    }
  }
  // Arm64 tags the top byte of pointers (MTE, TBI); debuggerd marks the map with the untagged address.
  if (fault !== undefined && abi === 'arm64') fault.address = (fault.address & 0x00ff_ffff_ffff_ffffn) as Addr;

  const map = new MapLines(source);
  const attributes: ArtifactRegionAttribute[] = [];
  const loadBias = new Map<number, bigint>();
  let entries = 0;
  let faultEntry = -1;
  if (header >= 0) {
    for (let i = header + 1; i < source.count; i++) {
      const line = source.line(i);
      const marker = FAULT_MARKER.exec(line);
      if (marker !== null) {
        if (fault === undefined) {
          const address = hexAddr(marker[1]);
          if (address !== undefined) fault = { address, line: i + 1 };
        }
        continue;
      }
      if (!MAP_LINE_START.test(line)) break;
      entries++;
      const m = MAP_LINE.exec(line);
      let name = m?.[7] ?? '';
      const bias = LOAD_BIAS.exec(name);
      if (bias !== null) name = name.slice(0, bias.index);
      const buildId = BUILD_ID.exec(name);
      if (buildId !== null) name = name.slice(0, buildId.index);
      const rewritten = m === null ? undefined : mapsLine(m, name);
      // A line cut short or garbled goes to the maps parser as it is: an error naming what is wrong.
      map.add(i, 4, rewritten);
      if (m === null || rewritten === undefined) continue;
      if (m[1] === '--->') faultEntry = i;
      if (buildId !== null) attributes.push({ line: i + 1, key: 'BuildId', value: buildId[1] });
      if (bias !== null) {
        attributes.push({ line: i + 1, key: 'load bias', value: bias[1] });
        loadBias.set(i + 1, BigInt(bias[1]));
      }
      const begin = hexAddr(m[2])!;
      const length = BigInt('0x' + m[6]);
      const size = hexAddr(m[3])! + 1n - begin;
      if (length !== size) {
        notes.push(artifactNote(source, i, 'warning', 'tombstone-length', `the entry's length ${formatHex(length)} differs from its range's size ${formatHex(size)}: the range was read`));
      }
    }
    const announced = MAP_HEADER.exec(source.line(header))?.[1];
    if (announced !== undefined && Number(announced) !== entries) {
      notes.push(
        artifactNote(
          source,
          header,
          'warning',
          'artifact-map-cut',
          `the memory map announces ${announced} entries but ${entries} follow: the tombstone is cut short${entries < Number(announced) ? ` after its ${entries === 0 ? 'header' : `line ${map.lines()[map.length - 1]}`}` : ''}; the entries present were read`,
        ),
      );
    }
  } else {
    notes.push(artifactNote(source, -1, 'error', 'artifact-map-missing', 'this tombstone has no "memory map" section (cut short before it?): no regions to show'));
  }

  const info: ArtifactInfo = {
    format: 'tombstone',
    title: artifactTitle('Android tombstone', processName, pid, signal),
    pid,
    signal,
    addresses: [],
    context,
    choices,
    chosen,
    ...(attributes.length > 0 && { regionAttributes: attributes }),
  };
  if (faultEntry >= 0) context.push({ key: 'Fault entry', value: `line ${faultEntry + 1} (marked --->)` });
  const result = readEmbeddedMap(source, map, info, { unknown: ['device', 'inode'], notes });
  if (fault !== undefined) info.addresses.push({ address: fault.address, label: 'fault address', line: fault.line });
  const frameNotes: Diagnostic[] = [];
  info.addresses.push(...backtraceAddresses(source, from, to, result, loadBias, frameNotes));
  return withNotes(result, frameNotes);
}

/** The frames of every `backtrace:` between lines `from` and `to`, absolute; the first thread's as `#00 pc`, the others' as `tid 123 #00 pc`. */
function backtraceAddresses(source: ArtifactText, from: number, to: number, result: ParseResult, loadBias: Map<number, bigint>, notes: Diagnostic[]): ArtifactAddress[] {
  const table = result.regions;
  const byName = rowsByName(table);
  const out: ArtifactAddress[] = [];
  let thread = '';
  let firstThread = true;
  let inBacktrace = false;
  let unresolved = 0;
  let firstUnresolved = -1;
  for (let i = from; i < to; i++) {
    const line = source.line(i);
    if (THREAD_SEPARATOR.test(line)) firstThread = false;
    const p = PID_LINE.exec(line);
    if (p !== null) thread = firstThread ? '' : `tid ${p[2]} `;
    if (line === 'backtrace:') {
      inBacktrace = true;
      continue;
    }
    if (!inBacktrace) continue;
    const f = FRAME.exec(line);
    if (f === null) {
      if (line.trim() !== '') inBacktrace = false;
      continue;
    }
    const rest = f[3];
    // The module is the longest text before a " (" that names a mapping (names may hold " (").
    let name = rest;
    for (let at = rest.indexOf(' ('); at >= 0; at = rest.indexOf(' (', at + 1)) {
      if (byName.has(rest.slice(0, at))) name = rest.slice(0, at);
    }
    if (!byName.has(name)) name = rest.split(' (')[0];
    const elfStart = / \(offset (0x[0-9a-f]+)\)/.exec(rest.slice(name.length))?.[1];
    const rows = byName.get(name);
    const pc =
      rows === undefined
        ? undefined
        : tombstonePc(table, rows, BigInt('0x' + f[2]), (row) => loadBias.get(table.columns.line[row]) ?? 0n, elfStart === undefined ? undefined : BigInt(elfStart));
    if (pc === undefined) {
      unresolved++;
      if (firstUnresolved < 0) firstUnresolved = i;
      continue;
    }
    out.push({ address: pc, label: `${thread}#${f[1]} pc`, line: i + 1 });
  }
  // Without a map no frame resolves: the missing map is the one thing to say.
  if (unresolved > 0 && table.length > 0) {
    notes.push(
      artifactNote(
        source,
        firstUnresolved,
        'warning',
        'artifact-frames',
        `${unresolved} backtrace ${unresolved === 1 ? 'frame names' : 'frames name'} a module the memory map has no mapping for, or a pc outside it: left out of the addresses`,
      ),
    );
  }
  return out;
}
