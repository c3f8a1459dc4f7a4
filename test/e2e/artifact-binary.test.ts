/**
 * Dropping binary crash artifacts on the app: a core gcore writes of a crashed process started
 * here and the minidump fixture open with every region the CLI's reader finds (the worker reads
 * them by File.slice, src/input/read-artifact.ts), and so does a 2 GiB core made of a sparse Blob;
 * an ELF program keeps its "not a core" message.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readMapsFromPath } from '../../src/node/read';
import { buildCore } from '../artifact/core-builder';
import { buildCoreTarget, gcoreCrash, writeMappedFile, type CrashCore } from '../artifact/gcore';
import { closeApp, dropFile, dropSparseFile, launchBrowser, openApp, screenshot, waitForLoaded } from './harness';

const MINIDUMP = join(import.meta.dirname, '../fixtures/artifacts/minidump-rust-minidump-linux-mini.dmp');
const work = mkdtempSync(join(tmpdir(), 'mapscope-e2e-core-'));
let browser: Browser;
let bin: string;
let crash: CrashCore;

beforeAll(async () => {
  browser = await launchBrowser();
  bin = buildCoreTarget(work, 64);
  crash = gcoreCrash(bin, writeMappedFile(work), work, 'dropped');
});
afterAll(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('binary crash artifacts in the app', () => {
  test('a core file gcore wrote opens with the regions the CLI reads from it, in light and dark', async () => {
    const expected = await readMapsFromPath(crash.core);
    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await openApp(browser, { hash: 'empty', colorScheme });
      await dropFile(page, 'dropped.core', readFileSync(crash.core));
      const info = await waitForLoaded(page, 'dropped.core');
      expect(info.format).toBe('ELF core file');
      expect(info.regions).toBe(expected.regions.length);
      expect(await page.getByRole('alert').count()).toBe(0);
      await screenshot(page, `artifact-core-${colorScheme}`);
      await closeApp(page);
    }
  });

  test('the minidump fixture opens with the regions of its MD_LINUX_MAPS stream', async () => {
    const expected = await readMapsFromPath(MINIDUMP);
    const page = await openApp(browser, { hash: 'empty', viewport: { width: 1920, height: 1080 } });
    await dropFile(page, 'crash.dmp', readFileSync(MINIDUMP));
    const info = await waitForLoaded(page, 'crash.dmp');
    expect(info.format).toBe('minidump');
    expect(info.regions).toBe(expected.regions.length);
    await screenshot(page, 'artifact-minidump-1920');
    await closeApp(page);
  });

  test('a 2 GiB core file (a sparse Blob: its headers, then references to one zero-filled MiB) opens with its regions', async () => {
    const loads = Array.from({ length: 64 }, (_, i) => ({ vaddr: 0x7f0000000000n + BigInt(i) * 0x2000000n, memsz: 0x2000000n, flags: 6, offset: 0x100000n + BigInt(i) * 0x2000000n, filesz: 0x2000000n }));
    const headers = buildCore({ is64: true, little: true, loads, status: { tid: 77, cursig: 6, pc: 0x7f0000000010n } });
    const page = await openApp(browser, { hash: 'empty' });
    // The headers, then 2,048 references to one zero-filled MiB.
    const size = await dropSparseFile(page, 'sparse.core', { head: Array.from(headers), unit: 1 << 20, repeat: 2048 });
    expect(size).toBe(2 * 1024 ** 3 + headers.length);
    const info = await waitForLoaded(page, 'sparse.core');
    expect(info.format).toBe('ELF core file');
    expect(info.regions).toBe(64);
    expect(await page.getByRole('alert').count()).toBe(0);
    await closeApp(page);
  });

  test('an ELF program is not a core: the alert says which kind of ELF file it is', async () => {
    const page = await openApp(browser, { hash: 'empty' });
    await dropFile(page, 'core-target', readFileSync(bin));
    const alert = page.getByRole('alert');
    await alert.getByRole('heading', { name: 'This is not a memory map' }).waitFor();
    expect(await alert.innerText()).toContain('This file is an ELF shared library or position-independent executable (ET_DYN), not a core dump or the text of a memory map.');
    await closeApp(page);
  });
});
