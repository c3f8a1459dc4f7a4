/**
 * mapscope's public API (the package's `mapscope` entry): what the README documents, each name
 * with a one-line JSDoc at its declaration. test/package/public-api.test.ts compares this list
 * with the README's. What only the app and the CLI use (level of detail, transfer helpers, view
 * data) is exported by src/internal.ts instead, which is not part of the package's API.
 */

// Parsing: text in, a region table and diagnostics out.
export { parseMaps, parseMapsStrict, type ParseOptions } from './parse/index.js';
export { FORMAT_NAMES, type FormatName, type ResultFormat, type ParseResult, type LineStats } from './parse/result.js';
export { ARTIFACT_FORMATS, type ArtifactFormat, type ArtifactInfo, type ArtifactAddress, type ArtifactChoice, type ArtifactRegionAttribute } from './model/artifact.js';
export { ParseError, type Diagnostic } from './model/diagnostic.js';
export type { DiagnosticGroup } from './model/diagnostic-store.js';

// The region model.
export { RegionTable, type SmapsRecord, type KnownFields, type RegionColumns } from './model/region-table.js';
export { Region, type Device, type FormatOptions } from './model/region.js';
export { PERM_READ, PERM_WRITE, PERM_EXEC, PERM_SHARED, type Permissions } from './model/permissions.js';
export { REGION_KINDS, KIND_DESCRIPTION, decodePathname, type RegionKind } from './model/kind.js';
export { formatNameForDisplay } from './model/display-text.js';

// Addresses and sizes.
export { parseAddr, toAddr, formatHex, formatHexPadded, type Addr } from './address.js';
export { formatBytes } from './format/format-size.js';

// Address lookup.
export { RegionIndex, type LookupResult, type MappedLookup, type UnmappedLookup } from './query/region-index.js';

// Search and filter.
export { filterRegions, type RegionFilter } from './query/filter.js';
export { parseSearchQuery, type SearchQuery, type SearchClause, type SearchTerm, type QueryError } from './query/search-query.js';
export { type LinearRegex } from './query/search-regex.js';
export { searchRegions } from './query/search-regions.js';

// Analysis.
export { summarizeRegions, type MemorySummary, type SummaryRow, type Gap } from './analyze/summary.js';
export { groupModules, type ModuleGrouping, type ModuleRuns, type Module, type ModuleSegment, type SegmentRole } from './analyze/modules.js';
export { lintRegions, type Finding, type FindingCode, type FindingSeverity } from './analyze/lints.js';

// Comparing snapshots (identity across snapshots, recordings, top growers).
export {
  diffSnapshots,
  describeChange,
  detectDiffMode,
  topGrowers,
  parseRecording,
  isRecordingText,
  MATCH_RULES,
  CHANGE_BITS,
  type SnapshotDiff,
  type DiffOptions,
  type DiffMode,
  type ModeDecision,
  type MatchRule,
  type PairList,
  type RegionGroups,
  type DiffSummary,
  type ChangeRow,
  type ChangeTotals,
  type SmapsDelta,
  type SeriesPoint,
  type Grower,
  type GrowerList,
  type GrowerOptions,
  type GrowthMetric,
  type Recording,
  type RecordingInfo,
  type RecordingSnapshot,
  type SnapshotHeader,
} from './diff/index.js';
