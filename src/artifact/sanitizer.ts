/**
 * Sanitizer reports (AddressSanitizer and the others of compiler-rt), as the runtime prints them:
 * compiler-rt lib/sanitizer_common/sanitizer_posix.cpp DumpProcessMap (`==PID==Process memory map
 * follows:`, one `\t%p-%p\t%s` line a mapping, `==PID==End of process memory map.`; printed on
 * some fatal errors, and on every report with ASAN_OPTIONS=print_module_map=2), the report's
 * `==PID==ERROR: AddressSanitizer: heap-use-after-free on address 0x… at pc 0x…` (asan_errors.cpp)
 * and its stacks (`    #0 0x55bf86cd31e3 in main uaf.c:6`, sanitizer_stacktrace_printer.cpp).
 * The map gives ranges and names only: no permissions, offsets, devices or inodes.
 */
import type { Addr } from '../address.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { ParseResult } from '../parse/result.js';
import type { ArtifactInfo } from './artifact.js';
import { ArtifactText, MapLines, artifactNote, hexAddr, kernelMapsLine, mapChoices, readEmbeddedMap } from './embedded-map.js';

const MAP_HEADER = /^==(\d+)==Process memory map follows:\s*$/;
const MAP_END = /^==\d+==End of process memory map\.\s*$/;
const MAP_LINE = /^\t(0x[0-9a-f]+)-(0x[0-9a-f]+)\t(.*)$/;
const ERROR_LINE = /^==(\d+)==ERROR: (\w+): (\S+) on (?:unknown )?address (0x[0-9a-f]+)(?: at pc (0x[0-9a-f]+)| \(pc (0x[0-9a-f]+))?/;
const FRAME = /^ {4}#(\d+) (0x[0-9a-f]+)\b/;
const SIGNALS: Record<string, string> = { SEGV: 'SIGSEGV', BUS: 'SIGBUS', FPE: 'SIGFPE', ILL: 'SIGILL' };

/** True when the text holds a sanitizer's process memory map. */
export function isSanitizerReport(text: string): boolean {
  return text.includes('==Process memory map follows:');
}

/** Reads a sanitizer report's memory map, the address of its error, and its stacks. */
export function readSanitizer(text: string, choice = 0): ParseResult {
  const source = new ArtifactText(text);
  const headers = source.findAll((line) => MAP_HEADER.test(line));
  const { choices, chosen, header } = mapChoices(headers, () => 'process memory map', choice);
  const map = new MapLines(source);
  const notes: Diagnostic[] = [];
  let ended = false;
  for (let i = header + 1; i < source.count; i++) {
    const line = source.line(i);
    if (MAP_END.test(line)) {
      ended = true;
      break;
    }
    const m = MAP_LINE.exec(line);
    const begin = m === null ? undefined : hexAddr(m[1]);
    const end = m === null ? undefined : hexAddr(m[2]);
    // A line the runtime did not write that way goes to the maps parser as it is: an error naming what is wrong.
    map.add(i, 0, m === null || begin === undefined || end === undefined ? undefined : kernelMapsLine(begin, end, '---p', 0n, m[3]));
  }
  if (!ended) {
    notes.push(artifactNote(source, header, 'warning', 'artifact-map-cut', 'the report ends before "End of process memory map.": it is cut short in its map; the lines present were read'));
  }
  notes.push(artifactNote(source, header, 'warning', 'sanitizer-map-fields', "a sanitizer's memory map gives each mapping's range and name only: permissions, file offsets, devices and inodes are unknown"));

  const pid = Number(MAP_HEADER.exec(source.line(header))?.[1] ?? NaN);
  const info: ArtifactInfo = { format: 'sanitizer', title: 'sanitizer report', pid: Number.isNaN(pid) ? null : pid, signal: null, addresses: [], context: [], choices, chosen };
  let fault: { address: Addr; pc: Addr | undefined; line: number } | undefined;
  let stack = '';
  for (let i = 0; i < header; i++) {
    const line = source.line(i);
    const e = fault === undefined ? ERROR_LINE.exec(line) : null;
    if (e !== null) {
      const pc = e[5] ?? e[6];
      fault = { address: hexAddr(e[4])!, pc: pc === undefined ? undefined : hexAddr(pc), line: i + 1 };
      info.title = `${e[2]} report · pid ${e[1]} · ${e[3]}`;
      info.pid = Number(e[1]);
      info.signal = SIGNALS[e[3]] ?? null;
      info.context.push({ key: 'Error', value: line.replace(/^==\d+==ERROR: /, '') });
      continue;
    }
    if (fault === undefined) continue;
    // Each stack after the first follows a heading: "freed by thread T0 here:".
    if (/^\S.*:\s*$/.test(line) && !line.startsWith('==')) stack = line.replace(/ here:\s*$|:\s*$/, '') + ' ';
    if (line.startsWith('SUMMARY:')) break;
    const f = FRAME.exec(line);
    if (f !== null) info.addresses.push({ address: hexAddr(f[2])!, label: `${stack}#${f[1]} pc`, line: i + 1 });
  }
  if (fault !== undefined) {
    const first: ArtifactInfo['addresses'] = [{ address: fault.address, label: 'fault address', line: fault.line }];
    if (fault.pc !== undefined) first.push({ address: fault.pc, label: 'pc', line: fault.line });
    info.addresses.unshift(...first);
  }
  return readEmbeddedMap(source, map, info, { unknown: ['perms', 'offset', 'device', 'inode'], notes });
}
