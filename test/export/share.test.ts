/** A share link's data (deflate-raw, base64url) and the redaction before sharing. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeShareData, encodeShareData, fromBase64url, parseMaps, readInputBytes, redactFileName, redactMapsText, ShareDataError, textBytes, toBase64url } from '../../src/internal';
import { hostileMapsText } from '../fixtures/hostile/names';

describe('share data', () => {
  it('base64url round trips any bytes, with no +, / or = (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), (bytes) => {
        const text = toBase64url(bytes);
        expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(fromBase64url(text)).toEqual(bytes);
      }),
    );
  });

  it('gives back the exact bytes of a file, invalid UTF-8 included, through the input decoder (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 2000 }).map((b) => b.map((x) => (x === 0 ? 10 : x))), async (bytes) => {
        let text: string;
        try {
          text = (await readInputBytes(bytes)).text;
        } catch {
          return; // binary or UTF-16 by sniffing: not a text the app would share
        }
        const back = await decodeShareData(await encodeShareData(text));
        expect(back).toEqual(textBytes(text));
        expect((await readInputBytes(back)).text).toBe(text);
      }),
      { numRuns: 200 },
    );
  });

  it('compresses a real map', async () => {
    const text = hostileMapsText();
    const data = await encodeShareData(text);
    expect(data.length).toBeLessThan(textBytes(text).length);
  });

  it.each([
    ['not base64url', 'abc$'],
    ['not deflate-raw', toBase64url(new Uint8Array([0xff, 0xff, 0xff, 0xff]))],
  ])('refuses data that is %s', async (_, data) => {
    await expect(decodeShareData(data)).rejects.toBeInstanceOf(ShareDataError);
  });
});

const MAPS = [
  '55d0c0a00000-55d0c0a01000 r-xp 00000000 08:01 100 /home/alice/bin/app',
  '7f0000000000-7f0000001000 r--p 00000000 08:01 101 /home/alice/.cache/libfoo.so.1 (deleted)',
  '7f0000002000-7f0000003000 r-xp 00001000 08:01 101 /home/alice/.cache/libfoo.so.1 (deleted)',
  '7f0000004000-7f0000005000 rw-p 00000000 00:00 0 [anon:alice]',
  '7f0000006000-7f0000007000 rw-p 00000000 08:01 102 /tmp/alice/sock',
  '7f0000008000-7f0000009000 r--p 00000000 08:01 103 /Users/bob/x.dat',
  '7f000000a000-7f000000b000 r--p 00000000 08:01 104 /usr/lib/libc.so.6',
  '7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0 [stack]',
  '',
].join('\n');

describe('redactMapsText', () => {
  const table = parseMaps(MAPS).regions;

  it('replaces user names of home directories everywhere in paths, stably', () => {
    const r = redactMapsText(MAPS, table, { homes: true, allNames: false });
    expect(r.users).toEqual([
      { name: 'alice', placeholder: 'user1' },
      { name: 'bob', placeholder: 'user2' },
    ]);
    expect(r.text).not.toMatch(/alice|bob/);
    expect(r.text).toContain('/home/user1/.cache/libfoo.so.1 (deleted)');
    expect(r.text).toContain('[anon:user1]');
    expect(r.text).toContain('/tmp/user1/sock');
    expect(r.text).toContain('/usr/lib/libc.so.6');
    // Every line still parses to the same region, names aside.
    const again = parseMaps(r.text);
    expect(again.diagnostics.map((d) => d.code)).toEqual(parseMaps(MAPS).diagnostics.map((d) => d.code));
    expect([...again.regions].map((x) => x.begin)).toEqual([...table].map((x) => x.begin));
  });

  it('replaces every file name by a stable placeholder: modules still group, pseudo-paths stay', () => {
    const r = redactMapsText(MAPS, table, { homes: false, allNames: true });
    const names = [...parseMaps(r.text).regions].map((x) => x.pathname);
    expect(names).toEqual([
      '/redacted/file-1',
      '/redacted/file-2.so.1 (deleted)',
      '/redacted/file-2.so.1 (deleted)',
      '[anon:alice]',
      '/redacted/file-3',
      '/redacted/file-4',
      '/redacted/file-5.so.6',
      '[stack]',
    ]);
    expect(redactFileName('alice.maps', r, { homes: false, allNames: true })).toBe('redacted.maps');
  });

  it('hostile names: both at once leave no original file name in the text', () => {
    const text = hostileMapsText();
    const t = parseMaps(text).regions;
    const r = redactMapsText(text, t, { homes: true, allNames: true });
    const again = parseMaps(r.text).regions;
    expect(again.length).toBe(t.length);
    for (const x of again) expect(x.pathname === null || x.pathname.startsWith('[') || x.pathname.startsWith('/redacted/file-')).toBe(true);
  });
});
