/** The `--help` texts: the documented contract of the command line and of its JSON output. */
import { ARTIFACT_FORMATS, DIAGNOSTIC_EXAMPLES_MAX, DIAGNOSTIC_EXAMPLES_PER_KIND, FORMAT_NAMES, formatCount } from '../internal.js';
import type { CommandName } from './cli-args.js';

const USAGE = `Usage:
  mapscope parse  FILE|-|--pid N [--smaps|--smaps-rollup] [--format F] [--max-size SIZE] [--json|--csv|--tsv]
  mapscope lookup FILE|-|--pid N ADDRESS... [--max-size SIZE] [--json]
  mapscope stats  FILE|-|--pid N [--max-size SIZE] [--json|--markdown]
  mapscope diff   A B | RECORDING [--from N] [--to M] [--mode auto|same-process|different-runs] [--json]
  mapscope record --pid N [--smaps] [--interval 1s] [--count K | --duration 60s] -o FILE
  mapscope serve  [--pid N] [--smaps] [--interval 1s] [--port P] [--open]
  mapscope --help | COMMAND --help | --version`;

/** The input paragraph, in the general help and parse's: every format --format takes, from FORMAT_NAMES. */
const INPUT = `Input: a file (maps, smaps, smaps_rollup, pmap, gdb; plain or gzip-compressed; UTF-8 or UTF-16;
the format is detected by name, then content), - for standard input, or --pid N (or --pid self)
for /proc/N/maps of a live process (--smaps / --smaps-rollup read /proc/N/smaps or smaps_rollup
instead). --format F forces a format, one of:
  ${FORMAT_NAMES.join(', ')}
(pmap is plain \`pmap PID\`, pmap-d is \`pmap -d\`, pmap-x \`pmap -x\` and so on).
A crash artifact is read for the memory map inside it, detected by content: an Android
tombstone, an OpenJDK hs_err log, a glibc abort dump, an Apport .crash report, a systemd-coredump
journal entry (journalctl -o json --all, or -o export), a sanitizer report, or any log with
maps lines (format ${ARTIFACT_FORMATS.filter((f) => f !== 'minidump' && f !== 'core').join(', ')}).`;

const GENERAL = `mapscope — read Linux process memory maps (/proc/PID/maps, smaps) exactly.

${USAGE}

${INPUT}
--max-size SIZE refuses inputs of more than SIZE bytes of text (decompressed), before reading
them whole: a regular file by its size, a pipe, device or gzip file by counting. SIZE is bytes or
a number with K, M, G, T (1024-based): 64M, 2G. Default 8G, room for a 4,194,304-region smaps
file. Text past 128 Mi characters is parsed in pieces cut where a region starts (maps and smaps
only; a larger pmap or gdb file is refused); a warning given once per kind of problem is then
given once per piece.

Commands:
  parse   list the regions: begin, end, size, perms, offset, dev, inode, kind, pathname
  lookup  find the region holding each ADDRESS (hex, with or without 0x), or the gap around it
  stats   count regions and sum their sizes by kind and by permissions
  diff    compare two snapshots: regions added, removed, changed (by kind, by module, smaps sums)
  record  write timestamped snapshots of a live process to a recording file
  serve   watch a running process's map live in the browser (127.0.0.1 only, with a token;
          mapscope serve --help)

Output: an aligned table, or JSON with --json (mapscope COMMAND --help describes the shape);
parse --csv / --tsv writes the regions as CSV or TSV, stats --markdown a summary for an issue.
Pathnames are shown with control characters escaped (ESC as \\x1b); JSON escapes them too.
Diagnostics (line:column: severity: message [code]) go to standard error.

Exit status:
  0   success (warnings allowed); also when the reader closes the pipe early (| head)
  1   the input had errors (each on stderr, with its line)
  2   usage error
  3   the input could not be read: missing file or process, permission denied, not Linux,
      the process exited (or ran a new program) while its map was read, larger than
      --max-size, not text (binary, damaged gzip)
  4   the output could not be written (no space left on device, I/O error)
  70  internal error (a bug in mapscope)
Every failure prints one line on stderr: mapscope: WHAT (FILE, PID or stream).`;

const REGION_SHAPE = `A region in JSON:
  {"line":3,"begin":"0x7f3a2c000000","end":"0x7f3a2c021000","sizeBytes":"135168",
   "perms":"rw-p","offset":"0x0","device":{"major":0,"minor":0},"inode":"0",
   "pathname":null,"kind":"anonymous"}
line is the 1-based input line of the region's header; begin, end and offset are lowercase hex
with 0x and no leading zeros; sizeBytes and inode are decimal strings (they can exceed 2^53);
device numbers are numbers; pathname is the kernel's text (escapes such as \\012 kept) or null.
A pathname that is not valid UTF-8 (names are raw bytes) is followed by "pathnameBytes": its
exact bytes in lowercase hex; pathname then holds each invalid byte as U+DC80 + byte.
perms, offset, device and inode are null when the input format does not carry them (pmap -x).
smaps input adds "fields" ({"Rss":4096,...}: sizes in bytes, unit-less values as numbers),
"vmFlags" (["rd","wr",...], or null without a VmFlags line) and, when present, "text"
(fields whose value is text, such as Android's Name:).`;

const DIAGNOSTIC_SHAPE = `A diagnostic in JSON:
  {"line":5,"column":1,"severity":"error","code":"bad-permissions","message":"...","text":"..."}
line 0 means the whole input; text is the raw line, cut at 512 characters. "diagnostics" holds
the first ${DIAGNOSTIC_EXAMPLES_PER_KIND} of each kind (code and severity), at most ${formatCount(DIAGNOSTIC_EXAMPLES_MAX)} in all (plus the first of each
further kind), in line order; "diagnosticGroups" counts every one, a kind an entry:
  {"code":"bad-permissions","severity":"error","count":500000,"firstLine":5,
   "exampleLines":[5,8,11,...]}
count is exact; exampleLines are the lines of the kind's entries in "diagnostics".`;

const DIFF_HELP = `mapscope diff — what changed between two snapshots of a memory map.

${USAGE}

A and B are any two inputs mapscope reads (files or - for standard input; a recording given as
one of them is its last snapshot). A single RECORDING (mapscope record) compares its first and
last snapshots, or --from N and --to M (1-based); every snapshot of it is read and checked.

Regions are matched by identity, never by absolute address across runs (README, "Identity across
snapshots"). The mode is detected: one process at two times when at least half of the file
mappings are at the same address on both sides (same-process: a region is the same when its range
overlaps and its backing — kind, file, device, inode, file offset — agrees; one region that became
several is a split, several that became one a merge); otherwise two runs (different-runs, ASLR):
modules by path and device/inode, their segments by file offset and permissions, named memory
([heap], [stack], [anon:NAME], [vdso]) by name, thread stacks by size, the rest by position between
matched neighbours. --mode forces one. Each pair says which rule matched it: same-range,
overlap, split, merge, regroup, module-segment, module-path, name, thread-stack, neighbour.

The output: both sides, the mode and why, how many regions of each side matched (with a warning
when under half did: different programs or unrelated inputs), the rules used, regions and bytes
added, removed and changed, tables by kind and by module, the smaps fields summed on each side
when both have them, then every change: "- " removed, "+ " added, "~ " changed (before => after,
what changed, the rule), "* " a split or merge with its regions. With --json:
  {"added":[REGION,...],"removed":[REGION,...],
   "changed":[{"before":REGION,"after":REGION,"what":["size","perms","Rss",...],"match":"overlap"},...],
   "unchanged":N,
   "groups":[{"before":[REGION,...],"after":[REGION,...],"match":"split"},...],
   "mode":"same-process","modeReason":"...",
   "before":{"source":"a.maps","format":"maps","regions":N[,"snapshot":{"number":1,"line":2,
             "time":"2026-12-03T08:00:00.000Z","pid":1234}]},"after":{...},
   "summary":{"beforeRegions":N,"afterRegions":N,"matchedBefore":N,"matchedAfter":N,
              "byRule":{"overlap":N,...},"added":{"regions":N,"bytes":"N"},"removed":{...},
              "changed":{"regions":N,"bytesDelta":"N"},"beforeBytes":"N","afterBytes":"N",
              "byKind":[ROW,...],"byModule":[ROW,...],"smaps":[{"field":"Rss","before":"N",
              "after":"N","delta":"N"},...]}}
what names the fields that differ: address (in one process the begin address; between runs the
address relative to the module's base), size, perms, offset, device, inode, pathname, and each
smaps field whose value changed (Referenced, KernelPageSize and MMUPageSize are not compared).
A ROW is {"key":"file"|"libc.so.6"|"(no module)","pathname"?,"added":{"regions","bytes"},
"removed":{...},"changed":{"regions","bytesDelta"},"unchanged":N}. Byte counts are decimal
strings. The exit status is 0 whenever the comparison was made, whatever it found (the inputs'
diagnostics still go to standard error).

${REGION_SHAPE}`;

const RECORD_HELP = `mapscope record — timestamped snapshots of a live process in one file.

${USAGE}

Reads /proc/N/maps (or /proc/N/smaps with --smaps) every --interval (default 1s; 500ms, 2s, 1m),
for --count K snapshots or for --duration T, or until the process exits or starts another program,
or until SIGINT (Ctrl-C): the file is complete in every case. Each read is checked as --pid
checks it: a map the process's exit may have cut short is not written. The file (docs/recording.md):
  #mapscope recording v1
  #mapscope snapshot time=2026-12-03T08:00:00.000Z pid=1234 source=/proc/1234/smaps
  ...the kernel's text, as read...
  #mapscope end time=2026-12-03T08:00:05.000Z snapshots=5 reason=exited
reason is count, duration, exited, exec (another program), interrupted or error. mapscope diff
FILE compares its first and last snapshots; mapscope parse FILE reads its last; the app shows
its timeline.`;

const COMMAND_HELP: Record<CommandName, string> = {
  parse: `mapscope parse — list the regions of a memory map.

${USAGE}

${INPUT}

The table has the columns BEGIN END SIZE PERMS OFFSET DEV INODE KIND PATHNAME (and RSS, PSS for
smaps). With --json:
  {"format":"maps","regions":[REGION,...],"diagnostics":[DIAGNOSTIC,...],
   "diagnosticGroups":[GROUP,...],
   "stats":{"lines":N,"regions":N,"blank":N,"recognized":N,"rejected":N}}

${REGION_SHAPE}

${DIAGNOSTIC_SHAPE}

With --csv (RFC 4180, CRLF line ends) or --tsv, one record a region after a header:
  line,begin,end,size_bytes,perms,offset,device,inode,kind,pathname
and for smaps every field key the file has (values in bytes) and VmFlags. Addresses and offsets
are 0x-hex, sizes and inodes exact decimal; a field the format lacks is empty. The pathname is
shown as in the table (control and bidi characters as \\x1b, \\u{202e}; a backslash as \\\\),
with a ' before a name that begins with =, +, - or @ so that a spreadsheet does not run it as a
formula; --json has the exact bytes.

A crash artifact: the table is headed by its title and the map read (which of several, when it
holds more than one), and followed by its addresses (ADDRESS LABEL LINE REGION). JSON adds,
after "format" (tombstone, hs_err, glibc-abort, apport, coredump-journal, sanitizer, log, …):
  "artifact":{"title":"Android tombstone · … · pid 4242 · SIGSEGV","pid":4242,"signal":"SIGSEGV",
              "context":[{"key":"ABI","value":"arm64"},...],
              "choices":[{"label":"memory map (431 entries) at line 120","firstLine":120}],"chosen":0},
  "addresses":[{"address":"0x7fe3a2b010","label":"fault address","line":11},
               {"address":"0x5d1f402a40","label":"#00 pc","line":16},...]
Addresses are absolute (a tombstone's module-relative pcs are placed with its map). Regions are
as for maps, end exclusive; perms get "p" where the artifact has no share flag (a tombstone), and
fields it lacks are null (a tombstone has no device or inode; a sanitizer map only ranges and
names). A tombstone's rows add "attributes":{"BuildId":"…","load bias":"0x…"}.`,
  lookup: `mapscope lookup — find the region that holds each address.

${USAGE}

For each ADDRESS, in order: the region holding it (with its input line), the offset into the
region, and the file offset (region offset + address - begin); or "unmapped", with the gap
around the address and the nearest regions before and after it. With --json, an array with
one entry per address:
  {"address":"0x7f3a2c000010","mapped":true,"region":REGION,"offsetInRegion":"0x10",
   "fileOffset":"0x10"}
  {"address":"0x1000","mapped":false,"region":null,"gap":{"begin":"0x0","end":"0x400000",
   "sizeBytes":"4194304"},"before":REGION|null,"after":REGION|null,"beyondUserSpace":null}
The gap's end is exclusive: above the last region it is 0x10000000000000000 (2^64). fileOffset
is null when the input has no offset column or no file lies behind the region ([heap], [stack],
[vsyscall], anonymous memory). beyondUserSpace is {"place":"kernel"|"non-canonical",
"addressSpace":"x86-64, 48-bit virtual addresses (4-level paging)","basis":"…"} for an address
past user space, when the map shows which layout it comes from (x86-64 48/57-bit, aarch64
39/48-bit). With overlapping regions (an edited file), the one
with the lowest begin is reported. Diagnostics of the input go to standard error; they do not
stop the lookup.

Up to 16 addresses in a maps file as the kernel writes it (--pid, /proc/PID/maps, a saved copy)
are answered by one pass over its text, without a table of every region; any other input, or
more addresses, is parsed whole. The output is the same either way.

${REGION_SHAPE}`,
  diff: DIFF_HELP,
  record: RECORD_HELP,
  stats: `mapscope stats — totals of a memory map by kind and by permissions.

${USAGE}

Each group has a region count and the exact sum of end - begin; groups are listed largest
first. With --json:
  {"format":"maps","total":{"count":N,"sizeBytes":"N"},
   "byKind":[{"kind":"file","count":N,"sizeBytes":"N"},...],
   "byPerms":[{"perms":"r-xp","count":N,"sizeBytes":"N"},...],
   "diagnostics":[DIAGNOSTIC,...],"diagnosticGroups":[GROUP,...]}
sizeBytes is a decimal string (sums can exceed 2^53). perms is "unknown" for inputs without a
permissions column. With --markdown: a summary to paste into an issue (totals by kind and by
module, Rss and Pss for smaps, and the findings with the regions they concern), names escaped
so that Markdown shows them as text.

${DIAGNOSTIC_SHAPE}`,
};

/** The help text of the program, or of one command. */
export function helpText(command?: CommandName): string {
  return command === undefined ? GENERAL : COMMAND_HELP[command];
}
