/**
 * The binary crash artifacts (minidumps, ELF core files), recognised by their magic number before
 * the text path and read by offset through a ByteSource (src/artifact): the same call in the CLI
 * (positioned reads, src/node/file-byte-source.ts) and the app's worker (File.slice).
 */
import { ArtifactError, type ArtifactParse } from '../artifact/artifact-parse.js';
import type { ByteSource } from '../artifact/byte-source.js';
import { isElf, readElfCore } from '../artifact/elf-core.js';
import { isMinidump, readMinidump, type MinidumpRead } from '../artifact/minidump.js';
import { diagnosticSet, mergeDiagnosticSets } from '../model/diagnostic-store.js';
import { RegionTable } from '../model/region-table.js';
import type { ParseResult } from '../parse/result.js';
import { parseInputText } from './parse-input.js';
import { InputError, readInputBytesSync } from './read-input.js';
import { decodeUtf8Lossless } from './utf8-lossless.js';

/** Names and texts in a binary artifact are raw bytes: decoded losslessly, as a maps file's names are. */
const decodeName = (bytes: Uint8Array) => decodeUtf8Lossless(bytes).text;

/**
 * Reads `source` as a minidump or an ELF core file when its first bytes say it is one; undefined
 * for anything else (the text path reads it). Throws InputError: `binary` for an ELF program or
 * library (not a core), `unreadable` for an artifact too damaged to read anything from.
 */
export async function readBinaryArtifact(source: ByteSource): Promise<ParseResult | undefined> {
  if (source.sizeBytes === 0) return undefined;
  const head = await source.read(0, 4);
  try {
    if (isMinidump(head)) return minidumpResult(await readMinidump(source, decodeName));
    if (isElf(head)) return coreResult(await readElfCore(source, decodeName));
  } catch (error) {
    if (error instanceof ArtifactError) throw new InputError(error.code === 'not-core' ? 'binary' : 'unreadable', error.message);
    throw error;
  }
  return undefined;
}

function coreResult(read: ArtifactParse): ParseResult {
  const { artifact, ...result } = read;
  return { format: 'core', ...result, artifact };
}

/** The MD_LINUX_MAPS text parsed as a maps file (lines numbered within the stream), with the minidump's own notes (line 0). */
function minidumpResult(read: MinidumpRead): ParseResult {
  const notes = diagnosticSet(read.diagnostics);
  if (read.mapsBytes === null || read.mapsBytes.byteLength === 0) {
    return { format: 'minidump', regions: RegionTable.empty(), ...notes, stats: { lines: 0, regions: 0, blank: 0, recognized: 0, rejected: 0 }, artifact: read.artifact };
  }
  let parsed: ParseResult;
  try {
    parsed = parseInputText(readInputBytesSync(read.mapsBytes), { format: 'maps' });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const message = `the MD_LINUX_MAPS stream is not the text of a memory map: ${error.message.charAt(0).toLowerCase()}${error.message.slice(1)}`;
    const bad = diagnosticSet([...read.diagnostics, { line: 0, column: 0, severity: 'error', code: 'bad-linux-maps', message, text: '' }]);
    return { format: 'minidump', regions: RegionTable.empty(), ...bad, stats: { lines: 0, regions: 0, blank: 0, recognized: 0, rejected: 0 }, artifact: read.artifact };
  }
  return { ...parsed, ...mergeDiagnosticSets(parsed, notes), format: 'minidump', artifact: read.artifact };
}
