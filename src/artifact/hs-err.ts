/**
 * OpenJDK fatal error logs (hs_err_pid<N>.log), as HotSpot writes them: src/hotspot/share/utilities/
 * vmError.cpp VMError::report (the `#  SIGSEGV (0xb) at pc=0x…, pid=…, tid=…` header, the
 * `Native frames:` printed by print_native_stack / frame::print_on_error as `C  [libc.so.6+0x1234]
 * func+0x12`), src/hotspot/os/posix/os_posix.cpp os::print_siginfo (`siginfo: si_signo: 11
 * (SIGSEGV), si_code: 1 (SEGV_MAPERR), si_addr: 0x…`), src/hotspot/os/linux/os_linux.cpp
 * os::print_dll_info (`Dynamic libraries:`, the raw /proc/<pid>/maps lines, in newer JDKs followed
 * by `Total number of mappings: N`). The map ends at the first line that is not a maps line.
 */
import type { Addr } from '../address.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { looksLikeMapsHeader } from '../parse/maps-scan.js';
import type { ParseResult } from '../parse/result.js';
import type { ArtifactAddress, ArtifactInfo } from './artifact.js';
import { ArtifactText, MapLines, artifactNote, artifactTitle, hexAddr, mapChoices, readEmbeddedMap, withNotes } from './embedded-map.js';
import { moduleOffsetAddress, rowsByName } from './module-address.js';

const HEADER = /^#\s+(SIG\w+|EXCEPTION_\w+) \(0x[0-9a-f]+\) at pc=(0x[0-9a-f]+), pid=(\d+), tid=(\d+)/;
const SIGINFO = /^siginfo: si_signo: \d+ \((\w+)\).*?si_addr: (0x[0-9a-f]+)/;
const NATIVE_FRAME = /^[CVvJjA]\s+\[([^\]+]+)\+(0x[0-9a-f]+)\]/;
const CONTEXT = /^# (JRE version|Java VM|Problematic frame):\s*(.*)$/;

/** True when the text is an hs_err log: HotSpot's banner, or its `Dynamic libraries:` section beside a `# JRE version:` line. */
export function isHsErr(text: string): boolean {
  const head = text.slice(0, 64 * 1024);
  return head.includes('A fatal error has been detected by the Java Runtime Environment') || (head.includes('# JRE version:') && text.includes('\nDynamic libraries:'));
}

/** Reads an hs_err log's `Dynamic libraries:` map, its si_addr and pc, and its native frames made absolute. */
export function readHsErr(text: string, choice = 0): ParseResult {
  const source = new ArtifactText(text);
  const { choices, chosen, header } = mapChoices(source.findAll((line) => line === 'Dynamic libraries:'), () => '"Dynamic libraries:"', choice);
  const context: { key: string; value: string }[] = [];
  let pid: number | null = null;
  let signal: string | null = null;
  let pc: { address: Addr; line: number } | undefined;
  let siAddr: { address: Addr; line: number } | undefined;
  const frames: { name: string; offset: bigint; line: number }[] = [];
  let problematicNext = false;
  for (let i = 0; i < source.count; i++) {
    const line = source.line(i);
    if (problematicNext) {
      problematicNext = false;
      context.push({ key: 'Problematic frame', value: line.replace(/^#\s*/, '') });
    }
    const h = HEADER.exec(line);
    if (h !== null && pid === null) {
      signal = h[1].startsWith('SIG') ? h[1] : null;
      pid = Number(h[3]);
      pc = { address: hexAddr(h[2])!, line: i + 1 };
      context.push({ key: 'Error', value: line.replace(/^#\s*/, '') });
      continue;
    }
    const si = SIGINFO.exec(line);
    if (si !== null && siAddr === undefined) {
      signal ??= si[1];
      siAddr = { address: hexAddr(si[2])!, line: i + 1 };
      continue;
    }
    const c = CONTEXT.exec(line);
    if (c !== null && !context.some((x) => x.key === c[1])) {
      if (c[2] === '' && c[1] === 'Problematic frame') problematicNext = true;
      else context.push({ key: c[1], value: c[2] });
      continue;
    }
    if (line.startsWith('# There is insufficient memory') && !context.some((x) => x.key === 'Error')) context.push({ key: 'Error', value: line.slice(2) });
    const f = NATIVE_FRAME.exec(line);
    if (f !== null) frames.push({ name: f[1], offset: BigInt(f[2]), line: i + 1 });
  }

  const map = new MapLines(source);
  const notes: Diagnostic[] = [];
  if (header < 0) {
    notes.push(artifactNote(source, -1, 'error', 'artifact-map-missing', 'this hs_err log has no "Dynamic libraries:" section (cut short before it?): no regions to show'));
  } else {
    let i = header + 1;
    for (; i < source.count && looksLikeMapsHeader(text, source.starts[i], source.ends[i]); i++) map.add(i);
    if (i >= source.count) {
      notes.push(artifactNote(source, header, 'warning', 'artifact-map-cut', `the log ends inside its "Dynamic libraries:" section (after ${map.length} maps lines, with no blank line or "Total number of mappings:" after them): it may be cut short; the lines present were read`));
    }
  }
  const info: ArtifactInfo = {
    format: 'hs_err',
    title: artifactTitle('OpenJDK hs_err log', null, pid, signal),
    pid,
    signal,
    addresses: [],
    context,
    choices,
    chosen,
  };
  const result = readEmbeddedMap(source, map, info, { notes });
  if (siAddr !== undefined) info.addresses.push({ ...siAddr, label: 'si_addr' });
  if (pc !== undefined) info.addresses.push({ ...pc, label: 'pc' });
  const byName = rowsByName(result.regions);
  const frameNotes: Diagnostic[] = [];
  let missing = 0;
  frames.forEach((f, k) => {
    const address = moduleOffsetAddress(result.regions, byName, f.name, f.offset);
    if (address === undefined) {
      if (missing++ === 0) frameNotes.push(artifactNote(source, f.line - 1, 'warning', 'artifact-frames', ''));
      return;
    }
    info.addresses.push({ address, label: `#${k} pc`, line: f.line } satisfies ArtifactAddress);
  });
  if (missing > 0) frameNotes[0].message = `${missing} native ${missing === 1 ? 'frame names a library' : 'frames name libraries'} the "Dynamic libraries:" map has no mapping of: left out of the addresses`;
  return withNotes(result, frameNotes);
}
