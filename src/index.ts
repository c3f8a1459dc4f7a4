/** mapscope's public surface: app/ and the CLI import only this (and src/node/). */
export * from './address';
export * from './model/permissions';
export * from './model/kind';
export * from './model/diagnostic';
export * from './model/region';
export * from './model/region-table';
export * from './parse/result';
export { parseProcMaps, MapsLineParser, checkRegionOrder } from './parse/maps';
export * from './parse/index';
export * from './analyze/format-size';
export * from './query/region-index';
export * from './query/filter';
export { sortRowsByBegin } from './query/sort-by-begin';
export { parseSmaps, UNITLESS_SMAPS_KEYS, KNOWN_SMAPS_KEYS } from './parse/smaps';
export { parsePmap } from './parse/pmap';
export { parseGdbMappings } from './parse/gdb';
export { detectFormat, formatFromFileName, type Detection, type FileNameHint } from './parse/detect';
