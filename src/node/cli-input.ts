/**
 * Loads the input of a command — a file (gzip-compressed or not), standard input, or a live
 * process — through the pipeline the app uses (src/input via read.ts and read-input-file.ts),
 * and turns every way that can fail into one CliFailure with exit status 3.
 */
import type { FormatName, ParseResult } from '../internal.js';
import type { InputSource, SizeArg } from './cli-args.js';
import type { CliIo } from './cli-io.js';
import { asCliFailure, STDIN_NAME } from './cli-read-error.js';
import { readInputParsed } from './read-input-file.js';
import { procMapsPath, readMapsFromPath, readMapsFromPid } from './read.js';

export { STDIN_NAME } from './cli-read-error.js';

/** A parsed input and the name to show in diagnostics. */
export interface LoadedInput {
  result: ParseResult;
  /** `maps.txt`, `/proc/123/maps`, `<stdin>`. */
  sourceName: string;
}

/** Reads and parses the input; throws CliFailure (exit 3) when it cannot be read. */
export async function loadInput(source: InputSource, io: CliIo, options: { format?: FormatName; maxSize: SizeArg }): Promise<LoadedInput> {
  const { format, maxSize } = options;
  const maxBytes = maxSize.bytes;
  let sourceName = STDIN_NAME;
  try {
    switch (source.kind) {
      case 'file':
        sourceName = source.path;
        return { result: await readMapsFromPath(source.path, { format, maxBytes }), sourceName };
      case 'stdin': {
        const result = await readInputParsed(io.stdin(), io.stdinBytes?.() ?? null, { path: STDIN_NAME }, { maxBytes, parse: { format } });
        return { result, sourceName };
      }
      case 'pid':
        sourceName = procMapsPath(source.pid, source.file);
        return { result: await readMapsFromPid(source.pid, { file: source.file, maxBytes }), sourceName };
    }
  } catch (error) {
    throw asCliFailure(error, maxSize);
  }
}
