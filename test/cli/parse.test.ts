import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS, referenceFile, textLines } from './reference-maps';
import { runCli } from './run-cli';

interface JsonOut {
  format: string;
  regions: Record<string, unknown>[];
  diagnostics: { line: number; column: number; severity: string; code: string; message: string; text: string }[];
  stats: { lines: number; regions: number; blank: number; recognized: number; rejected: number };
}

const tmp = mkdtempSync(join(tmpdir(), 'mapscope-cli-parse-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
function tempFile(name: string, text: string | Uint8Array): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}

const mapsFiles = readdirSync(CORPUS).filter((f) => f.endsWith('.maps'));

describe('mapscope parse --json on the corpus', () => {
  it('finds the corpus', () => {
    expect(mapsFiles.length).toBeGreaterThanOrEqual(10);
  });

  for (const file of mapsFiles) {
    it(`${file}: every line is a region equal to the text's own fields, or an error`, async () => {
      const ref = referenceFile(join(CORPUS, file));
      const handWritten = file.includes('handwritten');
      const run = await runCli(['parse', '--json', join(CORPUS, file)]);
      const out = JSON.parse(run.stdout) as JsonOut;
      expect(out.format).toBe('maps');
      const byLine = new Map(out.regions.map((r) => [r.line as number, r]));
      const errorLines = new Set(out.diagnostics.filter((d) => d.severity === 'error').map((d) => d.line));
      expect(byLine.size).toBe(out.regions.length); // one region per header line
      ref.lines.forEach((text, i) => {
        const line = i + 1;
        const expected = ref.regions[i];
        const got = byLine.get(line);
        if (expected !== undefined && (got !== undefined || !handWritten)) {
          // A well-formed line of kernel output must come out exactly as its text says. (A
          // hand-written file may look well formed to the regex and still be rightly rejected:
          // a minor of 2346278 is wider than the kernel's 20 bits.)
          expect(got, `line ${line}: ${text}`).toBeDefined();
          expect({ ...got, kind: undefined }).toEqual({ ...expected, kind: undefined });
          expect(typeof got!.kind).toBe('string');
        } else if (text.trim() !== '') {
          expect(byLine.has(line) || errorLines.has(line), `line ${line} neither a region nor an error: ${text}`).toBe(true);
        }
      });
      // JSON key order of a region is part of the documented shape.
      if (out.regions.length > 0) {
        expect(Object.keys(out.regions[0])).toEqual(['line', 'begin', 'end', 'sizeBytes', 'perms', 'offset', 'device', 'inode', 'pathname', 'kind']);
      }
      expect(run.status).toBe(errorLines.size > 0 ? 1 : 0);
      expect(out.stats.lines).toBe(ref.lines.length);
    });
  }

  it('classifies kinds by pathname (table of known names in the corpus)', async () => {
    const cases: [string, string, string][] = [
      ['rsprocmaps-golden.maps', '[vsyscall]', 'vsyscall'],
      ['rsprocmaps-golden.maps', '[heap]', 'heap'],
      ['rsprocmaps-golden.maps', '[vvar]', 'vvar'],
      ['rsprocmaps-golden.maps', '/bin/cat', 'file'],
      ['fuglu-glibc-abort-stack-tid.maps', '[stack:12]', 'thread-stack'],
      ['aosp-libprocinfo-arm64.maps', '[anon:libc_malloc]', 'named-anonymous'],
      ['aosp-libprocinfo-arm64.maps', '/dev/ashmem/dalvik-main space (region space) (deleted)', 'shared-memory'],
    ];
    for (const [file, pathname, kind] of cases) {
      const out = JSON.parse((await runCli(['parse', '--json', join(CORPUS, file)])).stdout) as JsonOut;
      const match = out.regions.filter((r) => r.pathname === pathname);
      expect(match.length, `${file} ${pathname}`).toBeGreaterThan(0);
      for (const r of match) expect(r.kind).toBe(kind);
    }
    const golden = JSON.parse((await runCli(['parse', '--json', join(CORPUS, 'rsprocmaps-golden.maps')])).stdout) as JsonOut;
    for (const r of golden.regions.filter((r) => r.pathname === null)) expect(r.kind).toBe('anonymous');
  });

  it('reads standard input (-) the same as the file', async () => {
    const path = join(CORPUS, 'dlhiddensym-openjdk8-docker.maps');
    const fromFile = await runCli(['parse', '--json', path]);
    const fromStdin = await runCli(['parse', '-', '--json'], referenceFile(path).text);
    expect(fromStdin.status).toBe(fromFile.status);
    expect(fromStdin.stdout).toBe(fromFile.stdout);
  });
});

describe('mapscope parse: bad input', () => {
  const lines = [
    '00400000-00452000 r-xp 00000000 08:02 173521                             /usr/bin/dbus-daemon',
    '00651000-00652000 rwzp 00051000 08:02 173521                             /usr/bin/dbus-daemon',
    '',
    'not a maps line at all',
    '7f3a2c000000-7f3a2c021000 rw-p 00000000 00:00 0 ',
    '00652000-00655000 rw-p 00052000 08:02',
  ];
  const text = lines.join('\n') + '\n';

  it('exits 1, prints each error on stderr with its line, and keeps the good lines', async () => {
    const path = tempFile('bad.maps', text);
    const run = await runCli(['parse', path]);
    expect(run.status).toBe(1);
    for (const bad of [2, 4, 6]) expect(run.stderr).toMatch(new RegExp(`^${path.replace(/[.]/g, '\\.')}:${bad}:\\d+: error: `, 'm'));
    // The offending text is echoed under its message.
    expect(run.stderr).toContain(`    ${lines[1]}`);
    expect(run.stderr).toMatch(/3 errors, 0 warnings/);
    const rows = textLines(run.stdout);
    expect(rows).toHaveLength(1 + 2); // header + the two good lines
    expect(rows[1]).toMatch(/^\s*00400000\s+00452000\s/);
    expect(rows[2]).toMatch(/^\s*7f3a2c000000\s+7f3a2c021000\s/);
  });

  it('--json lists the diagnostics with line, column, severity and message', async () => {
    const run = await runCli(['parse', '--json', '-'], text);
    expect(run.status).toBe(1);
    const out = JSON.parse(run.stdout) as JsonOut;
    expect(out.regions.map((r) => r.line)).toEqual([1, 5]);
    expect(out.diagnostics.map((d) => [d.line, d.severity])).toEqual([
      [2, 'error'],
      [4, 'error'],
      [6, 'error'],
    ]);
    // The column points at the bad field: the perms start after "00651000-00652000 ".
    expect(out.diagnostics[0].column).toBe(lines[1].indexOf('rwzp') + 1);
    expect(out.diagnostics[0].message).toContain('rwzp');
    expect(out.diagnostics[0].text).toBe(lines[1]);
    expect(out.stats).toEqual({ lines: 6, regions: 2, blank: 1, recognized: 0, rejected: 3 });
    // stderr still reports, so a script that only checks stderr sees the problem.
    expect(run.stderr).toMatch(/^<stdin>:2:19: error: /m);
  });

  it('prints the first 10 diagnostics of each kind and counts the rest of the kind, with their lines', async () => {
    const many = Array.from({ length: 150 }, (_, i) => `bad line ${i}`).join('\n');
    // Mostly not maps at all, so --format maps forces one error a line (detection would say "unknown").
    const run = await runCli(['parse', '--format', 'maps', '-'], many);
    expect(run.status).toBe(1);
    expect(run.stderr.match(/: error: /g)).toHaveLength(10);
    expect(run.stderr).toContain('<stdin>: … and 140 more bad-range errors (lines 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, …)');
    expect(run.stderr).toMatch(/<stdin>: 150 errors, 0 warnings \(--json lists the first 100 of each kind, with every kind counted\)\n$/);
    const json = await runCli(['parse', '--json', '--format', 'maps', '-'], many);
    const out = JSON.parse(json.stdout) as JsonOut & { diagnosticGroups: { code: string; count: number; firstLine: number; exampleLines: number[] }[] };
    expect(out.diagnostics).toHaveLength(100);
    expect(out.diagnosticGroups).toEqual([{ code: 'bad-range', severity: 'error', count: 150, firstLine: 1, exampleLines: out.diagnostics.map((d) => d.line) }]);
    expect(out.diagnostics.map((d) => d.line)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });

  it('warns (exit 0) about bytes that are not UTF-8, on the right line', async () => {
    const bytes = Buffer.concat([
      Buffer.from('00400000-00401000 r--p 00000000 08:02 17 /ok\n'),
      Buffer.from('00401000-00402000 r--p 00000000 08:02 18 /bad-'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('\n'),
    ]);
    const run = await runCli(['parse', '--json', '-'], bytes);
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout) as JsonOut;
    expect(out.regions).toHaveLength(2);
    const notUtf8 = out.diagnostics.filter((d) => d.code === 'invalid-utf8');
    expect(notUtf8).toEqual([expect.objectContaining({ line: 2, severity: 'warning', code: 'invalid-utf8' })]);
    expect(notUtf8[0].column).toBe('00401000-00402000 r--p 00000000 08:02 18 /bad-'.length + 1);
    // The name's exact bytes travel in JSON beside its text.
    expect((out.regions[1] as { pathnameBytes?: string }).pathnameBytes).toBe(Buffer.from('/bad-\xff\xfe', 'latin1').toString('hex'));
    expect((out.regions[0] as { pathnameBytes?: string }).pathnameBytes).toBeUndefined();
  });
});

describe('mapscope parse: untrusted pathnames', () => {
  const evil = ['/tmp/a\u001b]0;owned\u0007b', '/tmp/c1\u009b31mred', '/tmp/line\u2028sep', '/tmp/bidi\u202eevil', '/tmp/tab\there', '/tmp/back\\012slash'];
  const text = evil.map((name, i) => `${(0x1000 * (i + 1)).toString(16).padStart(8, '0')}-${(0x1000 * (i + 2)).toString(16).padStart(8, '0')} r--p 00000000 08:02 ${i + 1} ${name}`).join('\n') + '\n';
  const unsafe = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

  it('the table shows control characters escaped, never raw', async () => {
    const run = await runCli(['parse', '-'], text);
    expect(run.status).toBe(0);
    expect(run.stdout).not.toMatch(unsafe);
    expect(run.stdout).not.toContain('\t');
    const rows = textLines(run.stdout).slice(1);
    expect(rows[0].endsWith('/tmp/a\\x1b]0;owned\\x07b')).toBe(true);
    expect(rows[1].endsWith('/tmp/c1\\u{9b}31mred')).toBe(true);
    expect(rows[2].endsWith('/tmp/line\\u{2028}sep')).toBe(true);
    expect(rows[3].endsWith('/tmp/bidi\\u{202e}evil')).toBe(true);
    expect(rows[4].endsWith('/tmp/tab\\x09here')).toBe(true);
    expect(rows[5].endsWith('/tmp/back\\\\012slash')).toBe(true); // the kernel's own escape, its backslash escaped
  });

  it('JSON carries the exact names, escaped', async () => {
    const run = await runCli(['parse', '--json', '-'], text);
    expect(run.stdout).not.toMatch(unsafe);
    const out = JSON.parse(run.stdout) as JsonOut;
    expect(out.regions.map((r) => r.pathname)).toEqual(evil);
  });

  it('diagnostics on stderr are escaped too', async () => {
    const run = await runCli(['parse', '--format', 'maps', '-'], 'zz\u001b[2J-00001000 r--p 0 0:0 0\n');
    expect(run.status).toBe(1);
    expect(run.stderr).not.toMatch(unsafe);
    expect(run.stderr).toContain('zz\\x1b[2J');
  });
});

describe('mapscope parse: the table', () => {
  it('has one aligned row per region, with the fields of the line', async () => {
    const ref = referenceFile(join(CORPUS, 'rsprocmaps-golden.maps'));
    const run = await runCli(['parse', join(CORPUS, 'rsprocmaps-golden.maps')]);
    expect(run.status).toBe(0);
    const rows = textLines(run.stdout);
    expect(rows[0]).toMatch(/^\s*BEGIN\s+END\s+SIZE\s+PERMS\s+OFFSET\s+DEV\s+INODE\s+KIND\s+PATHNAME$/);
    expect(rows).toHaveLength(1 + ref.lines.length);
    const permsColumn = rows[0].indexOf('PERMS');
    const kindColumn = rows[0].indexOf('KIND');
    ref.lines.forEach((line, i) => {
      const [range, perms, offset, dev, inode] = line.split(/\s+/);
      const [begin, end] = range.split('-');
      const row = rows[i + 1];
      expect(row.slice(0, permsColumn).trim().split(/\s+/).slice(0, 2)).toEqual([begin, end]);
      expect(row.slice(permsColumn, permsColumn + 4)).toBe(perms);
      expect(row).toContain(`  ${offset}  ${dev}  `);
      expect(row).toMatch(new RegExp(`\\s${inode}\\s`));
      const name = ref.regions[i]!.pathname;
      if (name !== null) expect(row.endsWith('  ' + name)).toBe(true);
      expect(row.length).toBeGreaterThan(kindColumn);
    });
  });

  it('shows sizes in binary units', async () => {
    const run = await runCli(['parse', '-'], '00400000-00401000 r--p 00000000 08:02 1 /a\n00401000-00581000 r--p 00000000 08:02 1 /a\n');
    const rows = textLines(run.stdout);
    expect(rows[1]).toMatch(/\s4 KiB\s/);
    expect(rows[2]).toMatch(/\s1\.5 MiB\s/);
  });
});
