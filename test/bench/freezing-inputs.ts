/**
 * The inputs that once froze the app and exhausted the CLI (issue 11, case 14), generated: the
 * freeze benchmark loads them in the browser, and the parse and CLI tests read them exactly.
 */

/** One maps line as the kernel writes it (name at column 74). */
const LINE = '7f3a2c000000-7f3a2c001000 r--p 00000000 08:01 1234                       /usr/lib/x86_64-linux-gnu/libc.so.6';

/** The freezing inputs: name and a generator of their text, as one string (the page reads a file). */
export const FREEZING_INPUTS: readonly [name: string, make: () => string][] = [
  ['1,000,000 duplicate lines', () => (LINE + '\n').repeat(1_000_000)],
  [
    '1,500,000 bad lines',
    () => {
      // One good line (so the file loads), then three kinds of bad line in turn.
      const bad = [LINE.replace(' r--p ', ' rwz- '), LINE.slice(0, 40), LINE.replace(' 08:01 ', ' 08:0z ')];
      const lines = [LINE];
      for (let i = 1; i < 1_500_000; i++) lines.push(bad[i % 3]);
      return lines.join('\n') + '\n';
    },
  ],
  ['one 50 MB pathname', () => `${LINE.slice(0, LINE.indexOf('/'))}/${'a'.repeat(50_000_000)}\n`],
];
