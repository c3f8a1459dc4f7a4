/** One diagnostic in the problems panel: where, why, and the line's raw text with the offending token marked. */
import type { CSSProperties } from 'react';
import { formatNameForDisplay, type Diagnostic } from '../../src/internal';

/** Splits a line's text around the token that starts at 1-based `column`. */
export function splitAtColumn(text: string, column: number): [before: string, token: string, after: string] {
  const start = Math.min(Math.max(column - 1, 0), text.length);
  let end = start;
  while (end < text.length && text[end] !== ' ' && text[end] !== '\t') end++;
  return [text.slice(0, start), text.slice(start, end), text.slice(end)];
}

/** A diagnostic, as a row of the problems list. */
export function ProblemRow({ diagnostic: d, style }: { diagnostic: Diagnostic; style: CSSProperties }) {
  const [before, token, after] = splitAtColumn(d.text, d.column);
  return (
    <div role="listitem" className={`problem problem-${d.severity}`} style={style}>
      <div className="problem-head">
        <span className="problem-severity">{d.severity}</span>
        <span className="problem-where">{d.line === 0 ? 'whole file' : `line ${d.line}, column ${d.column}`}</span>
        <span className="problem-message">{formatNameForDisplay(d.message)}</span>
        <code className="problem-code">{d.code}</code>
      </div>
      {/* Untrusted text: rendered as text nodes, never as HTML, control and bidi characters escaped
          (each part on its own, so the mark stays on the token the column points at). */}
      <pre className="problem-text">
        {formatNameForDisplay(before)}
        <mark className={token === '' ? 'caret' : undefined}>{token === '' ? ' ' : formatNameForDisplay(token)}</mark>
        {formatNameForDisplay(after)}
      </pre>
    </div>
  );
}
