/**
 * The Export menu's files, built from the shown file with the writers the CLI uses (src/export):
 * CSV, TSV, JSON (parse --json's shape) and the Markdown summary; the SVG and PNG images of the
 * map as it is shown (app/paint/export-image.ts). Each becomes a Blob saved through a download
 * link: nothing leaves the browser.
 */
import {
  delimitedLines,
  formatHexPadded,
  formatMarkdownSummary,
  formatNameForDisplay,
  lintRegions,
  parseJsonLines,
  summarizeRegions,
  type RegionTable,
} from '../../src/internal';
import { buildColoring } from '../paint/coloring';
import { exportPng, exportSvg, type ExportFrame } from '../paint/export-image';
import { DARK, LIGHT } from '../paint/palette';
import { captureView } from '../hooks/useUrlState';
import { findStore, getLoadedFile, viewStore } from '../state/app-store';
import { findResults, STATE_VISIBLE } from '../state/find-results';
import type { LoadedFile } from '../state/loaded-file';
import { formatViewSnapshot } from '../state/view-codec';

export type ExportKind = 'csv' | 'tsv' | 'json' | 'markdown' | 'svg' | 'png';

/** The rows the search and the permission filter leave, in address order; null when neither is set (every row). */
export function filteredRows(file: LoadedFile): Uint32Array | null {
  if (file.index === null) return null;
  const { query, perms } = findStore.get();
  const results = findResults(file.index, query, perms);
  if (results.queryActive) return results.matches;
  if (!results.filterActive) return null;
  const order = file.index.order;
  const rows = new Uint32Array(results.visibleCount);
  let k = 0;
  for (let p = 0; p < order.length; p++) if (results.rowState[order[p]] & STATE_VISIBLE) rows[k++] = order[p];
  return rows;
}

/** The base of an export's file name: the file's name without its extension, or `memory-map`. */
function baseName(file: LoadedFile): string {
  const name = (file.fileName ?? '').replace(/\.gz$/, '').replace(/\.[A-Za-z0-9_]+$/, '');
  // A file name to save under: no path separators or controls.
  const safe = name.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^[-.]+|-+$/g, '');
  return safe === '' ? 'memory-map' : safe.slice(0, 80);
}

/** The lines as a Blob, each followed by `end`: parts of many lines, never one huge string. */
function linesBlob(lines: Iterable<string>, end: string, type: string): Blob {
  const parts: string[] = [];
  let chunk: string[] = [];
  for (const line of lines) {
    chunk.push(line, end);
    if (chunk.length >= 8192) {
      parts.push(chunk.join(''));
      chunk = [];
    }
  }
  parts.push(chunk.join(''));
  return new Blob(parts, { type });
}

/** The image frame of the map as shown. */
function imageFrame(file: LoadedFile, table: RegionTable): ExportFrame | null {
  const model = file.view;
  const v = viewStore.get();
  if (model === null || v.viewport === null || v.owner !== model) return null;
  const dark = window.matchMedia('(prefers-color-scheme: dark)').matches;
  const theme = dark ? DARK : LIGHT;
  const scale = model.scale(v.scaleMode);
  const end = scale.addrOfU(v.viewport.startU + v.viewport.spanU);
  const coloring = buildColoring(table, v.colorMode, theme, v.colorMode === 'module' ? file.analysis : null, model.columnWidths());
  const name = formatNameForDisplay(file.fileName ?? 'memory map', { maxChars: 80 });
  return {
    model,
    scale,
    viewport: v.viewport,
    coloring,
    theme,
    widthPx: Math.max(v.mapWidthPx, 480),
    title: `${name} — ${formatHexPadded(scale.addrOfU(v.viewport.startU))}–${formatHexPadded(end)}, ${v.scaleMode === 'linear' ? 'to scale' : 'gaps compressed'}`,
    selectedRow: v.selectedRow,
  };
}

/** The export of `kind` of the shown file: its Blob and the name to save it under; null when nothing is shown. */
export async function buildExport(kind: ExportKind, onlyFiltered: boolean): Promise<{ blob: Blob; fileName: string } | null> {
  const file = getLoadedFile();
  const table = file.table;
  if (table === null || file.index === null || file.stats === null) return null;
  const rows = onlyFiltered ? (filteredRows(file) ?? undefined) : undefined;
  const base = baseName(file) + (rows !== undefined ? '-filtered' : '');
  switch (kind) {
    case 'csv':
    case 'tsv':
      // RFC 4180 §2.1: CSV records end with CRLF.
      return {
        blob: linesBlob(delimitedLines(table, kind === 'csv' ? ',' : '\t', rows), kind === 'csv' ? '\r\n' : '\n', kind === 'csv' ? 'text/csv' : 'text/tab-separated-values'),
        fileName: `${base}.${kind}`,
      };
    case 'json': {
      const input = { format: file.format ?? 'unknown', regions: table, diagnostics: file.diagnostics, diagnosticGroups: file.diagnosticGroups, stats: file.stats };
      return { blob: linesBlob(parseJsonLines(input, rows), '\n', 'application/json'), fileName: `${base}.json` };
    }
    case 'markdown': {
      const order = file.index.order;
      const summary = file.analysis?.summary ?? summarizeRegions(table, order);
      const findings = file.analysis?.findings ?? lintRegions(table, order);
      const text = formatMarkdownSummary({ fileName: file.fileName, format: file.format ?? 'unknown', table, summary, findings });
      return { blob: new Blob([text], { type: 'text/markdown' }), fileName: `${base}.md` };
    }
    case 'svg':
    case 'png': {
      const frame = imageFrame(file, table);
      if (frame === null || file.view === null) return null;
      if (kind === 'png') return { blob: await exportPng(frame, 2), fileName: `${base}.png` };
      // The view it shows, in the serialisation share links use: what a reader needs to see it again.
      const svg = exportSvg(frame, `mapscope view ${formatViewSnapshot(captureView(file.view))}`);
      return { blob: new Blob([svg], { type: 'image/svg+xml' }), fileName: `${base}.svg` };
    }
  }
}

/** Saves `blob` as `fileName` through a download link (blob: URL, revoked after). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
