/**
 * src/diff: comparing snapshots of a memory map (issue 15) — identity across snapshots, the diff
 * of two, top growers of a series; and the recording reader (src/parse/recording.ts) that gives
 * a series from one file.
 */
export { diffSnapshots, describeChange } from './diff.js';
export { detectDiffMode, type ModeDecision } from './detect-mode.js';
export { topGrowers, type Grower, type GrowerList, type GrowerOptions, type GrowthMetric, type SeriesPoint } from './growers.js';
export { smapsDeltas, NO_MODULE } from './summary.js';
export { SMAPS_FIELDS_IGNORED, changedSmapsFields } from './compare.js';
export { parseRecording, isRecordingText, parseRecordingTime, recordingLines, RecordingReader, RECORDING_MAGIC, RECORDING_VERSION, type Recording, type RecordingInfo, type RecordingSnapshot, type SnapshotHeader } from '../parse/recording.js';
export {
  CHANGE_ATTRIBUTES,
  CHANGE_BITS,
  DIFF_MODES,
  MATCH_RULES,
  MATCH_RULE_CODE,
  type ChangeAttribute,
  type ChangeRow,
  type ChangeTotals,
  type DiffMode,
  type DiffOptions,
  type DiffSummary,
  type MatchRule,
  type PairList,
  type RegionGroups,
  type SmapsDelta,
  type SnapshotDiff,
} from './types.js';
