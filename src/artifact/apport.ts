/**
 * Apport crash reports (/var/crash/*.crash), as Apport writes them: apport/problem_report.py
 * ProblemReport.write (one `Key: value` a line; a value of several lines as `Key:` followed by its
 * lines, each indented by one space; binary values base64-encoded the same way),
 * apport/report.py Report.add_proc_info (`ProcMaps` — the process's /proc/PID/maps —, `ProcStatus`,
 * `ExecutablePath`, `ProcCmdline`), add_gdb_info (`Stacktrace`: gdb's `bt full`) and the crash
 * handler data/apport (`Signal`). The segfault analysis of data/general-hooks/parse_segv.py
 * (`SegvAnalysis`) gives `Segfault happened at: 0x…`.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type { ParseResult } from '../parse/result.js';
import type { ArtifactInfo } from './artifact.js';
import { ArtifactText, MapLines, artifactNote, artifactTitle, hexAddr, mapChoices, readEmbeddedMap } from './embedded-map.js';
import { signalName } from './signals.js';

const KEY = /^([A-Za-z][A-Za-z0-9_.-]*):(?: (.*))?$/;
const GDB_FRAME = /^ #(\d+) +(0x[0-9a-f]+) in /;
const SEGV_AT = /^ Segfault happened at: (0x[0-9a-f]+)/;
const CONTEXT_KEYS = ['ExecutablePath', 'ProcCmdline', 'Package', 'DistroRelease', 'Date', 'Title'];

/** True when the text is an Apport report with a `ProcMaps:` field. */
export function isApportReport(text: string): boolean {
  return /^ProblemType: /.test(text.slice(0, 4096)) && /^ProcMaps:\s*$/m.test(text);
}

/** Reads the map of an Apport report's `ProcMaps:` field, its signal and pid, and its gdb stack trace. */
export function readApport(text: string, choice = 0): ParseResult {
  const source = new ArtifactText(text);
  const { choices, chosen, header } = mapChoices(source.findAll((line) => /^ProcMaps:\s*$/.test(line)), () => 'ProcMaps field', choice);
  const map = new MapLines(source);
  const notes: Diagnostic[] = [];
  for (let i = header + 1; i < source.count && source.text.charCodeAt(source.starts[i]) === 32; i++) {
    // The value's lines, each after its one space of indent; a line that is no map line is an error of the maps parser's.
    map.add(i, 1);
  }
  if (map.length === 0) notes.push(artifactNote(source, header, 'error', 'artifact-map-missing', 'the ProcMaps field is empty: no regions to show'));

  const info: ArtifactInfo = { format: 'apport', title: 'Apport crash report', pid: null, signal: null, addresses: [], context: [], choices, chosen };
  let key = '';
  for (let i = 0; i < source.count; i++) {
    const line = source.line(i);
    const k = KEY.exec(line);
    if (k !== null) {
      key = k[1];
      const value = k[2] ?? '';
      if (key === 'Signal' && /^\d+$/.test(value)) info.signal = signalName(Number(value));
      if (CONTEXT_KEYS.includes(key) && value !== '') info.context.push({ key, value });
      continue;
    }
    if (key === 'ProcStatus') {
      const pid = /^ Pid:\s+(\d+)/.exec(line);
      if (pid !== null) info.pid = Number(pid[1]);
    } else if (key === 'SegvAnalysis') {
      const at = SEGV_AT.exec(line);
      if (at !== null) info.addresses.unshift({ address: hexAddr(at[1])!, label: 'pc', line: i + 1 });
    } else if (key === 'Stacktrace') {
      const f = GDB_FRAME.exec(line);
      if (f !== null) info.addresses.push({ address: hexAddr(f[2])!, label: `#${f[1]} pc`, line: i + 1 });
    }
  }
  const program = info.context.find((c) => c.key === 'ExecutablePath')?.value;
  info.title = artifactTitle('Apport crash report', program, info.pid, info.signal);
  return readEmbeddedMap(source, map, info, { notes });
}
