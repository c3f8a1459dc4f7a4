/**
 * A region's pathname in Region details: cut to NAME_CHARS.details, with the whole name one
 * click away — "Show full name" opens it in a scrollable box of bounded size (up to
 * NAME_CHARS.full characters laid out), and "Copy name" copies the exact name, however long.
 */
import { useState } from 'react';
import { exceedsChars } from '../../src/internal';
import { NAME_CHARS, Name } from './Name';

export function NameField({ name }: { name: string }) {
  const [open, setOpen] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);
  const cut = exceedsChars(name, NAME_CHARS.details);
  const copy = () =>
    navigator.clipboard.writeText(name).then(
      () => setCopied('Copied.'),
      (error: unknown) => setCopied(`Not copied: ${error instanceof Error ? error.message : String(error)}`),
    );
  return (
    <>
      <Name text={name} maxChars={NAME_CHARS.details} className="name-wrap" />
      <span className="name-actions">
        {cut && (
          <button type="button" className="button small" aria-expanded={open} onClick={() => setOpen(!open)}>
            {open ? 'Hide full name' : 'Show full name'}
          </button>
        )}
        <button type="button" className="button small" onClick={copy}>
          Copy name
        </button>
        {copied !== null && (
          <span className="muted" role="status">
            {copied}
          </span>
        )}
      </span>
      {open && (
        <div className="full-name" role="region" aria-label="Full name" tabIndex={0}>
          <Name text={name} maxChars={NAME_CHARS.full} className="name-wrap" />
        </div>
      )}
    </>
  );
}
