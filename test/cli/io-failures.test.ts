/**
 * The built CLI against the ways reading and writing fail for real: /dev/full, a reader that
 * closes stdout or stderr, /dev/zero, FIFOs, a sparse file above --max-size, a gzipped capture.
 * Each failure is one line on stderr and its documented exit status (cli-exit.ts), never a stack.
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PIECE_CHARS } from '../../src/node/read-input-file';
import { buildCli, runBuilt } from './built-cli';
import { CORPUS, textLines } from './reference-maps';

const ROOT = new URL('../..', import.meta.url).pathname;
const GZ_SAMPLE = join(ROOT, 'public/samples/node20-jit.smaps.gz');
const MAPS = join(CORPUS, 'aosp-libprocinfo-arm64.maps');
const ANDROID = join(ROOT, 'public/samples/android-arm64-app.maps');

let cli: string;
let removeBuild: () => void;
const work = mkdtempSync(join(tmpdir(), 'mapscope-cli-io-'));
beforeAll(async () => {
  ({ cli, remove: removeBuild } = await buildCli());
});
afterAll(() => {
  removeBuild?.();
  rmSync(work, { recursive: true, force: true });
});

/** A maps file whose second line's name is not UTF-8: one warning, no error (exit 0). */
function warningOnlyFile(): string {
  const path = join(work, 'warn.maps');
  const line = (n: number, name: string) => `${(0x1000 * n).toString(16).padStart(8, '0')}-${(0x1000 * (n + 1)).toString(16).padStart(8, '0')} r--p 00000000 08:02 ${n} ${name}`;
  writeFileSync(path, Buffer.concat([Buffer.from(line(1, '/a') + '\n' + line(2, '/b-')), Buffer.from([0xff]), Buffer.from('\n')]));
  return path;
}

/** Asserts exactly one line on stderr, `mapscope: …`, and no stack trace. */
function expectOneLine(stderr: string, pattern: RegExp): void {
  expect(stderr).toMatch(/^mapscope: [^\n]*\n$/);
  expect(stderr).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('writing the output', () => {
  it('> /dev/full: exit 4, "no space left on device (stdout)"', async () => {
    const full = openSync('/dev/full', 'w');
    try {
      const run = await runBuilt(cli, ['parse', MAPS], { stdout: full });
      expect(run.status).toBe(4);
      expect(run.stderr).toBe('mapscope: cannot write the output: no space left on device (stdout)\n');
    } finally {
      closeSync(full);
    }
  });

  it('--json > /dev/full: exit 4 too', async () => {
    const full = openSync('/dev/full', 'w');
    try {
      const run = await runBuilt(cli, ['parse', '--json', GZ_SAMPLE], { stdout: full });
      expect(run.status).toBe(4);
      expectOneLine(run.stderr, /no space left on device \(stdout\)/);
    } finally {
      closeSync(full);
    }
  });

  it('2> /dev/full: the table is written whole, exit 4 (the warnings were lost)', async () => {
    const full = openSync('/dev/full', 'w');
    try {
      const run = await runBuilt(cli, ['parse', warningOnlyFile()], { stderr: full });
      expect(run.status).toBe(4);
      expect(textLines(run.stdout)).toHaveLength(3);
    } finally {
      closeSync(full);
    }
  });

  it('stdout closed by its reader (| head): quiet, exit 0', async () => {
    const run = await runBuilt(cli, ['parse', MAPS], { closeStdout: true });
    expect(run.signal).toBeNull();
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('stdout closed during --json of a large input: quiet, exit 0', async () => {
    const run = await runBuilt(cli, ['parse', '--json', GZ_SAMPLE], { closeStdout: true });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('stderr closed by its reader: the output is whole and the status unchanged (0 with warnings, 1 with errors)', async () => {
    const warned = await runBuilt(cli, ['parse', warningOnlyFile()], { closeStderr: true });
    expect(warned.status).toBe(0);
    expect(textLines(warned.stdout)).toHaveLength(3);
    const bad = join(work, 'bad.maps');
    writeFileSync(bad, '00400000-00401000 r--p 00000000 08:02 1 /a\nnot a line\n');
    const failed = await runBuilt(cli, ['parse', '--format', 'maps', bad], { closeStderr: true });
    expect(failed.status).toBe(1);
    expect(textLines(failed.stdout)).toHaveLength(2);
  });

  it('stdout a non-blocking pipe whose reader is late: the output is whole (the writes that would block go through the stream)', async () => {
    // The CLI writes with write(2) (FdSink). A descriptor someone set O_NONBLOCK answers EAGAIN once the
    // pipe's 64 KiB are full and nobody reads: the rest must wait for the reader, not be lost or fail.
    const fifo = join(work, 'stdout.fifo');
    execFileSync('mkfifo', [fifo]);
    const keepOpen = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK); // lets the write end open without blocking; never read
    const stdout = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
    const received = join(work, 'stdout.received');
    try {
      const reader = spawn('sh', ['-c', 'sleep 0.5; cat < "$1" > "$2"', 'sh', fifo, received], { stdio: 'ignore' });
      const read = new Promise((resolve) => reader.on('close', resolve));
      // libuv makes a child's standard descriptors blocking when it starts it; Node's own process.stdout over a
      // pipe makes the descriptor non-blocking again, as a program that shares its stdout with us could.
      const preload = join(work, 'nonblocking-stdout.cjs');
      writeFileSync(preload, 'void process.stdout;\n');
      const run = await runBuilt(cli, ['parse', '--json', ANDROID], { stdout, nodeArgs: ['--require', preload] });
      closeSync(stdout);
      closeSync(keepOpen);
      await read;
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const whole = await runBuilt(cli, ['parse', '--json', ANDROID]);
      expect(whole.stdout.length).toBeGreaterThan(256 * 1024); // far more than the pipe holds
      expect(readFileSync(received, 'utf8')).toBe(whole.stdout);
    } finally {
      rmSync(fifo, { force: true });
    }
  });

  it('stderr closed and the input missing: exit 3 all the same', async () => {
    const run = await runBuilt(cli, ['parse', join(work, 'missing.maps')], { closeStderr: true });
    expect(run.status).toBe(3);
  });
});

describe('reading the input', () => {
  it('a gzipped capture (the project sample) reads like its decompressed text', async () => {
    const gz = await runBuilt(cli, ['parse', '--json', GZ_SAMPLE]);
    expect(gz.stderr).toBe('');
    expect(gz.status).toBe(0);
    const text = gunzipSync(readFileSync(GZ_SAMPLE));
    const plain = await runBuilt(cli, ['parse', '--json', '--format', 'smaps', '-'], { stdin: text });
    expect(plain.status).toBe(0);
    const regions = (JSON.parse(gz.stdout) as { format: string; regions: unknown[] }).regions;
    expect((JSON.parse(gz.stdout) as { format: string }).format).toBe('smaps');
    expect(regions).toEqual((JSON.parse(plain.stdout) as { regions: unknown[] }).regions);
    expect(regions.length).toBe(text.toString('latin1').split('\n').filter((l) => /^[0-9a-f]+-[0-9a-f]+ /.test(l)).length);
    // Standard input may be gzipped too.
    const piped = await runBuilt(cli, ['parse', '--json', '-'], { stdin: readFileSync(GZ_SAMPLE) });
    expect(piped.stdout).toBe(plain.stdout);
  });

  it('/dev/zero: refused after a sniff, exit 3, one line', async () => {
    const run = await runBuilt(cli, ['parse', '/dev/zero']);
    expect(run.status).toBe(3);
    expectOneLine(run.stderr, /\(\/dev\/zero\)\n$/);
    expect(run.stdout).toBe('');
  });

  it('a sparse file above --max-size is refused by its size, before it is read', async () => {
    const sparse = join(work, 'sparse.maps');
    writeFileSync(sparse, '');
    truncateSync(sparse, 9 * 1024 ** 3);
    // Read, it would be "binary" (all NUL bytes): the size is what refuses it.
    const byDefault = await runBuilt(cli, ['stats', sparse]);
    expect(byDefault.status).toBe(3);
    expectOneLine(byDefault.stderr, /^mapscope: too large: 9663676416 bytes \(9 GiB\), more than --max-size 8G \(8589934592 bytes\) of text \(.*sparse\.maps\)\n$/);
    truncateSync(sparse, 600 * 1024 * 1024);
    const small = await runBuilt(cli, ['stats', '--max-size', '100M', sparse]);
    expect(small.status).toBe(3);
    expectOneLine(small.stderr, /^mapscope: too large: 629145600 bytes \(600 MiB\), more than --max-size 100M \(104857600 bytes\) of text \(.*sparse\.maps\)\n$/);
    // The same file as standard input (`- < sparse.maps`): its size is known too.
    const fd = openSync(sparse, 'r');
    try {
      const piped = await runBuilt(cli, ['stats', '--max-size', '100M', '-'], { stdin: fd });
      expect(piped.status).toBe(3);
      expect(piped.stderr).toBe('mapscope: too large: 629145600 bytes (600 MiB), more than --max-size 100M (104857600 bytes) of text (standard input)\n');
    } finally {
      closeSync(fd);
    }
  });

  it('a maps file of more than one piece (128 Mi characters) is read whole, from a file and from a pipe', async () => {
    // 1,600,000 kernel-formatted lines (~145 MB, more than the 128 Mi characters of one piece).
    const n = 1_600_000;
    const line = (i: number) =>
      `${(0x7f0000000000 + i * 0x2000).toString(16)}-${(0x7f0000001000 + i * 0x2000).toString(16)} rw-p 00000000 08:01 ${1000 + (i % 100)}`.padEnd(72) +
      ` /usr/lib/x86_64-linux-gnu/lib${i % 100}.so`;
    const big = join(work, 'big.maps');
    const parts: string[] = [];
    for (let i = 0; i < n; i++) parts.push(line(i));
    writeFileSync(big, parts.join('\n') + '\n');
    parts.length = 0;
    expect(statSync(big).size).toBeGreaterThan(PIECE_CHARS);
    const last = (0x7f0000000000 + (n - 1) * 0x2000 + 0x10).toString(16);
    const fromFile = await runBuilt(cli, ['lookup', '--json', big, last]);
    expect(fromFile.stderr).toBe('');
    expect(fromFile.status).toBe(0);
    const [found] = JSON.parse(fromFile.stdout) as { mapped: boolean; region: { line: number; begin: string } }[];
    expect(found).toMatchObject({ mapped: true, region: { line: n, begin: '0x' + (0x7f0000000000 + (n - 1) * 0x2000).toString(16) } });
    const fd = openSync(big, 'r');
    try {
      const piped = await runBuilt(cli, ['stats', '--json', '-'], { stdin: fd });
      expect(piped.status).toBe(0);
      expect((JSON.parse(piped.stdout) as { total: { count: number; sizeBytes: string } }).total).toEqual({ count: n, sizeBytes: String(n * 4096) });
    } finally {
      closeSync(fd);
      rmSync(big);
    }
  }, 300_000); // two parses of 145 MB in a child process: seconds, many on a loaded machine

  it('a FIFO: read to its end like a file', async () => {
    const fifo = join(work, 'maps.fifo');
    execFileSync('mkfifo', [fifo]);
    const writer = spawn('sh', ['-c', 'cat "$1" > "$2"', 'sh', MAPS, fifo], { stdio: 'ignore' });
    const written = new Promise((resolve) => writer.on('close', resolve));
    const run = await runBuilt(cli, ['parse', '--json', fifo]);
    await written;
    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as { regions: unknown[] }).regions).toHaveLength(textLines(readFileSync(MAPS, 'utf8')).length);
  });

  it('a FIFO that never ends: stopped at --max-size, exit 3', async () => {
    const fifo = join(work, 'endless.fifo');
    execFileSync('mkfifo', [fifo]);
    // `yes` writes maps lines until the reader closes the FIFO (then SIGPIPE ends it).
    const writer = spawn('sh', ['-c', 'yes "00400000-00401000 r--p 00000000 08:02 1 /a" > "$1"', 'sh', fifo], { stdio: 'ignore' });
    const written = new Promise((resolve) => writer.on('close', resolve));
    const run = await runBuilt(cli, ['stats', '--max-size', '1M', fifo]);
    await written;
    expect(run.status).toBe(3);
    expectOneLine(run.stderr, /^mapscope: too large: more than --max-size 1M \(1048576 bytes\) of text \(.*endless\.fifo\)\n$/);
  });

  it('standard input above --max-size: exit 3', async () => {
    const run = await runBuilt(cli, ['stats', '--max-size', '64K', '-'], { stdin: readFileSync(MAPS).toString().repeat(200) });
    expect(run.status).toBe(3);
    expectOneLine(run.stderr, /more than --max-size 64K \(65536 bytes\) of text \(standard input\)/);
  });

  it('permission denied on a file: exit 3', async () => {
    const locked = join(work, 'locked.maps');
    writeFileSync(locked, readFileSync(MAPS));
    if (process.getuid!() === 0) {
      // Root reads everything: run the CLI as nobody (the file is root's, mode 0600).
      execFileSync('chmod', ['600', locked]);
      execFileSync('chmod', ['755', work, dirname(cli)]);
      const run = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [cli, 'parse', locked], { uid: 65534, gid: 65534, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
        child.on('close', (status) => resolve({ status, stderr }));
      });
      expect(run.status).toBe(3);
      expect(run.stderr).toBe(`mapscope: permission denied (${locked})\n`);
    } else {
      execFileSync('chmod', ['000', locked]);
      const run = await runBuilt(cli, ['parse', locked]);
      expect(run.status).toBe(3);
      expect(run.stderr).toBe(`mapscope: permission denied (${locked})\n`);
    }
  });

  it('a usage error: one line, exit 2', async () => {
    const run = await runBuilt(cli, ['parse', '--max-size', 'lots', MAPS]);
    expect(run.status).toBe(2);
    expectOneLine(run.stderr, /invalid size "lots" for --max-size/);
  });
});
