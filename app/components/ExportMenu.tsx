/**
 * The header's Export button and its menu: CSV, TSV, JSON, Markdown summary, SVG image, PNG image.
 * With a search or a permission filter set, the data exports take every region or only the ones
 * the search and filter leave. A failure is said in the menu, never only in the console.
 */
import { useEffect, useRef, useState } from 'react';
import { formatCount } from '../../src/internal';
import { useFindState } from '../state/app-store';
import type { LoadedFile } from '../state/loaded-file';
import { buildExport, filteredRows, saveBlob, type ExportKind } from './export-files';

const CHOICES: { kind: ExportKind; label: string; title: string }[] = [
  { kind: 'csv', label: 'CSV', title: 'The region table as CSV (RFC 4180): exact hex addresses, smaps columns when present' },
  { kind: 'tsv', label: 'TSV', title: 'The region table as tab-separated values' },
  { kind: 'json', label: 'JSON', title: 'Regions and diagnostics in the shape of mapscope parse --json' },
  { kind: 'markdown', label: 'Markdown summary', title: 'Totals by kind and module, and the findings, to paste into an issue' },
  { kind: 'svg', label: 'SVG image', title: 'The map as shown, with its axis and legend, as vector graphics' },
  { kind: 'png', label: 'PNG image', title: 'The map as shown, with its axis and legend, at twice the screen resolution' },
];

/** Export of the shown file; hidden until a file is shown. */
export function ExportMenu({ file }: { file: LoadedFile }) {
  const [open, setOpen] = useState(false);
  const [onlyFiltered, setOnlyFiltered] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const root = useRef<HTMLDivElement>(null);
  // Re-render when the search or the filter changes while the menu is open: its filtered count
  // follows them (closed, it shows none, and typing a search does not re-render it).
  useFindState((s) => (open ? s.query : null));
  useFindState((s) => (open ? s.perms : null));

  useEffect(() => {
    if (!open) return;
    const onDown = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    window.addEventListener('pointerdown', onDown);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('pointerdown', onDown);
      window.removeEventListener('keydown', onKey);
    };
  }, [open]);

  if (file.status !== 'ready' || file.table === null) return null;
  const filtered = open ? filteredRows(file) : null;
  const run = async (kind: ExportKind) => {
    setMessage(null);
    try {
      const made = await buildExport(kind, onlyFiltered && filtered !== null && kind !== 'svg' && kind !== 'png' && kind !== 'markdown');
      if (made === null) {
        setMessage('Nothing to export yet: the map has not been drawn.');
        return;
      }
      saveBlob(made.blob, made.fileName);
      setOpen(false);
    } catch (error) {
      setMessage(`The export failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  return (
    <div className="export-menu" ref={root}>
      <button type="button" className="button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)} title="Save the regions, a summary or an image of the map">
        Export
      </button>
      {open && (
        <div className="export-popup" role="menu" aria-label="Export">
          {filtered !== null && (
            <div role="group" aria-label="Regions to export">
              <button type="button" role="menuitemradio" aria-checked={!onlyFiltered} className="menu-item" onClick={() => setOnlyFiltered(false)}>
                All {formatCount(file.table.length)} regions
              </button>
              <button type="button" role="menuitemradio" aria-checked={onlyFiltered} className="menu-item" onClick={() => setOnlyFiltered(true)}>
                The {formatCount(filtered.length)} regions the search and filter show
              </button>
              <hr />
            </div>
          )}
          {CHOICES.map((c) => (
            <button key={c.kind} type="button" role="menuitem" className="menu-item" title={c.title} onClick={() => void run(c.kind)}>
              {c.label}
            </button>
          ))}
          {message !== null && (
            <p className="export-message" role="alert">
              {message}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
