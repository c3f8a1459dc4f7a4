/** Loads the input of a command: a file, standard input, or a live process. */
import type { FormatName, ParseResult } from '../internal.js';
import type { InputSource } from './cli-args.js';
import type { CliIo } from './cli-io.js';
import { parseMapsBytes, procMapsPath, readMapsFromPath, readMapsFromPid } from './read.js';

/** A parsed input and the name to show in diagnostics. */
export interface LoadedInput {
  result: ParseResult;
  /** `maps.txt`, `/proc/123/maps`, `<stdin>`. */
  sourceName: string;
}

/** Reads and parses the input; throws MapsReadError when it cannot be read. */
export async function loadInput(source: InputSource, io: CliIo, format?: FormatName): Promise<LoadedInput> {
  switch (source.kind) {
    case 'file':
      return { result: await readMapsFromPath(source.path, { format }), sourceName: source.path };
    case 'stdin':
      return { result: parseMapsBytes(await io.readStdin(), undefined, format), sourceName: '<stdin>' };
    case 'pid':
      return { result: await readMapsFromPid(source.pid, { file: source.file }), sourceName: procMapsPath(source.pid, source.file) };
  }
}
