/**
 * The CLI with the hostile-name corpus (test/fixtures/hostile/): pasted files and a live process
 * that maps real files so named. No raw control, bidi or format character reaches stdout or
 * stderr; every name is shown escaped (unescaping gives the name back), and JSON carries it exactly.
 */
import { isUtf8 } from 'node:buffer';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawUnsafeChar, unescapeDisplay } from '../fixtures/hostile/inert';
import { buildMapFiles, startLiveHostile, type LiveHostile } from '../fixtures/hostile/live';
import { HOSTILE_BAD_LINES, HOSTILE_NAMES, SPOOF_NAMES, INVALID_UTF8_NAMES, hostileMapsBytes, hostileMapsText, hostileRegions, hostileSmapsText } from '../fixtures/hostile/names';
import { runCli } from './run-cli';

/** The line break the table itself writes is the only control character allowed on stdout. */
const newlineOnly = (cp: number) => cp === 0x0a;

interface JsonRegion {
  line: number;
  begin: string;
  pathname: string | null;
  pathnameBytes?: string;
}

/** The text of a name up to its first byte that is not valid UTF-8: what any decoder shows as is. */
function validPrefix(bytes: Uint8Array): string {
  const text = Buffer.from(bytes).toString('utf8');
  const bad = text.indexOf('\ufffd');
  return bad < 0 ? text : text.slice(0, bad);
}

/** The pathname column of each table row (after the header): the text after the inode column. */
function tablePathnames(stdout: string): string[] {
  const rows = stdout.split('\n').filter((l) => l !== '');
  const header = rows[0];
  const at = header.indexOf('PATHNAME');
  expect(at).toBeGreaterThan(0);
  return rows.slice(1).map((r) => r.slice(at));
}

const work = mkdtempSync(join(tmpdir(), 'mapscope-cli-hostile-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('mapscope parse: the hostile-name corpus', () => {
  it('table: every name escaped and readable back, nothing raw on stdout or stderr', async () => {
    const path = join(work, 'hostile.maps');
    writeFileSync(path, hostileMapsText({ badLines: true }));
    const run = await runCli(['parse', path]);
    expect(run.status).toBe(1); // the bad lines
    expect(rawUnsafeChar(run.stdout, newlineOnly)).toBeUndefined();
    expect(rawUnsafeChar(run.stderr, newlineOnly)).toBeUndefined();
    const shown = tablePathnames(run.stdout);
    // Every name reads back exactly, a backslash of its own (the kernel's \012) included.
    for (const { id, name } of HOSTILE_NAMES) expect(shown.map(unescapeDisplay), id).toContain(name);
    expect(shown).toContain('/tmp/two\\\\012lines');
    // Each spoofing case shows its escape where the invisible character is.
    for (const { id, escaped } of SPOOF_NAMES) expect(shown.some((s) => s.includes(escaped)), id).toBe(true);
    // Each bad line's text is on stderr, escaped.
    for (const bad of HOSTILE_BAD_LINES) {
      const escapedParts = unescapeDisplay(run.stderr);
      expect(escapedParts).toContain(bad.slice(0, 60));
    }
  });

  it('JSON: the exact names, no raw unsafe character in the text', async () => {
    const run = await runCli(['parse', '--json', '-'], hostileMapsText());
    expect(run.status).toBe(0);
    expect(rawUnsafeChar(run.stdout, newlineOnly)).toBeUndefined();
    const out = JSON.parse(run.stdout) as { regions: JsonRegion[] };
    const names = out.regions.map((r) => r.pathname);
    for (const { name } of HOSTILE_NAMES) expect(names).toContain(name);
  });

  it('invalid UTF-8 from standard input: the bytes kept (pathnameBytes in JSON), a warning per line, nothing raw', async () => {
    const run = await runCli(['parse', '-'], hostileMapsBytes());
    expect(rawUnsafeChar(run.stdout, newlineOnly)).toBeUndefined();
    expect(rawUnsafeChar(run.stderr, newlineOnly)).toBeUndefined();
    const shown = tablePathnames(run.stdout);
    for (const { id, bytes } of INVALID_UTF8_NAMES) expect(shown.some((s) => s.startsWith(validPrefix(bytes))), id).toBe(true);
    expect(run.stderr.match(/\[invalid-utf8\]/g)?.length).toBe(5);
    // 0x9b alone is a CSI in Latin-1 terminals: it is shown escaped, never as the byte.
    expect(Buffer.from(run.stdout).includes(0x9b)).toBe(false);
    const json = await runCli(['parse', '--json', '-'], hostileMapsBytes());
    const regions = (JSON.parse(json.stdout) as { regions: JsonRegion[] }).regions;
    for (const { id, bytes } of INVALID_UTF8_NAMES) expect(regions.map((r) => r.pathnameBytes), id).toContain(Buffer.from(bytes).toString('hex'));
    // Valid names carry no pathnameBytes.
    expect(regions.filter((r) => r.pathnameBytes !== undefined)).toHaveLength(INVALID_UTF8_NAMES.length);
  });

  it('smaps: the same names, escaped', async () => {
    const run = await runCli(['parse', '--format', 'smaps', '-'], hostileSmapsText());
    expect(run.status).toBe(0);
    expect(rawUnsafeChar(run.stdout, newlineOnly)).toBeUndefined();
    const shown = tablePathnames(run.stdout).map(unescapeDisplay);
    for (const { name } of HOSTILE_NAMES) expect(shown).toContain(name);
  });

  it('lookup and stats: names escaped', async () => {
    const regions = hostileRegions();
    const rlo = HOSTILE_NAMES.findIndex((n) => n.id === 'rlo');
    const osc = HOSTILE_NAMES.findIndex((n) => n.id === 'osc8-link');
    const args = [regions[rlo].begin, regions[osc].begin + 0x10n].map((a) => a.toString(16));
    const run = await runCli(['lookup', '-', ...args], hostileMapsText());
    expect(run.status).toBe(0);
    expect(rawUnsafeChar(run.stdout, newlineOnly)).toBeUndefined();
    const back = unescapeDisplay(run.stdout);
    expect(back).toContain(HOSTILE_NAMES[rlo].name);
    expect(back).toContain(HOSTILE_NAMES[osc].name);
    const json = await runCli(['lookup', '--json', '-', ...args], hostileMapsText());
    expect(rawUnsafeChar(json.stdout, newlineOnly)).toBeUndefined();
    const stats = await runCli(['stats', '-'], hostileMapsText({ badLines: true }));
    expect(rawUnsafeChar(stats.stdout, newlineOnly)).toBeUndefined();
    expect(rawUnsafeChar(stats.stderr, newlineOnly)).toBeUndefined();
  });
});

// gcc is a test requirement (test/e2e/ensure-tools.sh installs it): this never skips.
describe('mapscope --pid of a process that maps files with hostile names', () => {
  let live: LiveHostile;
  beforeAll(async () => {
    live = await startLiveHostile(buildMapFiles(work), join(work, 'files'));
  });
  afterAll(() => live?.stop());

  it('the kernel shows the names raw (only \\n escaped); the table shows every one escaped', async () => {
    const raw = live.maps();
    // The real file carries the characters themselves: ESC, RLO, C1, invalid bytes.
    for (const needle of ['\u001b[31m', '\u202e', '\u2028']) expect(raw.includes(Buffer.from(needle)), needle).toBe(true);
    expect(raw.includes(Buffer.from([0xff, 0xfe]))).toBe(true);
    const run = await runCli(['parse', '--pid', String(live.pid)]);
    expect(run.status).toBe(0);
    expect(rawUnsafeChar(run.stdout, newlineOnly)).toBeUndefined();
    expect(rawUnsafeChar(run.stderr, newlineOnly)).toBeUndefined();
    const shown = tablePathnames(run.stdout).map(unescapeDisplay);
    for (const n of live.names) {
      if (isUtf8(n.shown)) expect(shown, n.id).toContain(n.shown.toString('utf8'));
      else expect(shown.some((s) => s.startsWith(validPrefix(n.shown))), n.id).toBe(true);
    }
    if (live.anonNamed) expect(shown).toContain('[anon:<img src=x onerror=window.__pwned=1>]');
  });

  it('JSON of the live process: every real name exactly', async () => {
    const run = await runCli(['parse', '--json', '--pid', String(live.pid)]);
    expect(rawUnsafeChar(run.stdout, newlineOnly)).toBeUndefined();
    const regions = (JSON.parse(run.stdout) as { regions: JsonRegion[] }).regions;
    for (const n of live.names) {
      // A name that is not UTF-8 is carried as its exact bytes, in hex.
      if (isUtf8(n.shown)) expect(regions.map((r) => r.pathname), n.id).toContain(n.shown.toString('utf8'));
      else expect(regions.map((r) => r.pathnameBytes), n.id).toContain(n.shown.toString('hex'));
    }
  });

  it('smaps of the live process: escaped too', async () => {
    const run = await runCli(['parse', '--pid', String(live.pid), '--smaps']);
    expect(rawUnsafeChar(run.stdout, newlineOnly)).toBeUndefined();
    const shown = tablePathnames(run.stdout).map(unescapeDisplay);
    for (const n of live.names) {
      if (isUtf8(n.shown)) expect(shown, n.id).toContain(n.shown.toString('utf8'));
      else expect(shown.some((s) => s.startsWith(validPrefix(n.shown))), n.id).toBe(true);
    }
  });
});
