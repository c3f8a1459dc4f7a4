/**
 * A name from the file (a pathname, a module, a file name), shown by the one display rule
 * (formatNameForDisplay, src/model/display-text.ts): escaped, isolated from the text around it
 * (`<bdi dir="auto">`: right-to-left letters in it cannot reorder the addresses beside it, UAX #9)
 * and cut to `maxChars` — a 50 MB name is never escaped, measured or laid out whole. Its CSS class
 * keeps repeated spaces (white-space: pre) and clips combining marks inside the box.
 */
import { formatNameForDisplay } from '../../src/internal';

/** How much of a name each place shows (characters, before escaping). */
export const NAME_CHARS = {
  /** A table cell, a tooltip line, a heading, a lookup answer, a map label. */
  short: 300,
  /** Region details' path (then "Show full name"): a few lines of its column. */
  details: 400,
  /** The full-name box: scrollable; beyond this the Copy button still copies the whole name. */
  full: 100_000,
} as const;

/** `text` as the display rule shows it, cut to `maxChars` (NAME_CHARS.short by default). */
export function nameText(text: string, maxChars: number = NAME_CHARS.short): string {
  return formatNameForDisplay(text, { maxChars });
}

export function Name({ text, maxChars, className }: { text: string; maxChars?: number; className?: string }) {
  return (
    <bdi dir="auto" className={className === undefined ? 'name' : `name ${className}`}>
      {nameText(text, maxChars)}
    </bdi>
  );
}
