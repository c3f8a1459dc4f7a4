import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
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
    [['stats', '/no/such/file'], /\/no\/such\/file: no such file/],
    [['parse', '/tmp'], /\/tmp: is a directory/],
    [['frob\u001b[31m'], /unknown command "frob\\x1b\[31m"/],
  ];
  for (const [argv, message] of cases) {
    it(JSON.stringify(argv), async () => {
      const run = await runCli(argv);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^mapscope: /);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/\u001b/);
    });
  }
});

describe('mapscope --help and --version', () => {
  it('--help prints the usage and the exit codes (exit 0)', async () => {
    const run = await runCli(['--help']);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    for (const cmd of ['mapscope parse', 'mapscope lookup', 'mapscope stats', 'Exit status']) expect(run.stdout).toContain(cmd);
  });

  it('COMMAND --help documents the JSON shape', async () => {
    for (const [cmd, words] of [
      ['parse', ['"format"', '"regions"', '"diagnostics"', '"vmFlags"', '"fields"']],
      ['lookup', ['"address"', '"region"', '"offsetInRegion"', '"fileOffset"', '"gap"']],
      ['stats', ['"byKind"', '"byPerms"', '"sizeBytes"']],
    ] as const) {
      const run = await runCli([cmd, '--help']);
      expect(run.status).toBe(0);
      for (const w of words) expect(run.stdout).toContain(w);
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
