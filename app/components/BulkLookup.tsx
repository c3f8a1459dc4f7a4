/**
 * Bulk lookup: paste a backtrace, a crash log or a list of pointers; every address found in it is
 * annotated with module+offset, region and permissions (src/query/annotate.ts), as a list and as
 * text to copy back: the frames of each backtrace first (gdb, sanitizers, Android), then the other
 * addresses grouped by the region or module they point into. Clicking an address selects its
 * region on the map.
 */
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { annotateText, findAddresses, formatHex, formatLookupLine, groupFound, type FoundAddress, type FoundGroups, type ModuleIndex, type RegionIndex } from '../../src/internal';
import { Name, nameText } from './Name';
import { useModuleIndex } from '../state/module-index';
import { viewStore } from '../state/app-store';
import type { FindActions } from '../hooks/useFind';

interface Props {
  open: boolean;
  onClose: () => void;
  index: RegionIndex;
  actions: FindActions;
  /** Text the dialog starts with (a crash artifact's backtrace), taken again whenever it changes. */
  initialText?: string;
}

/** The most addresses listed (the annotated text always has all of them). */
const LIST_MAX = 500;

const NO_GROUPS: FoundGroups = { backtraces: [], others: [] };

/** One address of the list: the text as written (a button that shows it on the map) and its lookup. */
function FoundItem({ f, index, modules, actions }: { f: FoundAddress; index: RegionIndex; modules: ModuleIndex; actions: FindActions }) {
  return (
    <li className={f.lookup.mapped ? '' : 'unmapped'}>
      {f.frame !== undefined && <span className="bulk-frame muted">#{f.frame.index}</span>}
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
      <span className="bulk-line">
        {f.form === 'module' ? `${formatHex(f.address)} = ` : ''}
        {formatLookupLine(index.table, modules, f.lookup, index.addressSpace)}
      </span>
    </li>
  );
}

export function BulkLookup({ open, onClose, index, actions, initialText = '' }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState(initialText);
  useEffect(() => setText(initialText), [initialText]);
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

  const { found, annotated, groups } = useMemo(() => {
    // Nothing to do while closed or empty, or before the module index comes.
    if (!open || deferred.trim() === '' || modules === null) return { found: [], annotated: deferred, groups: NO_GROUPS };
    const found = findAddresses(deferred, index, modules);
    return { found, annotated: annotateText(deferred, index, modules, found), groups: groupFound(deferred, found, index, modules) };
  }, [deferred, index, open, modules]);
  const mapped = found.filter((f) => f.lookup.mapped).length;
  const frameCount = groups.backtraces.reduce((n, b) => n + b.frames.length, 0);
  // At most LIST_MAX items in all, frames first.
  let budget = LIST_MAX;
  const listed = (items: readonly FoundAddress[]) => {
    const shown = items.slice(0, Math.max(0, budget));
    budget -= shown.length;
    return shown;
  };

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
            : `${found.length.toLocaleString('en-US')} addresses found, ${mapped.toLocaleString('en-US')} mapped` +
              (frameCount > 0 ? `: ${frameCount.toLocaleString('en-US')} frames in ${groups.backtraces.length.toLocaleString('en-US')} backtrace${groups.backtraces.length === 1 ? '' : 's'}, ${(found.length - frameCount).toLocaleString('en-US')} other` : '')}
      </p>
      {found.length > 0 && modules !== null && (
        <div className="bulk-results" role="group" aria-label="Annotated addresses">
          {groups.backtraces.length > 0 && <h3 className="bulk-heading">Frames</h3>}
          {groups.backtraces.map((b, i) => {
            const title = b.title === '' ? `Backtrace ${i + 1}` : b.title;
            return (
              <div key={i} className="bulk-backtrace">
                <h4 className="bulk-title">
                  <Name text={title} />
                </h4>
                <ol className="bulk-list" aria-label={`Frames of ${nameText(title)}`}>
                  {listed(b.frames).map((f, k) => (
                    <FoundItem key={k} f={f} index={index} modules={modules} actions={actions} />
                  ))}
                </ol>
              </div>
            );
          })}
          {groups.others.length > 0 && groups.backtraces.length > 0 && <h3 className="bulk-heading">Other addresses</h3>}
          {groups.others.map((g) => (
            <details key={g.name} className="bulk-group" open={groups.backtraces.length === 0}>
              <summary>
                <Name text={g.name} /> <span className="muted">· {g.items.length.toLocaleString('en-US')}</span>
              </summary>
              <ol className="bulk-list" aria-label={`Addresses in ${nameText(g.name)}`}>
                {listed(g.items).map((f, k) => (
                  <FoundItem key={k} f={f} index={index} modules={modules} actions={actions} />
                ))}
              </ol>
            </details>
          ))}
          {found.length > LIST_MAX && <p className="muted">… and {(found.length - LIST_MAX).toLocaleString('en-US')} more in the annotated text</p>}
        </div>
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
