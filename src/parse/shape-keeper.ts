/**
 * Keeps V8's hidden classes of a parse alive between parses.
 *
 * A parse builds its objects (MapsLineParser, NameIndex, RegionTableBuilder, PathnameList,
 * DiagnosticStore, the smaps field objects, …) afresh and drops most of them when it returns. V8
 * describes each object by a hidden class (a "map") reached from the class's first map through
 * transitions that the garbage collector treats as weak: once no object of a map is alive, a full
 * GC frees the map, and every piece of optimised code that checks for it is thrown away ("weak
 * objects" in `--trace-deopt`). The next parse then builds new maps, runs in the interpreter and
 * is optimised again: measured on 65,532 lines, 56–190 ms right after a full GC against 10–15 ms
 * warm (issue 19; test/bench/cold.bench.ts).
 *
 * So the first parse of each kind in a process first reads a tiny sample of its kind (an smaps text
 * before the first smaps parse, a maps text before the first of any other format), and the objects
 * of those parses stay referenced here for the life of the process: a few kB that keep every map
 * of a parse, hence its optimised code, alive through any GC. A kind's sample only: an smaps file's
 * first call does not pay for the maps sample, whose code (the bytes path) it never runs. The
 * parsers hand their objects to keepShapes, which takes them only while a sample is read.
 */

/** Objects of the sample parses, referenced for their hidden classes. */
const kept: unknown[] = [];
/** The kinds whose sample was read. */
const read = { maps: false, smaps: false };
let reading = false;

/** Called by a parser with the objects it built: kept while a sample is read, ignored otherwise. */
export function keepShapes(...objects: unknown[]): void {
  if (reading) kept.push(...objects);
}

/** The steps whose first call's objects are kept (keepFirstShapes). */
const keptFirst = new Set<string>();

/**
 * Keeps the objects of the first call of `step` in the process, for a step the sample parses do
 * not run (format detection: a loaded test run saw detect.ts's sampleLines lose its optimised code
 * at a full GC). A few small objects, kept for the life of the process.
 */
export function keepFirstShapes(step: string, ...objects: unknown[]): void {
  if (keptFirst.has(step)) return;
  keptFirst.add(step);
  kept.push(...objects);
}

/**
 * Reads the sample of `kind` once per process (before the first real parse of that kind): `parse`
 * parses the text given, with the same code as any parse. Later calls return at once.
 */
export function keepParseShapes(kind: 'maps' | 'smaps', parse: (sample: string) => unknown): void {
  if (read[kind]) return;
  read[kind] = true;
  reading = true;
  try {
    kept.push(parse(kind === 'maps' ? SAMPLE_MAPS : SAMPLE_SMAPS));
  } finally {
    reading = false;
  }
}

/** How many objects are kept (for tests: the samples were read once). */
export function keptShapeCount(): number {
  return kept.length;
}

// Lines as the kernel writes them: names at column 73, a name repeated (the previous-name path),
// anonymous lines, a pseudo-path.
const SAMPLE_MAPS = [
  '555555554000-555555556000 r--p 00000000 fe:00 1048602                    /usr/bin/cat',
  '555555556000-55555555a000 r-xp 00002000 fe:00 1048602                    /usr/bin/cat',
  '55555555a000-55555555c000 rw-p 00000000 00:00 0 ',
  '555555560000-555555581000 rw-p 00000000 00:00 0                          [heap]',
  '7ffff7d80000-7ffff7da8000 r--p 00000000 fe:00 1055301                    /usr/lib/x86_64-linux-gnu/libc.so.6',
  '7ffff7fc1000-7ffff7fc3000 rw-p 00000000 00:00 0 ',
  '',
].join('\n');

/** The fields of an smaps record of a 6.x kernel after its Size, up to its VmFlags: a literal, built by nothing at load. */
const SAMPLE_FIELDS = `KernelPageSize:        4 kB
MMUPageSize:           4 kB
Rss:                   4 kB
Pss:                   4 kB
Pss_Dirty:             0 kB
Shared_Clean:          0 kB
Shared_Dirty:          0 kB
Private_Clean:         4 kB
Private_Dirty:         0 kB
Referenced:            4 kB
Anonymous:             0 kB
KSM:                   0 kB
LazyFree:              0 kB
AnonHugePages:         0 kB
ShmemPmdMapped:        0 kB
FilePmdMapped:         0 kB
Shared_Hugetlb:        0 kB
Private_Hugetlb:       0 kB
Swap:                  0 kB
SwapPss:               0 kB
Locked:                0 kB
THPeligible:           0`;

const SAMPLE_SMAPS = [
  '555555554000-555555556000 r--p 00000000 fe:00 1048602                    /usr/bin/cat',
  'Size:                  8 kB',
  SAMPLE_FIELDS,
  'VmFlags: rd mr mw me sd ',
  '555555560000-555555581000 rw-p 00000000 00:00 0                          [heap]',
  'Size:                132 kB',
  SAMPLE_FIELDS,
  'VmFlags: rd wr mr mw me ac sd ',
  '',
].join('\n');
