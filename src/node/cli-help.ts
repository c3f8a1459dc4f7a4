/** The `--help` texts: the documented contract of the command line and of its JSON output. */
import { ARTIFACT_FORMATS, DIAGNOSTIC_EXAMPLES_MAX, DIAGNOSTIC_EXAMPLES_PER_KIND, FORMAT_NAMES, formatCount } from '../internal.js';
import type { CommandName } from './cli-args.js';

const USAGE = `Usage:
  mapscope parse  FILE|-|--pid N [--smaps|--smaps-rollup] [--format F] [--max-size SIZE] [--json|--csv|--tsv]
  mapscope lookup FILE|-|--pid N ADDRESS... [--max-size SIZE] [--json]
  mapscope stats  FILE|-|--pid N [--max-size SIZE] [--json|--markdown]
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
   "sizeBytes":"4194304"},"before":REGION|null,"after":REGION|null}
The gap's end is exclusive: above the last region it is 0x10000000000000000 (2^64). fileOffset
is null when the input has no offset column. With overlapping regions (an edited file), the one
with the lowest begin is reported. Diagnostics of the input go to standard error; they do not
stop the lookup.

${REGION_SHAPE}`,
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
