/**
 * The Share link button and its dialog: redaction choices, a preview of exactly what the link will
 * carry, the link in a text field labelled "Share link" with a Copy button, and its size. A link
 * longer than browsers accept is not offered: the redacted file is, to send instead.
 */
import { useEffect, useRef, useState } from 'react';
import { formatBytes, formatCount, formatNameForDisplay, MAX_URL_CHARS, textBytes, type RedactOptions } from '../../src/internal';
import { captureView } from '../hooks/useUrlState';
import type { LoadedFile } from '../state/loaded-file';
import { saveBlob } from './export-files';
import { makeShareLink, readSourceText, type ShareResult } from './share-link';

/** Lines of the preview. */
const PREVIEW_LINES = 12;

/** Lines of a text (a last line without a newline counts). */
function lineCount(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') || text === '' ? n : n + 1;
}

type Built = { status: 'working' } | { status: 'done'; result: ShareResult } | { status: 'failed'; message: string };

/** The header's Share link button; the dialog opens on it. */
export function ShareButton({ file }: { file: LoadedFile }) {
  const [open, setOpen] = useState(false);
  if (file.status !== 'ready' || file.table === null || file.view === null) return null;
  return (
    <>
      <button type="button" className="button" onClick={() => setOpen(true)} title="A link that carries this file and view, for a bug report">
        Share link
      </button>
      {open && <ShareDialog file={file} onClose={() => setOpen(false)} />}
    </>
  );
}

function ShareDialog({ file, onClose }: { file: LoadedFile; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [options, setOptions] = useState<RedactOptions>({ homes: true, allNames: false });
  const [built, setBuilt] = useState<Built>({ status: 'working' });
  const [copied, setCopied] = useState<string | null>(null);
  const text = useRef<Promise<string> | null>(null);
  // The view when the dialog opened: the one the user is looking at.
  const [view] = useState(() => captureView(file.view!));

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  useEffect(() => {
    let live = true;
    setBuilt({ status: 'working' });
    setCopied(null);
    text.current ??= readSourceText(file);
    text.current
      .then((t) => makeShareLink(file, t, view, options))
      .then((result) => live && setBuilt({ status: 'done', result }))
      .catch((error: unknown) => live && setBuilt({ status: 'failed', message: `The link could not be made: ${error instanceof Error ? error.message : String(error)}.` }));
    return () => {
      live = false;
    };
  }, [file, view, options]);

  const copy = async (url: string) => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied('Copied.');
    } catch {
      const field = dialog.current?.querySelector<HTMLInputElement>('input[readonly]');
      field?.select();
      setCopied('The browser did not allow copying: the link is selected, press Ctrl+C.');
    }
  };

  const result = built.status === 'done' ? built.result : null;
  const preview = result?.redaction.text.split('\n', PREVIEW_LINES) ?? [];
  return (
    <dialog ref={dialog} className="paste-dialog share-dialog" aria-labelledby="share-title" onClose={onClose}>
      <h2 id="share-title">Share link</h2>
      <p className="muted">
        The link carries this file, compressed, and the view you see, after the <code>#</code> of the address: browsers never send that part to a server. Anyone
        with the link sees the file as it is previewed below.
      </p>
      <fieldset className="share-redact">
        <legend>Before sharing, replace</legend>
        <label>
          <input type="checkbox" checked={options.homes} onChange={(e) => setOptions({ ...options, homes: e.target.checked })} /> user names in home directories
          (/home/NAME → /home/user1)
        </label>
        <label>
          <input type="checkbox" checked={options.allNames} onChange={(e) => setOptions({ ...options, allNames: e.target.checked })} /> every file name (placeholders:
          the same file keeps the same one, so modules still group)
        </label>
      </fieldset>
      <section aria-label="What will be shared" className="share-preview">
        <h3>What will be shared{result && ` (the first ${formatCount(preview.length)} of ${formatCount(lineCount(result.redaction.text))} lines)`}</h3>
        {result && (
          <p className="muted">
            {result.redaction.users.length > 0 || result.redaction.files.length > 0
              ? `Replaced: ${formatCount(result.redaction.users.length)} user name${result.redaction.users.length === 1 ? '' : 's'}, ${formatCount(result.redaction.files.length)} file name${result.redaction.files.length === 1 ? '' : 's'}. `
              : 'Nothing replaced. '}
            File name: <span className="name">{formatNameForDisplay(result.fileName, { maxChars: 80 })}</span>
          </p>
        )}
        <pre className="share-preview-text">
          {built.status === 'working' ? 'Reading the file…' : preview.map((line) => formatNameForDisplay(line, { maxChars: 200 })).join('\n')}
        </pre>
      </section>
      {built.status === 'failed' && (
        <p className="share-error" role="alert">
          {built.message}
        </p>
      )}
      {result && !result.tooLong && (
        <div className="share-link-row">
          <label htmlFor="share-link-field">Share link</label>
          <input id="share-link-field" readOnly value={result.url} onFocus={(e) => e.currentTarget.select()} />
          <button type="button" className="button primary" onClick={() => void copy(result.url)}>
            Copy
          </button>
        </div>
      )}
      {result && (
        <p className={result.tooLong ? 'share-error' : 'muted'} role="status">
          {result.tooLong
            ? `The link would be ${formatCount(result.url.length)} characters (${formatBytes(result.url.length)}): longer than browsers accept in an address (${formatBytes(MAX_URL_CHARS)} in Chromium). Save the file instead and send it; mapscope opens it as it is.`
            : `The link is ${formatCount(result.url.length)} characters (${formatBytes(result.url.length)}).`}
          {copied !== null && ` ${copied}`}
        </p>
      )}
      <div className="dialog-actions">
        {result && (
          <button type="button" className={result.tooLong ? 'button primary' : 'button'} onClick={() => saveBlob(new Blob([textBytes(result.redaction.text) as Uint8Array<ArrayBuffer>], { type: 'text/plain' }), result.fileName)}>
            Save the file instead
          </button>
        )}
        <button type="button" className="button" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </div>
    </dialog>
  );
}
