/**
 * Address lookup on the page (app/state/find-results.ts lookupAnswer) never groups modules: a
 * name+offset typed before the analysis worker's module index comes waits (says so, no result),
 * everything else answers at once; given the index (adopted from the worker's arrays), the same
 * text answers like a lookup over a build on the spot. c-hello.maps, a real process's maps.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModuleIndex, RegionIndex, groupModules, parseAddressInput, parseMaps } from '../../../src/internal';
import { lookupAnswer } from '../../../app/state/find-results';
import { REPO_ROOT } from '../../helpers/fixtures';

const text = readFileSync(join(REPO_ROOT, 'public/samples/c-hello.maps'), 'utf8');
const table = parseMaps(text).regions;
const index = RegionIndex.build(table);
/** The first libc line, read from the text. */
const libcBegin = BigInt('0x' + /^([0-9a-f]+)-\S+ \S+ \S+ \S+ \S+ +\S*\/libc\.so\.6$/m.exec(text)![1]);
const adopted = ModuleIndex.fromData(table, structuredClone(ModuleIndex.fromGrouping(table, index.order, groupModules(table, index.order)).toData()));

describe('lookupAnswer before and after the module index', () => {
  it('a module lookup waits for the index, then answers', () => {
    const waiting = lookupAnswer(index, 'libc.so.6+0x10', null);
    expect(waiting.waiting).toBe(true);
    expect(waiting.result).toBeNull();
    expect(waiting.input).toMatchObject({ ok: false, empty: false, message: expect.stringMatching(/grouping modules/) });
    const answered = lookupAnswer(index, 'libc.so.6+0x10', adopted);
    expect(answered.waiting).toBe(false);
    expect(answered.input).toMatchObject({ ok: true, form: 'module', address: libcBegin + 0x10n });
    expect(answered.result).toMatchObject({ mapped: true, address: libcBegin + 0x10n });
  });

  const immediate: [string, string][] = [
    ['a hex address', `0x${(libcBegin + 0x10n).toString(16)}`],
    ['an address plus an offset', `0x${libcBegin.toString(16)}+0x10`],
    ['no module before "+"', '+0x10'],
    ['a bad hex address', '0xzz'],
  ];
  it.each(immediate)('%s answers without the index, as with it', (_what, input) => {
    const without = lookupAnswer(index, input, null);
    expect(without.waiting).toBe(false);
    const withModules = lookupAnswer(index, input, adopted);
    expect(without.input).toEqual(withModules.input);
    expect(without.result).toEqual(withModules.result);
  });

  it('with the adopted index, every module name answers as over a build on the spot', () => {
    const built = ModuleIndex.build(table, index.order);
    for (const m of built.modules) {
      for (const input of [`${m.label}+0x0`, `${m.label}+0x1234`, `${m.pathname}+0x8`]) {
        const a = lookupAnswer(index, input, adopted);
        const b = parseAddressInput(input, built);
        expect(a.input.ok, input).toBe(b.ok);
        if (a.input.ok && b.ok) expect(a.input.address, input).toBe(b.address);
      }
    }
  });

  it('parseAddressInput without modules marks a module name as needing them', () => {
    expect(parseAddressInput('libc.so.6+0x10')).toMatchObject({ ok: false, needsModules: true });
    expect(parseAddressInput('+0x10')).not.toHaveProperty('needsModules');
    expect(parseAddressInput('libc.so.6+0x10', adopted)).toMatchObject({ ok: true });
  });
});
