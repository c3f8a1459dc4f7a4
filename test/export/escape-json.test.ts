import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeJsonText } from '../../src/export/escape-json';

// The terminal-unsafe characters (the table's escaping is tested in test/model/display-text.test.ts).
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]|\udb40[\udc01-\udc7f]/;

describe('escapeJsonText', () => {
  it('keeps JSON equal to the input after parsing, with no unsafe character left (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const json = escapeJsonText(JSON.stringify({ s }));
        return !UNSAFE.test(json) && (JSON.parse(json) as { s: string }).s === s;
      }),
    );
  });

  it('escapes astral format characters as a surrogate pair JSON can read', () => {
    const json = escapeJsonText(JSON.stringify({ s: 'tag\u{e0041}' }));
    expect(json).toBe('{"s":"tag\\udb40\\udc41"}');
    expect((JSON.parse(json) as { s: string }).s).toBe('tag\u{e0041}');
  });
});
