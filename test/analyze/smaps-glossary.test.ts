/**
 * The smaps glossary: every field and VmFlags code in real smaps files (this machine's processes,
 * the corpus, the fixtures) has an explanation; every code the kernel's show_smap_vma_flags can
 * print does; unknown ones have none, so the UI shows them as they are.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KNOWN_SMAPS_KEYS, SMAPS_FIELD_GLOSSARY, VM_FLAG_GLOSSARY, findSmapsFieldInfo, findVmFlagInfo } from '../../src/internal';
import { referenceSmaps } from '../cli/reference-smaps';
import { startSleeper } from '../cli/sleeper';
import { readCorpus, readFixture } from '../helpers/fixtures';

/**
 * The mnemonics of fs/proc/task_mmu.c show_smap_vma_flags (Linux 6.18), copied by hand from the
 * kernel source, including the ones behind config options (bt, sd, mt, ui, ss, dp, sl); "??" is
 * its placeholder for a flag it does not name.
 */
const KERNEL_MNEMONICS =
  'rd wr ex sh mr mw me ms gd pf lo io sr rr dc de lf ac nr ht sf ar wf dd bt sd mm hg nh mg um uw mt ui ss dp sl ??'.split(' ');
/** Codes older kernels printed (Documentation/filesystems/proc.rst history): VM_DENYWRITE, VM_NONLINEAR, VM_MPX. */
const RETIRED_MNEMONICS = ['dw', 'nl', 'mp'];

describe('smaps glossary', () => {
  it('explains every VmFlags code the kernel prints today and the ones it used to', () => {
    for (const code of [...KERNEL_MNEMONICS, ...RETIRED_MNEMONICS]) {
      const info = findVmFlagInfo(code);
      expect(info, code).toBeDefined();
      expect(info!.description, code).toMatch(/^\S.{10,}\.$/);
    }
    expect(Object.keys(VM_FLAG_GLOSSARY).sort()).toEqual([...KERNEL_MNEMONICS, ...RETIRED_MNEMONICS].sort());
  });

  it('has no entry for an unknown code or field, nor for names inherited from Object', () => {
    for (const code of ['zz', 'x', 'toString', '__proto__', 'RD', '']) expect(findVmFlagInfo(code), code).toBeUndefined();
    for (const key of ['FutureField', 'constructor', 'hasOwnProperty', 'rss']) expect(findSmapsFieldInfo(key), key).toBeUndefined();
  });

  it('explains every key the parser knows as an smaps key, and Android\'s Name', () => {
    for (const key of KNOWN_SMAPS_KEYS) expect(findSmapsFieldInfo(key), key).toBeDefined();
    expect(findSmapsFieldInfo('Name')).toBeDefined();
    for (const [key, info] of Object.entries(SMAPS_FIELD_GLOSSARY)) expect(info.description, key).toMatch(/^\S.{10,}\.$/);
  });

  it('covers every field and code in real smaps files: this machine (this process, a sleep started now), the corpus and the fixture', async () => {
    const sleeper = await startSleeper();
    let sleepSmaps: string;
    try {
      sleepSmaps = readFileSync(`/proc/${sleeper.pid}/smaps`, 'utf8');
    } finally {
      sleeper.child.kill();
    }
    const texts = [
      readFileSync('/proc/self/smaps', 'utf8'),
      sleepSmaps,
      readFileSync('/proc/self/smaps_rollup', 'utf8'),
      readCorpus('aosp-libmeminfo-x86_64.smaps'),
      readCorpus('promprocfs-26231-alertmanager.smaps'),
      readCorpus('promprocfs-26231-rollup.smaps'),
      readFixture('smaps/python-mapper.smaps'),
    ];
    const codes = new Set<string>();
    const keys = new Set<string>();
    for (const text of texts) {
      for (const record of referenceSmaps(text)) {
        for (const code of record.vmFlags ?? []) codes.add(code);
        for (const key of [...Object.keys(record.fields), ...Object.keys(record.text)]) keys.add(key);
      }
    }
    expect(codes.size).toBeGreaterThan(10);
    expect([...codes].filter((c) => findVmFlagInfo(c) === undefined)).toEqual([]);
    expect([...keys].filter((k) => findSmapsFieldInfo(k) === undefined)).toEqual([]);
  });
});
