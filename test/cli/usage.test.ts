import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FORMAT_NAMES } from '../../src/internal';
import { runCli } from './run-cli';

describe('mapscope usage errors exit 2 with a clear message', () => {
  const cases: [string[], RegExp][] = [
    [[], /no command given/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['parse'], /parse needs a FILE/],
    [['parse', '--jsn', 'x'], /unknown option "--jsn"/],
    [['parse', 'a', 'b'], /unexpected argument "b"/],
    [['parse', '--pid'], /option --pid needs a value/],
    [['parse', '--pid', 'abc'], /invalid pid "abc"/],
    [['parse', '--pid', '0'], /invalid pid "0"/],
    [['parse', '--pid', '-3'], /invalid pid "-3"/],
    [['parse', '--pid', '1', 'file'], /unexpected argument "file": with --pid/],
    [['parse', '--smaps', 'file'], /--smaps reads \/proc\/PID\/smaps: it needs --pid/],
    [['parse', '--pid', '1', '--smaps', '--smaps-rollup'], /only one of --smaps and --smaps-rollup/],
    [['parse', '--format', 'xml', 'f'], /unknown format "xml"/],
    [['parse', '--json=yes', 'f'], /--json takes no value/],
    [['lookup', 'file'], /lookup needs at least one ADDRESS/],
    [['lookup', '--pid', 'self'], /lookup needs at least one ADDRESS/],
    [['lookup', 'file', '0xg'], /invalid address "0xg"/],
    [['lookup', 'file', '0x10000000000000000'], /invalid address "0x10000000000000000"/],
    [['parse', '--max-size', '12Q', 'f'], /invalid size "12Q" for --max-size/],
    [['parse', '--max-size', '0', 'f'], /invalid size "0" for --max-size/],
    [['frob\u001b[31m'], /unknown command "frob\\x1b\[31m"/],
  ];
  for (const [argv, message] of cases) {
    it(JSON.stringify(argv), async () => {
      const run = await runCli(argv);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      // One line: what went wrong, and where to look.
      expect(run.stderr).toMatch(/^mapscope: [^\n]* \(see mapscope --help\)\n$/);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/\u001b/);
    });
  }
});

describe('mapscope: an input that cannot be read exits 3 with one line naming it', () => {
  const cases: [string[], string][] = [
    [['stats', '/no/such/file'], 'mapscope: no such file (/no/such/file)\n'],
    [['parse', '/tmp'], 'mapscope: is a directory, not a memory map (/tmp)\n'],
    [['parse', '/no/such/\u001b[31mred'], 'mapscope: no such file (/no/such/\\x1b[31mred)\n'],
  ];
  for (const [argv, line] of cases) {
    it(JSON.stringify(argv), async () => {
      const run = await runCli(argv);
      expect(run.status).toBe(3);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(line);
    });
  }
});

describe('mapscope --help and --version', () => {
  it('--help prints the usage and the exit codes (exit 0)', async () => {
    const run = await runCli(['--help']);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    for (const cmd of ['mapscope parse', 'mapscope lookup', 'mapscope stats', 'Exit status', '--max-size']) expect(run.stdout).toContain(cmd);
    // The exit status table: each documented code on its own line.
    for (const code of [0, 1, 2, 3, 4, 70]) expect(run.stdout).toMatch(new RegExp(`^  ${code} +\\S`, 'm'));
  });

  it('COMMAND --help documents the JSON shape', async () => {
    for (const [cmd, words] of [
      ['parse', ['"format"', '"regions"', '"diagnostics"', '"vmFlags"', '"fields"', '"pathnameBytes"']],
      ['lookup', ['"address"', '"region"', '"offsetInRegion"', '"fileOffset"', '"gap"']],
      ['stats', ['"byKind"', '"byPerms"', '"sizeBytes"']],
    ] as const) {
      const run = await runCli([cmd, '--help']);
      expect(run.status).toBe(0);
      for (const w of words) expect(run.stdout).toContain(w);
    }
  });

  it('--help and parse --help list every format --format takes, plain pmap and pmap -d among them', async () => {
    for (const argv of [['--help'], ['parse', '--help']]) {
      const run = await runCli(argv);
      const list = /--format F forces a format, one of:\n {2}(.*)\n/.exec(run.stdout);
      expect(list, argv.join(' ')).not.toBeNull();
      const listed = list![1].split(', ');
      expect(listed).toEqual([...FORMAT_NAMES]);
      expect(listed).toEqual(expect.arrayContaining(['pmap', 'pmap-d']));
      // Each one listed is accepted.
      for (const f of listed) expect((await runCli(['parse', '--format', f, '-'], '\n')).stderr).not.toMatch(/unknown format/);
    }
  });

  it('--version prints the version in package.json', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const run = await runCli(['--version']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`mapscope ${pkg.version}\n`);
    expect((await runCli(['-V'])).stdout).toBe(run.stdout);
  });
});
