/** Region kinds from pathnames (proc_pid_maps(5), fs/proc/task_mmu.c), and pathname helpers. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  KIND_CODE,
  KIND_DESCRIPTION,
  REGION_KINDS,
  classifyPathname,
  decodePathname,
  isDeletedPathname,
  type RegionKind,
} from '../../src/model/kind';

describe('kind: classifyPathname', () => {
  const cases: [pathname: string | null, shared: boolean, kind: RegionKind][] = [
    [null, false, 'anonymous'],
    [null, true, 'anonymous'],
    ['[heap]', false, 'heap'],
    ['[stack]', false, 'stack'],
    ['[stack:1234]', false, 'thread-stack'],
    ['[stack:', false, 'pseudo'],
    ['[vdso]', false, 'vdso'],
    ['[vvar]', false, 'vvar'],
    ['[vvar_vclock]', false, 'vvar'],
    ['[vsyscall]', false, 'vsyscall'],
    ['[uprobes]', false, 'pseudo'],
    ['[vectors]', false, 'pseudo'],
    ['[sigpage]', false, 'pseudo'],
    ['[anon:libc_malloc]', false, 'named-anonymous'],
    ['[anon: glibc: loader malloc]', false, 'named-anonymous'],
    ['[anon_shmem:name]', true, 'shared-memory'],
    ['/usr/lib/libc.so.6', false, 'file'],
    ['libbase.so', false, 'file'],
    ['/tmp/x (deleted)', false, 'deleted-file'],
    ['/tmp/x(deleted)', false, 'file'],
    ['/memfd:wayland (deleted)', true, 'memfd'],
    ['/memfd:', false, 'memfd'],
    ['/SYSV00000000 (deleted)', true, 'sysv-shm'],
    ['/SYSV6d617073 (deleted)', true, 'sysv-shm'],
    ['/SYSV6d617073', true, 'sysv-shm'],
    // ipc/shm.c writes "SYSV%08x": 8 lowercase hex digits; anything else is some other file.
    ['/SYSV1234 (deleted)', true, 'deleted-file'],
    ['/SYSV6D617073 (deleted)', true, 'deleted-file'],
    ['/dev/zero (deleted)', true, 'shared-memory'],
    ['/dev/zero (deleted)', false, 'anonymous'],
    ['/dev/zero', true, 'shared-memory'],
    ['/dev/shm/pulse-shm-1', true, 'shared-memory'],
    ['/dev/ashmem/dalvik-main space (region space) (deleted)', false, 'shared-memory'],
    ['anon_inode:[perf_event]', false, 'pseudo'],
    ['anon_inode:i915.gem', true, 'pseudo'],
  ];
  it.each(cases)('%j (shared %s) -> %s', (pathname, shared, kind) => {
    expect(classifyPathname(pathname, shared)).toBe(kind);
  });

  it('every kind has a code that fits the Uint8 column and a description', () => {
    expect(REGION_KINDS.length).toBeLessThanOrEqual(256);
    REGION_KINDS.forEach((k, i) => {
      expect(KIND_CODE[k]).toBe(i);
      expect(KIND_DESCRIPTION[k].length).toBeGreaterThan(0);
    });
    expect(Object.keys(KIND_CODE).sort()).toEqual([...REGION_KINDS].sort());
  });

  it('every kind is reachable from some pathname', () => {
    const reached = new Set(cases.map(([p, s]) => classifyPathname(p, s)));
    expect([...REGION_KINDS].filter((k) => !reached.has(k))).toEqual([]);
  });
});

describe('kind: isDeletedPathname', () => {
  it.each([
    [null, false],
    ['/x', false],
    ['/x (deleted)', true],
    ['/x(deleted)', false],
    ['/x (deleted) ', false],
    ['/x (deleted) (deleted)', true],
  ] as const)('%j -> %s', (p, want) => expect(isDeletedPathname(p)).toBe(want));
});

describe('kind: decodePathname', () => {
  it.each([
    ['/tmp/new\\012line', '/tmp/new\nline'],
    ['/a\\012\\012b', '/a\n\nb'],
    ['/a\\0121', '/a\n1'],
    ['/a\\12', '/a\\12'],
    ['/some\\e012thing', '/some\\e012thing'],
    ['/a\\', '/a\\'],
    ['/plain', '/plain'],
  ])('%j -> %j', (raw, decoded) => expect(decodePathname(raw)).toBe(decoded));

  it('leaves text without a backslash alone', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const t = s.replaceAll('\\', '');
        expect(decodePathname(t)).toBe(t);
      }),
    );
  });
});
