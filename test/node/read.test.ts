import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParseError } from '../../src/internal';
import {
  MapsReadError,
  readMapsFromPath,
  readMapsFromPathStrict,
  readMapsFromPid,
  readMapsFromPidStrict,
  translateReadError,
  type MapsReadErrorCode,
} from '../../src/node/index';
import { CORPUS, referenceRegion, textLines } from '../cli/reference-maps';
import { startSleeper } from '../cli/sleeper';
import { failure } from './read-failure';
import { readInputFile } from '../../src/node/read-input-file';

const tmp = mkdtempSync(join(tmpdir(), 'mapscope-node-read-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('readMapsFromPath', () => {
  it('reads /proc/self/maps to the end although its stat size is 0', async () => {
    expect(statSync('/proc/self/maps').size).toBe(0);
    const result = await readMapsFromPath('/proc/self/maps');
    // A Node process maps far more than one 4 KiB page of text; [stack] and [vsyscall] come last.
    expect(result.stats.lines).toBeGreaterThan(4096 / 100);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.regions.length).toBe(result.stats.lines);
    const names = result.regions.toArray().map((r) => r.pathname);
    expect(names).toContain('[stack]');
    const last = result.regions.get(result.regions.length - 1);
    expect(last.line).toBe(result.stats.lines);
    if (readFileSync('/proc/self/maps', 'utf8').includes('[vsyscall]')) expect(last.pathname).toBe('[vsyscall]');
  });

  it('parses a corpus file like the text says', async () => {
    const path = join(CORPUS, 'gem5doc-aarch64-39bit.maps');
    const lines = textLines(readFileSync(path, 'utf8'));
    const result = await readMapsFromPath(path);
    expect(result.regions.length).toBe(lines.length);
    for (const region of result.regions) {
      const ref = referenceRegion(lines[region.line - 1], region.line)!;
      expect('0x' + region.begin.toString(16)).toBe(ref.begin);
      expect('0x' + region.end.toString(16)).toBe(ref.end);
      expect(region.pathname).toBe(ref.pathname);
    }
  });

  it('fails with file-not-found and is-directory', async () => {
    expect((await failure(readMapsFromPath(join(tmp, 'missing.maps')))).code).toBe('file-not-found');
    expect((await failure(readMapsFromPath(tmp))).code).toBe('is-directory');
  });

  it('strict: throws ParseError at the first bad line, else gives what the tolerant reader gives', async () => {
    const path = join(tmp, 'bad.maps');
    writeFileSync(path, '00400000-00401000 r--p 00000000 08:02 1 /a\n00401000-00402000 r--q 00000000 08:02 1 /a\nx\n');
    const error = await readMapsFromPathStrict(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).line).toBe(2);
    const good = join(CORPUS, 'rsprocmaps-golden.maps');
    const strict = await readMapsFromPathStrict(good);
    const tolerant = await readMapsFromPath(good);
    expect(strict.regions.toArray().map(String)).toEqual(tolerant.regions.toArray().map(String));
  });
});

describe('readMapsFromPid', () => {
  let sleeper: Awaited<ReturnType<typeof startSleeper>>;
  beforeAll(async () => {
    sleeper = await startSleeper();
  });
  afterAll(() => {
    sleeper.child.kill();
  });

  it('reads /proc/PID/maps of a child: every line, every field', async () => {
    const lines = textLines(sleeper.mapsText);
    const result = await readMapsFromPid(sleeper.pid);
    expect(result.format).toBe('maps');
    expect(result.diagnostics).toEqual([]);
    expect(result.regions.length).toBe(lines.length);
    for (const region of result.regions) {
      const ref = referenceRegion(lines[region.line - 1], region.line)!;
      expect(region.permissions.text).toBe(ref.perms);
      expect('0x' + region.offset.toString(16)).toBe(ref.offset);
      expect(region.device).toEqual(ref.device);
      expect(region.inode.toString()).toBe(ref.inode);
      expect(region.pathname).toBe(ref.pathname);
    }
    const strict = await readMapsFromPidStrict(sleeper.pid);
    expect(strict.regions.length).toBe(lines.length);
  });

  it('a /proc/PID/maps larger than one piece: the bytes read whole first, then the rest as a stream, the same regions and diagnostics', async () => {
    const context = { path: `/proc/${sleeper.pid}/maps` };
    const whole = await readInputFile(context, { parse: { fileName: 'maps' } });
    // 512 characters a piece: the first read (a page of procfs, or more) does not reach the end.
    const pieces = await readInputFile(context, { parse: { fileName: 'maps' }, pieceChars: 512 });
    expect(pieces.regions.toArray().map(String)).toEqual(whole.regions.toArray().map(String));
    expect(pieces.diagnostics).toEqual(whole.diagnostics);
    expect(pieces.stats).toEqual(whole.stats);
    expect(whole.regions.length).toBe(textLines(sleeper.mapsText).length);
  });

  it('reads smaps of a child when asked: one record per maps region', async () => {
    const result = await readMapsFromPid(sleeper.pid, { file: 'smaps' });
    expect(result.format).toBe('smaps');
    expect(result.diagnostics).toEqual([]);
    const lines = textLines(sleeper.mapsText);
    expect(result.regions.length).toBe(lines.length);
    result.regions.toArray().forEach((region, i) => {
      const ref = referenceRegion(lines[i], i + 1)!;
      expect('0x' + region.begin.toString(16)).toBe(ref.begin);
      expect(region.pathname).toBe(ref.pathname);
      expect(region.smaps?.fields.Size).toBe(Number(region.sizeBytes));
    });
  });

  it('a pid beyond pid_max is no-such-process', async () => {
    const pidMax = Number(readFileSync('/proc/sys/kernel/pid_max', 'utf8'));
    const error = await failure(readMapsFromPid(pidMax + 1));
    expect(error.code).toBe('no-such-process');
    expect(error.pid).toBe(pidMax + 1);
    expect(error.message).toContain(`process ${pidMax + 1} does not exist`);
    expect((await failure(readMapsFromPidStrict(pidMax + 1))).code).toBe('no-such-process');
  });

  it('a process that has exited and been reaped is no-such-process', async () => {
    const done = spawnSync('true');
    expect(done.status).toBe(0);
    expect((await failure(readMapsFromPid(done.pid))).code).toBe('no-such-process');
  });

  it('rejects values that are not pids', async () => {
    for (const bad of [0, -1, 1.5, Number.NaN, 2 ** 60]) await expect(readMapsFromPid(bad)).rejects.toThrow(RangeError);
  });

  it('without /proc mounted: not-linux; with it: no-such-process', async () => {
    const empty = mkdtempSync(join(tmp, 'no-proc-'));
    expect((await failure(readMapsFromPid(1, { procRoot: empty }))).code).toBe('not-linux');
    const fake = mkdtempSync(join(tmp, 'fake-proc-'));
    mkdirSync(join(fake, 'self'));
    writeFileSync(join(fake, 'self', 'maps'), '');
    mkdirSync(join(fake, '42'));
    writeFileSync(join(fake, '42', 'maps'), readFileSync(join(CORPUS, 'rsprocmaps-golden.maps')));
    expect((await failure(readMapsFromPid(41, { procRoot: fake }))).code).toBe('no-such-process');
    expect((await readMapsFromPid(42, { procRoot: fake })).regions.length).toBe(25);
  });

  it('on another platform: not-linux, before touching the file system', async () => {
    const original = Object.getOwnPropertyDescriptor(process, 'platform')!;
    Object.defineProperty(process, 'platform', { value: 'darwin' });
    try {
      const error = await failure(readMapsFromPid('self'));
      expect(error.code).toBe('not-linux');
      expect(error.message).toContain('darwin');
    } finally {
      Object.defineProperty(process, 'platform', original);
    }
    expect(process.platform).toBe('linux');
  });

  it('permission denied: as another user, reading a root process (or an unreadable file when not root)', async () => {
    if (process.getuid!() === 0) {
      // Root may read everything, so run the reader as nobody against pid 1 (a root process).
      const script = `import('./src/node/index.ts').then(m => m.readMapsFromPid(1)).then(() => console.log('read'), e => console.log(JSON.stringify({ code: e.code, syscallCode: e.syscallCode, message: e.message })))`;
      const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: new URL('../..', import.meta.url).pathname,
        uid: 65534,
        gid: 65534,
        encoding: 'utf8',
      });
      expect(run.stderr).toBe('');
      const out = JSON.parse(run.stdout) as { code: string; syscallCode: string; message: string };
      expect(out.code).toBe('permission-denied');
      expect(out.syscallCode).toBe('EACCES');
      expect(out.message).toContain('/proc/1/maps: permission denied');
    } else {
      const path = join(tmp, 'locked.maps');
      writeFileSync(path, '00400000-00401000 r--p 00000000 08:02 1 /a\n');
      chmodSync(path, 0o000);
      expect((await failure(readMapsFromPath(path))).code).toBe('permission-denied');
    }
  });
});

describe('translateReadError', () => {
  const sys = (code: string) => Object.assign(new Error(`${code}: synthetic`), { code });
  const cases: [string, { path: string; pid?: number | 'self'; procMounted?: boolean }, MapsReadErrorCode][] = [
    ['ENOENT', { path: '/x' }, 'file-not-found'],
    ['ENOENT', { path: '/proc/7/maps', pid: 7 }, 'no-such-process'],
    ['ESRCH', { path: '/proc/7/maps', pid: 7 }, 'no-such-process'],
    ['ENOENT', { path: '/proc/7/maps', pid: 7, procMounted: false }, 'not-linux'],
    ['EACCES', { path: '/proc/1/maps', pid: 1 }, 'permission-denied'],
    ['EPERM', { path: '/proc/1/maps', pid: 1 }, 'permission-denied'],
    ['EACCES', { path: '/x' }, 'permission-denied'],
    ['EISDIR', { path: '/x' }, 'is-directory'],
    ['EIO', { path: '/x' }, 'read-failed'],
  ];
  for (const [errno, context, code] of cases) {
    it(`${errno} ${JSON.stringify(context)} -> ${code}`, () => {
      const cause = sys(errno);
      const error = translateReadError(cause, context);
      expect(error).toBeInstanceOf(MapsReadError);
      expect(error).toBeInstanceOf(Error);
      expect(error.code).toBe(code);
      expect(error.syscallCode).toBe(errno);
      expect(error.cause).toBe(cause);
      expect(error.path).toBe(context.path);
      expect(error.message).toContain(context.path);
    });
  }

  it('EACCES on a pid explains the ptrace rule', () => {
    expect(translateReadError(sys('EACCES'), { path: '/proc/1/maps', pid: 1 }).message).toMatch(/ptrace/);
  });
});

describe('readMapsFromPath through the input pipeline (src/input)', () => {
  const sample = new URL('../../public/samples/node20-jit.smaps.gz', import.meta.url).pathname;

  it('reads a gzipped capture like its decompressed text', async () => {
    const text = gunzipSync(readFileSync(sample));
    const plain = join(tmp, 'node20-jit.smaps');
    writeFileSync(plain, text);
    const fromGz = await readMapsFromPath(sample);
    const fromText = await readMapsFromPath(plain);
    expect(fromGz.format).toBe('smaps');
    expect(fromGz.regions.length).toBeGreaterThan(0);
    expect(fromGz.regions.toArray().map(String)).toEqual(fromText.regions.toArray().map(String));
    expect(fromGz.diagnostics).toEqual(fromText.diagnostics);
  });

  it('too-large: refused by size before reading (a sparse file), and counted while reading a gzip file', async () => {
    const sparse = join(tmp, 'sparse.maps');
    writeFileSync(sparse, '');
    truncateSync(sparse, 3 * 1024 * 1024);
    const bySize = await failure(readMapsFromPath(sparse, { maxBytes: 1024 * 1024 }));
    expect(bySize.code).toBe('too-large');
    expect(bySize.sizeBytes).toBe(3 * 1024 * 1024);
    expect(bySize.limitBytes).toBe(1024 * 1024);
    // The gzip file is 4 KB; what it decompresses to is not.
    const inflated = gunzipSync(readFileSync(sample)).byteLength;
    const counted = await failure(readMapsFromPath(sample, { maxBytes: inflated - 1 }));
    expect(counted.code).toBe('too-large');
    expect(counted.sizeBytes).toBeUndefined();
    expect((await readMapsFromPath(sample, { maxBytes: inflated })).regions.length).toBeGreaterThan(0);
  });

  it('not-text: binary data is refused with the reason', async () => {
    const error = await failure(readMapsFromPath('/dev/zero'));
    expect(error.code).toBe('not-text');
    const elf = await failure(readMapsFromPath(process.execPath));
    expect(elf.code).toBe('not-text');
    expect(elf.message).toMatch(/ELF/);
  });

  it('an empty file is an empty map (a warning), not an error', async () => {
    const empty = join(tmp, 'empty.maps');
    writeFileSync(empty, '');
    const result = await readMapsFromPath(empty);
    expect(result.regions.length).toBe(0);
    expect(result.diagnostics.map((d) => [d.code, d.severity])).toEqual([['empty-input', 'warning']]);
  });
});
