/**
 * `npm run bench -- cli`: the command line end to end, as a user runs it (issue 19): a fresh
 * `node dist/cli.cjs …` process per call, timed from spawn to exit, against the floors in the same
 * rounds — `node -e 0` (Node's own start), `cat FILE` (reading the text), an awk one-liner that
 * finds the region holding the address (what a user would type without mapscope), and for a live
 * process `node + read`: Node reading its /proc/PID/maps to the end and nothing else, the floor of
 * any lookup in Node (procfs writes a page per read(2)); beside them, not a floor, this CLI with
 * `--liftoff-only` (what V8's optimising compile of the WebAssembly scanner costs, on another thread).
 * Each command is timed in wall clock and in CPU time (its own and its threads', from bash's `times`).
 *
 * CLIs run side by side, interleaved: this tree's (built with the project's `vite build --mode
 * cli` into a temporary directory) and the baselines' — the git refs in MAPSCOPE_CLI_BASELINE,
 * comma-separated, `main` by default: `git archive REF` into a temporary directory, with this
 * tree's node_modules linked in, built the same way. Inputs: a live process with ~60,000 regions
 * (test/cli/live-target.c, anonymous pages of alternating protections, which cannot merge), this
 * process's own small map (start-up: `--help`, `parse`, `stats`, `lookup`), and generated maps
 * files of 65,530 and 262,144 regions (generate-maps.ts). MAPSCOPE_CLI_ONLY (a regular
 * expression) runs only the cases whose name matches it.
 *
 * Goal (issue 19): `mapscope lookup --pid P ADDR` within Node's start (`node -e 0`) + 40 ms; the
 * same goal is shown for `lookup FILE ADDR`. */
import { execFileSync, execSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { buildCli } from '../cli/built-cli';
import { buildWasm } from './wasm-build';
import { generateMaps } from './generate-maps';
import { printTable, verdict } from './measure';

const ROOT = new URL('../..', import.meta.url).pathname;
/** The git refs whose CLIs run beside this tree's, in the same rounds: MAPSCOPE_CLI_BASELINE, comma-separated (`57f09d9,main`); `main` by default. */
const BASELINES = (process.env.MAPSCOPE_CLI_BASELINE ?? 'main').split(',').filter((ref) => ref !== '');
/** Only the cases whose name matches this regular expression (MAPSCOPE_CLI_ONLY), for a quick run. */
const ONLY = new RegExp(process.env.MAPSCOPE_CLI_ONLY ?? '');
/** Anonymous pages mapped by the target beyond its own ~25 regions: ~60,000 regions in all, as in the issue. */
const TARGET_PAGES = 60_000;
const ROUNDS = 7;
const GOAL_MS_OVER_NODE = 40;

/** Builds the CLI of git ref `ref` into a temporary directory; returns the path of its entry (cli.cjs, or cli.js before the CLI was CommonJS). */
async function buildRef(ref: string, work: string): Promise<string> {
  const dir = join(work, 'baseline');
  execSync(`mkdir -p '${dir}' && git -C '${ROOT}' archive '${ref}' | tar -x -C '${dir}'`);
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  buildWasm(dir);
  const outDir = join(dir, 'out');
  await build({ root: dir, configFile: join(dir, 'vite.config.ts'), mode: 'cli', logLevel: 'silent', build: { outDir, emptyOutDir: false } });
  return [join(outDir, 'cli.cjs'), join(outDir, 'cli.js')].find((f) => existsSync(f)) ?? join(outDir, 'cli.cjs');
}

/**
 * One run of a command to its exit, its output dropped (to /dev/null): wall-clock ms from spawn to
 * exit, and the CPU time of the command and its threads (user + system: the JIT's compiler threads
 * and the kernel's work for it included), which a shared machine's load disturbs less. Run under
 * bash, whose `times` gives its children's CPU time (getrusage); bash's own start is in every
 * command's wall clock alike.
 */
function timeRun(argv: readonly string[]): { wall: number; cpu: number } {
  const t0 = performance.now();
  const r = spawnSync('bash', ['-c', '"$@" > /dev/null; s=$?; times; exit $s', 'bash', ...argv], { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr.toString().slice(0, 300)}`);
  // `times`: the shell's user and system time, then its children's ("0m0.012s 0m0.004s").
  const children = r.stdout.toString().trim().split('\n')[1] ?? '';
  const seconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map(([, m, sec]) => Number(m) * 60 + Number(sec));
  if (seconds.length !== 2) throw new Error(`bash times: unexpected output ${JSON.stringify(r.stdout.toString())}`);
  return { wall, cpu: (seconds[0] + seconds[1]) * 1000 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** The stdout of one run (for checking that both CLIs answer the same). */
function output(argv: readonly string[]): string {
  return execFileSync(argv[0], argv.slice(1), { maxBuffer: 1 << 30 }).toString();
}

/** The begin address of the region on line `line` (1-based) of maps text. */
function beginOnLine(text: string, line: number): string {
  return text.split('\n')[line - 1].split('-')[0];
}

/**
 * `node -e` reading `file` to its end with synchronous read(2) calls into one reused 256 KiB
 * buffer, as the CLI's lookup reads into its scanner's window (read-sync.ts readFileWith): Node's
 * start plus the kernel's read, the floor of any `lookup --pid` in Node (procfs writes at most a
 * page per read: fs/seq_file.c). (Read whole into a new buffer, the first-touch page faults of
 * the buffer added ~10 ms of CPU at 60,000 regions.)
 */
function nodeRead(file: string): string[] {
  const program = `const fs = require('node:fs'); const fd = fs.openSync(${JSON.stringify(file)}, 'r'); const b = Buffer.allocUnsafe(1 << 18); while (fs.readSync(fd, b, 0, b.length, null) > 0);`;
  return [process.execPath, '-e', program];
}

/** An awk program that prints the line whose range holds address `a` (hex, zero-padded to 16 for a string compare; mawk has no strtonum). */
function awkLookup(address: string, file: string): string[] {
  const pad = '0000000000000000';
  const a = (pad + address).slice(-16);
  const prog = `{ split($1, r, "-"); b = substr("${pad}", 1, 16 - length(r[1])) r[1] ""; e = substr("${pad}", 1, 16 - length(r[2])) r[2] ""; if (b <= a "" && a "" < e) { print; exit } }`;
  return ['awk', '-v', `a=${a}`, prog, file];
}

interface Case {
  name: string;
  args: string[];
  /** The goal in ms over `node -e 0`, if the issue sets one. */
  goal?: number;
  /** Floors run in the same rounds: label and argv. */
  floors: [string, string[]][];
}

/** Runs every case's commands round-robin (each round: node, floors, each baseline's CLI, this CLI) and prints the tables: wall clock, then CPU time. */
function runCases(cases: Case[], cli: string, baseClis: readonly string[]): void {
  const node = [process.execPath, '-e', '0'];
  const rows: string[][] = [];
  const cpuRows: string[][] = [];
  for (const c of cases) {
    const clis = [...baseClis, cli].map((entry) => [process.execPath, entry, ...c.args]);
    const commands: string[][] = [node, ...c.floors.map((f) => f[1]), ...clis];
    const after = output(clis[clis.length - 1]);
    const same = clis.slice(0, -1).map((base) => (output(base) === after ? 'same' : 'DIFFERS')).join(', ');
    for (const cmd of commands) timeRun(cmd); // warm the page cache and the binaries
    const runs = commands.map((): { wall: number; cpu: number }[] => []);
    for (let r = 0; r < ROUNDS; r++) commands.forEach((cmd, k) => runs[k].push(timeRun(cmd)));
    const cliAt = 1 + c.floors.length;
    const goalNote = (nodeMs: number) => (c.goal === undefined ? '' : `≤ ${(nodeMs + c.goal).toFixed(0)} (node + ${c.goal})`);
    for (const [key, table] of [['wall', rows], ['cpu', cpuRows]] as const) {
      const times = runs.map((rs) => rs.map((t) => t[key]));
      const m = times.map(median);
      const best = times.map((t) => Math.min(...t));
      const nodeMs = m[0];
      const nowMs = m[m.length - 1];
      const floors = c.floors.map((f, i) => `${f[0]} ${m[1 + i].toFixed(0)}` + (f[0] === 'node + read' ? ` (read ${(m[1 + i] - nodeMs).toFixed(0)})` : f[0].endsWith('--liftoff-only') ? ` (node + ${(m[1 + i] - nodeMs).toFixed(0)})` : '')).join(', ');
      table.push([
        c.name,
        `${nodeMs.toFixed(0)} (${best[0].toFixed(0)})`,
        floors,
        ...baseClis.map((_, i) => `${m[cliAt + i].toFixed(0)} = node + ${(m[cliAt + i] - nodeMs).toFixed(0)}`),
        `${nowMs.toFixed(0)} (${best[best.length - 1].toFixed(0)})`,
        `${(nowMs - nodeMs).toFixed(0)} (${(best[best.length - 1] - best[0]).toFixed(0)})`,
        baseClis.map((_, i) => `${(m[cliAt + i] / nowMs).toFixed(2)}×`).join(', '),
        goalNote(nodeMs),
        c.goal === undefined ? '' : verdict(nowMs <= nodeMs + c.goal),
        same,
      ]);
    }
  }
  const header = (unit: string) => ['command', 'node -e 0', `floors (median ${unit})`, ...BASELINES, 'now', 'now − node', 'speed-up', `goal ${unit}`, 'verdict', 'output'];
  console.log('wall clock, spawn to exit: medians (and the best run) in ms; the verdict (the issue\'s goal) is on the medians');
  printTable(header('ms'), rows);
  console.log('CPU time of each command (user + system, all its threads): medians (and the least) in ms; the same goal shown for CPU');
  printTable(header('CPU ms'), cpuRows);
}

export async function run(): Promise<void> {
  console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${ROUNDS} rounds, interleaved: wall clock from spawn to exit, and CPU time`);
  const work = mkdtempSync(join(tmpdir(), 'mapscope-cli-bench-'));
  const built = await buildCli();
  let target: ReturnType<typeof spawn> | undefined;
  try {
    const baseClis: string[] = [];
    for (const ref of BASELINES) baseClis.push(await buildRef(ref, join(work, `baseline-${baseClis.length}`)));
    console.log(`this tree's CLI: ${built.cli}; baselines (git archive + vite build --mode cli): ${BASELINES.map((ref, i) => `${ref} ${baseClis[i]}`).join('; ')}`);

    // The live process: ~60,000 regions.
    const bin = join(work, 'live-target');
    execFileSync('gcc', ['-O1', '-Wall', '-o', bin, join(ROOT, 'test/cli/live-target.c')]);
    target = spawn(bin, [join(work, 'mapped.bin'), String(TARGET_PAGES)], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      target!.stdout!.setEncoding('utf8').on('data', (d: string) => d.includes('ready') && resolve());
      target!.once('exit', (code) => reject(new Error(`live-target exited ${code}`)));
    });
    const pid = target.pid!;
    const procMaps = `/proc/${pid}/maps`;
    const liveText = readFileSync(procMaps, 'latin1');
    const liveLines = liveText.split('\n').length - 1;
    const liveAddr = beginOnLine(liveText, liveLines >> 1);
    console.log(`live process ${pid}: ${liveLines.toLocaleString('en')} regions, ${liveText.length.toLocaleString('en')} bytes of maps; looking up ${liveAddr} (the middle line)`);

    const cases: Case[] = [
      {
        name: `lookup --pid P ADDR (${liveLines.toLocaleString('en')} regions)`,
        args: ['lookup', '--pid', String(pid), liveAddr],
        goal: GOAL_MS_OVER_NODE,
        floors: [
          ['cat', ['cat', procMaps]],
          ['awk', awkLookup(liveAddr, procMaps)],
          ['node + read', nodeRead(procMaps)],
          // Not a floor: this CLI with V8's optimising tier for WebAssembly off, to show in the same rounds what its compile of the scanner costs (no flag-free way to keep the baseline tier).
          ['now --liftoff-only', [process.execPath, '--liftoff-only', built.cli, 'lookup', '--pid', String(pid), liveAddr]],
        ],
      },
    ];
    // Start-up: commands on a small real map (this process's own), where Node's start and loading the command's code are nearly all of the time.
    const small = join(work, 'self.maps');
    writeFileSync(small, readFileSync('/proc/self/maps'));
    const smallLines = readFileSync(small, 'latin1').split('\n').length - 1;
    cases.push(
      { name: '--help', args: ['--help'], floors: [] },
      { name: `parse FILE (${smallLines} regions)`, args: ['parse', small], floors: [] },
      { name: `stats FILE (${smallLines} regions)`, args: ['stats', small], floors: [] },
      { name: `lookup FILE ADDR (${smallLines} regions)`, args: ['lookup', small, beginOnLine(readFileSync(small, 'latin1'), smallLines >> 1)], floors: [] },
    );
    for (const regions of [65_530, 262_144]) {
      const file = join(work, `generated-${regions}.maps`);
      const text = generateMaps({ regions }).text;
      writeFileSync(file, text);
      const addr = beginOnLine(text, regions >> 1);
      const size = `${regions.toLocaleString('en')} regions, ${(text.length / 1e6).toFixed(1)} MB`;
      const floors: [string, string[]][] = [['cat', ['cat', file]], ['awk', awkLookup(addr, file)]];
      cases.push(
        { name: `lookup FILE ADDR (${size})`, args: ['lookup', file, addr], goal: GOAL_MS_OVER_NODE, floors },
        { name: `parse FILE (${size})`, args: ['parse', file], floors: [floors[0]] },
        { name: `parse --json FILE (${size})`, args: ['parse', '--json', file], floors: [floors[0]] },
        { name: `stats FILE (${size})`, args: ['stats', file], floors: [floors[0]] },
      );
    }
    runCases(cases.filter((c) => ONLY.test(c.name)), built.cli, baseClis);
    console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    target?.kill('SIGKILL');
    built.remove();
    rmSync(work, { recursive: true, force: true });
  }
}
