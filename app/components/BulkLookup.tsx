/**
 * Bulk lookup: paste a backtrace, a crash log or a list of pointers; every address found in it is
 * annotated with module+offset, region and permissions (src/query/annotate.ts), as a list and as
 * text to copy back. Clicking an address selects its region on the map.
 */
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { annotateText, findAddresses, formatHex, formatLookupLine, type RegionIndex } from '../../src/internal';
import { useModuleIndex } from '../state/module-index';
import { viewStore } from '../state/app-store';
import type { FindActions } from '../hooks/useFind';

interface Props {
  open: boolean;
  onClose: () => void;
  index: RegionIndex;
  actions: FindActions;
}

/** The most addresses listed (the annotated text always has all of them). */
const LIST_MAX = 500;

export function BulkLookup({ open, onClose, index, actions }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState('');
  const [copied, setCopied] = useState(false);
  const deferred = useDeferredValue(text);
  // Module names resolve through the parse worker's module index; it may still be on its way.
  const moduleIndex = useModuleIndex(index);
  const modules = moduleIndex.status === 'ready' ? moduleIndex.modules : null;
  useEffect(() => {
    const d = dialog.current;
    if (d === null) return;
    // The text area takes focus when the dialog opens — not through autoFocus, which React
    // applies at mount, forcing a layout of the whole page in the task that shows a new file.
    if (open && !d.open) {
      d.showModal();
      input.current?.focus();
    }
    if (!open && d.open) d.close();
  }, [open]);

  const { found, annotated } = useMemo(() => {
    // Nothing to do while closed or empty, or before the module index comes.
    if (!open || deferred.trim() === '' || modules === null) return { found: [], annotated: deferred };
    const found = findAddresses(deferred, index, modules);
    return { found, annotated: annotateText(deferred, index, modules, found) };
  }, [deferred, index, open, modules]);
  const mapped = found.filter((f) => f.lookup.mapped).length;

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(annotated);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      setCopied(false);
    }
  };

  return (
    <dialog ref={dialog} className="bulk-dialog" aria-labelledby="bulk-title" onClose={onClose}>
      <div className="bulk-head">
        <h2 id="bulk-title">Bulk lookup</h2>
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
      <label htmlFor="bulk-text" className="muted">
        Paste a backtrace, a crash log or a list of pointers: 0x… numbers, module+0x… offsets and bare hex of 8 or more digits are looked up.
      </label>
      <textarea
        id="bulk-text"
        className="bulk-input"
        value={text}
        ref={input}
        spellCheck={false}
        placeholder={'#0  0x00007f3a2c029d90 in raise () from /lib/x86_64-linux-gnu/libc.so.6\n/lib/x86_64-linux-gnu/libc.so.6(+0x2724a)[0x7f920f06224a]'}
        onChange={(event) => setText(event.target.value)}
      />
      <p className="bulk-summary" role="status">
        {modules === null && text.trim() !== ''
          ? moduleIndex.status === 'failed'
            ? `No modules to look names up in: the analysis failed (${moduleIndex.message}).`
            : 'Grouping modules… the addresses are looked up when they are ready.'
          : found.length === 0
            ? 'No addresses found yet.'
            : `${found.length.toLocaleString('en-US')} addresses found, ${mapped.toLocaleString('en-US')} mapped`}
      </p>
      {found.length > 0 && (
        <ol className="bulk-list" aria-label="Annotated addresses">
          {found.slice(0, LIST_MAX).map((f, i) => (
            <li key={i} className={f.lookup.mapped ? '' : 'unmapped'}>
              <button
                type="button"
                className="link"
                title={`line ${f.line}, column ${f.column}`}
                onClick={() => {
                  if (f.lookup.mapped) actions.select(f.lookup.row);
                  else viewStore.set({ selectedRow: -1 });
                  actions.revealAddress(f.address);
                }}
              >
                {f.text}
              </button>
              <span className="bulk-line">{f.form === 'module' ? `${formatHex(f.address)} = ` : ''}{formatLookupLine(index.table, modules!, f.lookup, index.addressSpace)}</span>
            </li>
          ))}
          {found.length > LIST_MAX && <li className="muted">… and {(found.length - LIST_MAX).toLocaleString('en-US')} more in the annotated text</li>}
        </ol>
      )}
      <label htmlFor="bulk-out" className="muted">
        Annotated text
      </label>
      <textarea id="bulk-out" className="bulk-output" readOnly value={annotated} spellCheck={false} />
      <div className="dialog-actions">
        <span className="muted" role="status">
          {copied ? 'Copied.' : ''}
        </span>
        <button type="button" className="button primary" disabled={found.length === 0} onClick={() => void copy()}>
          Copy annotated text
        </button>
      </div>
    </dialog>
  );
}
