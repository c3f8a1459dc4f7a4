/**
 * Ctrl/Cmd+V anywhere loads the clipboard. Like speedscope's application.tsx, the listener is on
 * the document and stands aside while a text field has focus, so pasting into a search box or the
 * paste dialog stays a normal paste.
 */
import { useEffect, useRef } from 'react';

/** True for elements where a paste means typing: text inputs, text areas, contenteditable. */
function isTextField(element: Element | null): boolean {
  if (element === null) return false;
  if (element instanceof HTMLTextAreaElement) return true;
  if (element instanceof HTMLInputElement) {
    return !['button', 'checkbox', 'color', 'file', 'hidden', 'image', 'radio', 'range', 'reset', 'submit'].includes(element.type);
  }
  return element instanceof HTMLElement && element.isContentEditable;
}

export interface PasteHandlers {
  onText: (text: string) => void;
  /** Files on the clipboard (a file copied in a file manager). */
  onFiles: (files: File[]) => void;
}

/** Listens for paste on the document while no text field has focus. */
export function usePaste(handlers: PasteHandlers): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    const onPaste = (event: ClipboardEvent) => {
      if (isTextField(document.activeElement) || isTextField(event.target as Element | null)) return;
      // A modal dialog (the paste dialog) owns the keyboard while it is open.
      if (document.querySelector('dialog[open]') !== null) return;
      const data = event.clipboardData;
      if (data === null) return;
      const files = Array.from(data.files);
      if (files.length > 0) {
        event.preventDefault();
        ref.current.onFiles(files);
        return;
      }
      const text = data.getData('text/plain');
      // An empty clipboard (or an image without text) is not worth replacing the open file for.
      if (text.length === 0) return;
      event.preventDefault();
      ref.current.onText(text);
    };
    document.addEventListener('paste', onPaste);
    return () => document.removeEventListener('paste', onPaste);
  }, []);
}
