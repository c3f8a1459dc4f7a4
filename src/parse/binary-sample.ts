/**
 * Binary data or text? Decided by a whole sample, never by one byte: the kernel writes a name's
 * bytes raw (proc_pid_maps(5) escapes only "\n"), so a NUL or a control character inside one line
 * is that line's problem, while an image, a program or random bytes hold them everywhere (random
 * bytes: 1 NUL and 27 other control codes in every 256). Shared by the byte sniffer
 * (input/sniff.ts) and the parse entry, which also takes text that did not come through it.
 */

/** True for a control code that text does not hold (tab, LF, VT, FF, CR and ESC it may). */
export function isStrayControl(c: number): boolean {
  return c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x0b && c !== 0x1b;
}

/**
 * Whether a sample of `length` bytes (or characters) with `nul` NULs and `controls` other stray
 * control codes is binary data rather than text.
 */
export function isBinarySample(length: number, nul: number, controls: number): boolean {
  if (length === 0) return false;
  if (nul >= 16 && nul * 100 > length) return true;
  if (nul > 0 && (nul + controls) * 20 > length) return true;
  return controls * 10 > length;
}

/** Characters of a text examined by textLooksBinary: its first 64 Ki. */
const SAMPLE_CHARS = 64 * 1024;

/** A NUL or a stray control code (isStrayControl). */
const STRAY_CONTROL = /[\0-\x08\x0e-\x1a\x1c-\x1f]/;

/** True when `text` holds a NUL or a stray control code (isStrayControl): one search in the regular expression engine's native code. */
export function hasStrayControl(text: string): boolean {
  return STRAY_CONTROL.test(text);
}

/** isBinarySample over the first SAMPLE_CHARS characters of `text` (sampleLooksBinary's answer). */
export function textLooksBinary(text: string): boolean {
  const n = Math.min(text.length, SAMPLE_CHARS);
  // Nearly every text holds none: one search in the regular expression engine's native code
  // answers that, where the count of sampleLooksBinary runs 64 Ki steps of JavaScript in a fresh process's
  // interpreter (a few ms of a small file's first parse, issue 19).
  if (!hasStrayControl(n === text.length ? text : text.slice(0, n))) return false;
  return sampleLooksBinary(text);
}

/** textLooksBinary's definition: isBinarySample over the first SAMPLE_CHARS characters, counted one by one. */
export function sampleLooksBinary(text: string): boolean {
  const n = Math.min(text.length, SAMPLE_CHARS);
  let nul = 0;
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) nul++;
    else if (isStrayControl(c)) controls++;
  }
  return isBinarySample(n, nul, controls);
}
