/** Diagnostics: text clipping and the strict-mode error. */
import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_TEXT_MAX, ParseError, clipDiagnosticText, type Diagnostic } from '../../src/model/diagnostic';

describe('diagnostic', () => {
  it('keeps texts up to the limit, cuts longer ones with an ellipsis', () => {
    expect(DIAGNOSTIC_TEXT_MAX).toBe(512);
    const atLimit = 'x'.repeat(512);
    expect(clipDiagnosticText(atLimit)).toBe(atLimit);
    expect(clipDiagnosticText('')).toBe('');
    expect(clipDiagnosticText('y'.repeat(513))).toBe('y'.repeat(512) + '…');
  });

  it('ParseError carries the diagnostic and says where', () => {
    const d: Diagnostic = {
      line: 3,
      column: 19,
      severity: 'error',
      code: 'bad-permissions',
      message: 'invalid permissions "rwz-": expected [r-][w-][x-][sp]',
      text: '00400000-00401000 rwz- 0 00:00 0',
    };
    const e = new ParseError(d);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('ParseError');
    expect(e.message).toBe('line 3, column 19: invalid permissions "rwz-": expected [r-][w-][x-][sp]');
    expect([e.line, e.column, e.code, e.text]).toEqual([3, 19, 'bad-permissions', d.text]);
  });
});
