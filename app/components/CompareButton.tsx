/** "Compare with…": opens a second file and compares the shown snapshot (before) with it (after). */
import { useRef } from 'react';
import type { LoadedFile } from '../state/loaded-file';
import { compareWith } from '../workers/set-client';

export function CompareButton({ file }: { file: LoadedFile }) {
  const input = useRef<HTMLInputElement>(null);
  if (file.status !== 'ready' || file.table === null) return null;
  return (
    <>
      <button type="button" className="button" onClick={() => input.current?.click()} title="Open a second file and see what changed from this one to it">
        Compare with…
      </button>
      <input
        ref={input}
        type="file"
        hidden
        tabIndex={-1}
        aria-label="File to compare with"
        onChange={(event) => {
          const picked = event.currentTarget.files?.[0];
          event.currentTarget.value = ''; // picking the same file again must compare again
          if (picked !== undefined) compareWith(picked);
        }}
      />
    </>
  );
}
