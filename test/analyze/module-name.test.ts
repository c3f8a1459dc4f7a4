/**
 * moduleName: one display name for a module or region everywhere (Modules panel, legend, map
 * labels, Region details, tooltips, findings, summary). Table-driven edge cases, the hostile-name
 * corpus, and properties.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { moduleName } from '../../src/analyze/modules';
import { HOSTILE_NAMES } from '../fixtures/hostile/names';

describe('moduleName', () => {
  const cases: [string, string][] = [
    ['/usr/lib/x86_64-linux-gnu/libc.so.6', 'libc.so.6'],
    ['/tmp/a b/x (deleted)', 'x (deleted)'],
    ['/memfd:demo-buffer (deleted)', 'memfd:demo-buffer (deleted)'],
    ['/dev/ashmem/dalvik-allocspace zygote / non moving space mark-bitmap 0 (deleted)', ' non moving space mark-bitmap 0 (deleted)'],
    ['/libc.so.6', 'libc.so.6'],
    // Names ending in `/`: the last non-empty component, never an empty or `/` name.
    ['/opt/app/', 'app'],
    ['/opt/app//', 'app'],
    ['/', '/'],
    ['///', '///'],
    // Pseudo-paths and other text that is no absolute path: whole.
    ['[heap]', '[heap]'],
    ['[anon: glibc: loader malloc]', '[anon: glibc: loader malloc]'],
    ['[anon:<svg/onload=window.__pwned=1>]', '[anon:<svg/onload=window.__pwned=1>]'],
    ['[anon_shmem:a/b]', '[anon_shmem:a/b]'],
    ['anon_inode:[eventpoll]', 'anon_inode:[eventpoll]'],
    ['javascript:window.__pwned=1//', 'javascript:window.__pwned=1//'],
    ['libc.so', 'libc.so'], // an unwinder's bare name
    ['relative/dir/file', 'relative/dir/file'],
  ];
  it.each(cases)('%j → %j', (pathname, name) => {
    expect(moduleName(pathname)).toBe(name);
  });

  it('names every hostile corpus name with some of its text, a pseudo-path whole', () => {
    for (const { name } of HOSTILE_NAMES) {
      const shown = moduleName(name);
      expect(shown.length).toBeGreaterThan(0);
      expect(name.endsWith(shown) || name.startsWith('/')).toBe(true);
      if (!name.startsWith('/')) expect(shown).toBe(name);
      else expect(shown.includes('/') && shown.replaceAll('/', '') !== '').toBe(false);
    }
  });

  it('property: an absolute path is named by its last non-empty component', () => {
    const component = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !s.includes('/'));
    fc.assert(
      fc.property(fc.array(component, { minLength: 1, maxLength: 5 }), fc.integer({ min: 0, max: 3 }), (parts, trailing) => {
        const pathname = '/' + parts.join('/') + '/'.repeat(trailing);
        expect(moduleName(pathname)).toBe(parts[parts.length - 1]);
      }),
    );
  });

  it('property: a name not starting with / is shown whole', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !s.startsWith('/')),
        (name) => {
          expect(moduleName(name)).toBe(name);
        },
      ),
    );
  });
});
