/**
 * Minidumps: the rust-minidump Linux fixture (test/fixtures/SOURCES.md), copies of it cut short
 * or with a corrupt stream directory made here from its bytes. The test finds the MD_LINUX_MAPS
 * text with its own walk of the directory (minidump_format.h: 12-byte MDRawDirectory entries) and
 * expects the regions and diagnostics the maps parser gives that text.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryByteSource } from '../../src/artifact/byte-source';
import { readBinaryArtifact } from '../../src/input/read-artifact';
import { parseProcMaps } from '../../src/parse/maps';
import type { ParseResult } from '../../src/parse/result';

const FIXTURE = join(import.meta.dirname, '../fixtures/artifacts/minidump-rust-minidump-linux-mini.dmp');
const dump = new Uint8Array(readFileSync(FIXTURE));

/** The fixture's directory entries, walked here: [type, size, rva]. */
function directory(bytes: Uint8Array): { type: number; size: number; rva: number; at: number }[] {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = v.getUint32(8, true);
  const rva = v.getUint32(12, true);
  return Array.from({ length: count }, (_, i) => ({ type: v.getUint32(rva + 12 * i, true), size: v.getUint32(rva + 12 * i + 4, true), rva: v.getUint32(rva + 12 * i + 8, true), at: rva + 12 * i }));
}

function streamText(type: number): string {
  const entry = directory(dump).find((e) => e.type === type)!;
  return new TextDecoder().decode(dump.subarray(entry.rva, entry.rva + entry.size));
}

async function read(bytes: Uint8Array): Promise<ParseResult> {
  const result = await readBinaryArtifact(memoryByteSource(bytes));
  if (result === undefined) throw new Error('not read as an artifact');
  return result;
}

const regionText = (result: ParseResult) => [...result.regions].map((r) => r.toString());
const regionAt = (result: ParseResult, address: bigint) => [...result.regions].find((r) => r.begin <= address && address < r.end);

describe('the rust-minidump Linux fixture', () => {
  it('regions and diagnostics are those of its MD_LINUX_MAPS text read as a maps file', async () => {
    const result = await read(dump);
    const maps = parseProcMaps(streamText(0x47670009));
    expect(result.format).toBe('minidump');
    expect(maps.regions.length).toBeGreaterThan(20);
    expect(regionText(result)).toEqual(regionText(maps));
    expect(result.diagnostics).toEqual(maps.diagnostics);
    expect(result.stats).toEqual(maps.stats);
  });

  it('signal, fault address, pc, the thread stack and the pid of MD_LINUX_PROC_STATUS', async () => {
    const result = await read(dump);
    const artifact = result.artifact!;
    expect(artifact.signal).toBe('SIGSEGV');
    const pid = Number(/^Pid:\s*(\d+)/m.exec(streamText(0x47670004))![1]);
    expect(artifact.pid).toBe(pid);
    expect(artifact.title).toBe(`Breakpad minidump · pid ${pid} · SIGSEGV`);
    expect(artifact.addresses.map((a) => a.label)).toEqual(['fault address', 'pc', `thread ${pid} stack`]);
    const [fault, pc, stack] = artifact.addresses;
    // A write through a near-NULL pointer: the fault address lies below every mapping.
    expect(regionAt(result, fault.address)).toBeUndefined();
    expect(fault.address).toBeLessThan([...result.regions][0].begin);
    // The pc is in the crashing program's code, the captured stack in [stack].
    const code = regionAt(result, pc.address);
    expect(code?.pathname).toBe('/work/linux/build/crash');
    expect(code?.permissions.text).toBe('r-xp');
    expect(regionAt(result, stack.address)?.pathname).toBe('[stack]');
    expect(artifact.context).toContainEqual({ key: 'Command line', value: streamText(0x47670006).replace(/\0+$/, '').replace(/\0/g, ' ') });
  });
});

describe('damaged minidumps', () => {
  const maps = directory(dump).find((e) => e.type === 0x47670009)!;

  it('cut inside MD_LINUX_MAPS: an error naming the stream, and the regions of the text that is there', async () => {
    const cut = dump.subarray(0, maps.rva + 1000);
    const result = await read(cut);
    const error = result.diagnostics.find((d) => d.code === 'minidump-cut-short' && d.message.includes('MD_LINUX_MAPS'));
    expect(error?.message).toBe(`the minidump is cut short: the MD_LINUX_MAPS stream (${maps.size} bytes at offset ${maps.rva}) is cut after 1000 bytes by the end of the file (${cut.byteLength} bytes)`);
    const partial = parseProcMaps(new TextDecoder().decode(dump.subarray(maps.rva, maps.rva + 1000)));
    expect(regionText(result)).toEqual(regionText(partial));
    expect(result.regions.length).toBeGreaterThan(5);
  });

  it('cut inside the stream directory: an error saying how many entries are missing, and that MD_LINUX_MAPS is among them', async () => {
    const result = await read(dump.subarray(0, 32 + 12 * 5 + 4));
    expect(result.diagnostics.map((d) => d.code)).toContain('minidump-cut-short');
    expect(result.diagnostics.find((d) => d.message.includes('stream directory'))?.message).toMatch(/claims 14 entries at offset 32, but the file \(96 bytes\) holds 5/);
    expect(result.diagnostics.find((d) => d.code === 'no-linux-maps')?.message).toMatch(/not among the directory entries the file holds/);
    expect(result.regions.length).toBe(0);
  });

  it('cut inside its header: a clear message', async () => {
    await expect(read(dump.subarray(0, 20))).rejects.toThrow('This minidump is cut short: its header needs 32 bytes, and the file has 20.');
  });

  it('a corrupt stream directory (a count far past the file): an error, and the streams that are there still read', async () => {
    const bad = dump.slice();
    new DataView(bad.buffer).setUint32(8, 0x10000000, true);
    const result = await read(bad);
    expect(result.diagnostics[0].message).toContain(`stream directory is cut short or corrupt: it claims 268435456 entries at offset 32, but the file (${dump.byteLength} bytes) holds ${Math.floor((dump.byteLength - 32) / 12)}`);
    expect(regionText(result)).toEqual(regionText(await read(dump)));
  });

  it('a corrupt count in a large file: at most 4,096 entries are read, not the file', async () => {
    const bad = new Uint8Array(dump.byteLength + 1024 * 1024);
    bad.set(dump);
    new DataView(bad.buffer).setUint32(8, 0x10000000, true);
    const source = memoryByteSource(bad);
    let bytesRead = 0;
    const result = await readBinaryArtifact({ sizeBytes: source.sizeBytes, read: async (o, n) => ((bytesRead += n), source.read(o, n)) });
    expect(result?.diagnostics[0].message).toContain('it claims 268435456 entries at offset 32, more than the 4096 mapscope reads');
    expect(regionText(result!)).toEqual(regionText(await read(dump)));
    expect(bytesRead).toBeLessThan(dump.byteLength + 4096 * 12);
  });

  it('a corrupt stream directory (its offset past the end): nothing can be found, and the message says why', async () => {
    const bad = dump.slice();
    new DataView(bad.buffer).setUint32(12, 0x7ffffff0, true);
    await expect(read(bad)).rejects.toThrow(/stream directory \(14 entries at offset 2147483632\) lies past the end of the file/);
  });

  for (const [signo, siCode, name] of [[6, 0, 'SIGABRT'], [11, -6, 'SIGSEGV']] as const) {
    it(`${name} with si_code ${siCode} has no fault address: si_addr holds the sender of a signal sent, not a fault`, async () => {
      const exception = directory(dump).find((e) => e.type === 6)!;
      const sent = dump.slice();
      const v = new DataView(sent.buffer);
      v.setUint32(exception.rva + 8, signo, true);
      v.setInt32(exception.rva + 12, siCode, true);
      const artifact = (await read(sent)).artifact!;
      expect(artifact.signal).toBe(name);
      expect(artifact.addresses.map((a) => a.label)).toEqual(['pc', `thread ${artifact.pid} stack`]);
    });
  }

  it('a directory entry pointing past the end: an error naming the stream', async () => {
    const bad = dump.slice();
    new DataView(bad.buffer).setUint32(maps.at + 8, bad.byteLength + 100, true);
    const result = await read(bad);
    expect(result.diagnostics.find((d) => d.code === 'minidump-cut-short')?.message).toMatch(/the MD_LINUX_MAPS stream \(3382 bytes at offset \d+\) lies past the end of the file/);
    expect(result.regions.length).toBe(0);
  });
});
