/** A dialog with a text area, for people who prefer pasting into a box to Ctrl+V on the page. */
import { useEffect, useRef, useState } from 'react';

interface PasteDialogProps {
  open: boolean;
  onClose: () => void;
  onSubmit: (text: string) => void;
}

/** The paste dialog (a native modal dialog: focus trap and Escape for free). */
export function PasteDialog({ open, onClose, onSubmit }: PasteDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState('');
  useEffect(() => {
    const d = dialog.current;
    if (d === null) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);

  const submit = () => {
    if (text.trim() === '') return;
    onSubmit(text);
    setText('');
  };
  return (
    <dialog ref={dialog} className="paste-dialog" aria-labelledby="paste-title" onClose={onClose}>
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <h2 id="paste-title">Paste a memory map</h2>
        <label htmlFor="paste-text" className="muted">
          The text of /proc/PID/maps, smaps, pmap or gdb output. It is read here, never uploaded.
        </label>
        <textarea
          id="paste-text"
          value={text}
          onChange={(event) => setText(event.target.value)}
          spellCheck={false}
          autoFocus
          placeholder="55d2fa7e1000-55d2fa7e2000 r--p 00000000 fe:00 2147526    /usr/bin/cat"
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) submit();
          }}
        />
        <div className="dialog-actions">
          <span className="muted">Ctrl+Enter opens</span>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={text.trim() === ''}>
            Open
          </button>
        </div>
      </form>
    </dialog>
  );
}
