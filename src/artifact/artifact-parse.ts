/** What a binary artifact reader returns: the regions it read, its diagnostics and line accounting, and the ArtifactInfo. */
import type { DiagnosticSet } from '../model/diagnostic-store.js';
import type { RegionTable } from '../model/region-table.js';
import type { LineStats } from '../parse/result.js';
import type { ArtifactInfo } from './artifact.js';

/** A binary artifact read into regions (an ELF core's program headers); src/input makes it a ParseResult. */
export interface ArtifactParse extends DiagnosticSet {
  regions: RegionTable;
  stats: LineStats;
  artifact: ArtifactInfo;
}

/** An artifact that cannot be read at all (no header, not a core): `message` is shown as is. */
export class ArtifactError extends Error {
  constructor(
    /** `not-core`: an ELF program or library; `unreadable`: too damaged or cut short to read anything. */
    readonly code: 'not-core' | 'unreadable',
    message: string,
  ) {
    super(message);
    this.name = 'ArtifactError';
  }
}
