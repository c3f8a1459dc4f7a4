/**
 * Formats a count with thousands separators (`65,530`), as the app's header and the tests read it.
 * Integers are grouped by hand: a page's first Intl call loads ICU's data (~35 ms in Chromium),
 * and the app runs this in the first render of every file.
 */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n));
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += ',' + digits.slice(i, i + 3);
  return n < 0 ? '-' + out : out;
}
