/**
 * The CLI's output path in-process: streamed in bounded chunks, waiting for a slow reader
 * (backpressure), write errors turned into exit 4, and any other exception into one line, 70.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main, type CliIo } from '../../src/node/cli';
import { MemorySink, OutputError, StreamSink, type TextSink } from '../../src/node/cli-output';

const CHUNK = 1 << 16; // LineWriter's chunk size

function stdinOf(text: string): () => ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  return () =>
    new ReadableStream({
      start(controller) {
        controller.enqueue(bytes);
        controller.close();
      },
    });
}

/** `count` maps lines, one region each, in address order. */
function mapsText(count: number): string {
  const lines: string[] = [];
  for (let i = 1; i <= count; i++) {
    const begin = (0x1000 * 2 * i).toString(16).padStart(12, '0');
    const end = (0x1000 * (2 * i + 1)).toString(16).padStart(12, '0');
    lines.push(`${begin}-${end} r--p 00000000 08:02 ${i}                          /usr/lib/lib${i}.so`);
  }
  return lines.join('\n') + '\n';
}

/** A slow reader: each write completes a turn of the event loop later; records how much was ever queued. */
class SlowReader extends Writable {
  maxQueued = 0;
  received: string[] = [];
  constructor() {
    super({ highWaterMark: 4096, decodeStrings: false });
  }
  override _write(chunk: string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.received.push(chunk);
    this.maxQueued = Math.max(this.maxQueued, this.writableLength);
    setImmediate(callback);
  }
}

describe('streamed output', () => {
  it('parse --json waits for a slow reader: never more than about one chunk queued', async () => {
    const reader = new SlowReader();
    const stderr = new MemorySink();
    const io: CliIo = { stdout: new StreamSink(reader, 'stdout'), stderr, stdin: stdinOf(mapsText(20_000)) };
    expect(await main(['parse', '--json', '-'], io)).toBe(0);
    const out = reader.received.join('');
    expect(out.length).toBeGreaterThan(40 * CHUNK);
    expect((JSON.parse(out) as { regions: unknown[] }).regions).toHaveLength(20_000);
    // Without waiting for 'drain' the whole output (> 2.6 MB) would be queued at once.
    expect(reader.maxQueued).toBeLessThan(2 * CHUNK);
  });

  it('diagnostics in --json are bounded: the first 100 of a kind, every one counted', async () => {
    const writes: string[] = [];
    const stdout: TextSink = { write: (t) => void writes.push(t), flush: async () => undefined };
    const bad = Array.from({ length: 30_000 }, (_, i) => `not a maps line ${i}`).join('\n') + '\n';
    const io: CliIo = { stdout, stderr: new MemorySink(), stdin: stdinOf(bad) };
    expect(await main(['parse', '--json', '--format', 'maps', '-'], io)).toBe(1);
    const out = JSON.parse(writes.join('')) as { diagnostics: unknown[]; diagnosticGroups: { count: number }[] };
    expect(out.diagnostics).toHaveLength(100);
    expect(out.diagnosticGroups.map((g) => g.count)).toEqual([30_000]);
    for (const w of writes) expect(w.length).toBeLessThan(CHUNK + 4096);
  });

  it('stats --json lists its diagnostics the same way', async () => {
    const sink = new MemorySink();
    const bad = '00400000-00401000 r--p 00000000 08:02 1 /a\nnope\n';
    expect(await main(['stats', '--json', '--format', 'maps', '-'], { stdout: sink, stderr: new MemorySink(), stdin: stdinOf(bad) })).toBe(1);
    const out = JSON.parse(sink.text()) as { total: { count: number }; diagnostics: { line: number; severity: string }[] };
    expect(out.total.count).toBe(1);
    expect(out.diagnostics.filter((d) => d.severity === 'error').map((d) => d.line)).toEqual([2]);
  });
});

describe('failures of the output and unexpected errors', () => {
  it('a write error (ENOSPC) is exit 4 with one line naming the stream', async () => {
    const full = new Writable({
      write(_chunk, _encoding, callback) {
        callback(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
      },
    });
    const stderr = new MemorySink();
    const status = await main(['parse', '-'], { stdout: new StreamSink(full, 'stdout'), stderr, stdin: stdinOf(mapsText(10)) });
    expect(status).toBe(4);
    expect(stderr.text()).toBe('mapscope: cannot write the output: no space left on device (stdout)\n');
  });

  it('EPIPE on stdout: quiet, exit 0', async () => {
    const closed = new Writable({
      write(_chunk, _encoding, callback) {
        callback(Object.assign(new Error('EPIPE: broken pipe, write'), { code: 'EPIPE' }));
      },
    });
    const stderr = new MemorySink();
    expect(await main(['parse', '-'], { stdout: new StreamSink(closed, 'stdout'), stderr, stdin: stdinOf(mapsText(10)) })).toBe(0);
    expect(stderr.text()).toBe('');
  });

  it('an unexpected exception is one line and exit 70, no stack', async () => {
    const broken: TextSink = {
      write: () => {
        throw new TypeError('boom');
      },
      flush: async () => undefined,
    };
    const stderr = new MemorySink();
    expect(await main(['parse', '-'], { stdout: broken, stderr, stdin: stdinOf(mapsText(3)) })).toBe(70);
    expect(stderr.text()).toBe('mapscope: internal error: TypeError: boom (a bug in mapscope, please report it)\n');
  });

  it('StreamSink: the first error is kept and thrown by later writes and flush', async () => {
    const failing = new Writable({
      write(_chunk, _encoding, callback) {
        callback(Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' }));
      },
    });
    const sink = new StreamSink(failing, 'stderr');
    await expect(Promise.resolve(sink.write('x'))).rejects.toBeInstanceOf(OutputError);
    expect(() => sink.write('y')).toThrow(OutputError);
    await expect(sink.flush()).rejects.toMatchObject({ stream: 'stderr', syscallCode: 'EIO' });
  });
});
