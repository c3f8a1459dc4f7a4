/** The format a file's name hints at (detect.ts weighs it with the content). */
import type { FormatName } from './result.js';

/** A hint drawn from a file name: a format, or a tool whose variant the content decides. */
export type FileNameHint = FormatName | 'pmap' | 'gdb';

/**
 * The hint in a file name: `smaps`, `1234.smaps`, `smaps_rollup`, `maps`, `proc-1-maps.txt`;
 * `pmap-x.txt` and `gdb.log` name only the tool. Undefined when the name says nothing.
 */
export function formatFromFileName(fileName: string): FileNameHint | undefined {
  const base = (fileName.split(/[\\/]/).pop() ?? '').toLowerCase().replace(/\.(txt|log|out)$/, '');
  if (/(^|[^a-z0-9])smaps_rollup$/.test(base)) return 'smaps_rollup';
  if (/(^|[^a-z0-9])smaps$/.test(base)) return 'smaps';
  if (/(^|[^a-z0-9])maps$/.test(base)) return 'maps';
  if (/(^|[^a-z])pmap([^a-z]|$)/.test(base)) return 'pmap';
  if (/(^|[^a-z])gdb([^a-z]|$)/.test(base)) return 'gdb';
  return undefined;
}
