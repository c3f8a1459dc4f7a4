/**
 * mapscope's Node entry (`mapscope/node`): read a maps or smaps file from a path or a live
 * process. Everything returns the same ParseResult as parseMaps in the core.
 */
export {
  readMapsFromPath,
  readMapsFromPathStrict,
  readMapsFromPid,
  readMapsFromPidStrict,
  parseMapsBytes,
  procMapsPath,
  type Pid,
  type PidReadOptions,
  type PathReadOptions,
  type ProcMapsFile,
} from './read.js';
export { MapsReadError, translateReadError, type MapsReadErrorCode, type ReadContext } from './errors.js';
