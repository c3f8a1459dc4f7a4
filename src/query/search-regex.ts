/**
 * The search box's regular expressions, run by a linear-time engine. A query comes from whoever
 * typed it or wrote the link that carries it, and JavaScript's RegExp backtracks: `/^(.+)+!$/`
 * over a 30-character name never ends, on the page's one thread. RE2 (github.com/google/re2/wiki/
 * Syntax), here its JavaScript port re2js, matches in time linear in the name's length for any
 * pattern, because it has no construct that needs backtracking: no backreferences (`\1`, `\k<n>`)
 * and no lookaround (`(?=`, `(?!`, `(?<=`, `(?<!`). Those get a message that says why, rather
 * than the engine's "invalid escape sequence".
 */
import { RE2JS } from 're2js';

/** A compiled search regex: its text as typed, and a linear-time test of a name. */
export interface LinearRegex {
  /** The pattern as typed, between the slashes. */
  readonly source: string;
  /** The flags as typed. */
  readonly flags: string;
  /** True when the pattern matches somewhere in `text` (time linear in `text.length`). */
  test(text: string): boolean;
}

/** Flags JavaScript accepts that mean nothing to a yes/no test of one name (d: indices, g/y: lastIndex, u: code points — RE2 always reads them). */
const IGNORED_FLAGS = 'dguy';

const WHY = 'searches use a linear-time engine (RE2) so that no pattern can freeze the page';

/** `body`/`flags` (a `/body/flags` literal) compiled for the linear-time engine, or why it cannot be. */
export function compileSearchRegex(body: string, flags: string): LinearRegex | { message: string } {
  let engineFlags = 0;
  for (const [i, flag] of [...flags].entries()) {
    if (flags.indexOf(flag) !== i) return { message: `invalid regular expression: the flag "${flag}" is given twice` };
    if (flag === 'i') engineFlags |= RE2JS.CASE_INSENSITIVE;
    else if (flag === 'm') engineFlags |= RE2JS.MULTILINE;
    else if (flag === 's') engineFlags |= RE2JS.DOTALL;
    else if (!IGNORED_FLAGS.includes(flag)) return { message: `the regular expression flag "${flag}" is not supported (flags: i, m, s)` };
  }
  const unsupported = findUnsupported(body);
  if (unsupported !== undefined) return { message: `${unsupported} not supported: ${WHY}` };
  let engine: RE2JS;
  try {
    // translateRegExp: JavaScript's own escapes (\uHHHH, \u{H}, \cX, (?<name>)) in RE2's spelling.
    engine = RE2JS.compile(RE2JS.translateRegExp(body), engineFlags);
  } catch (error) {
    const why = error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : String(error);
    return { message: `invalid regular expression: ${why}` };
  }
  const literal = literalOf(body, flags);
  if (literal !== null) return { source: body, flags, test: literalTest(literal) };
  const required = requiredRuns(body, flags);
  if (required.length > 0) return { source: body, flags, test: (text) => holdsAll(text, required) && engine.test(text) };
  return { source: body, flags, test: (text) => engine.test(text) };
}

/** True when `text` holds each of `runs`. */
function holdsAll(text: string, runs: readonly string[]): boolean {
  for (let i = 0; i < runs.length; i++) if (!text.includes(runs[i])) return false;
  return true;
}

/** Single-letter escapes that stand for a class or an assertion, never a character of the name: they end a run. */
const CLASS_ESCAPES = 'dDwWsSbB';

/**
 * Strings every match of `body` holds: the runs of plain characters at its top level (outside
 * groups and classes), with a character that `?`, `*` or `{` makes optional left out — so that
 * `includes` turns most names away before the engine reads them (`/lib.*\.so/` reads only the
 * names that hold both `lib` and `.so`). Empty when the pattern has an alternation at its top
 * level, folds case (`i`, or RE2's inline `(?i)`; any inline flags), or holds an escape or character read otherwise here than by the engine:
 * nothing is required then, and the engine alone answers.
 */
function requiredRuns(body: string, flags: string): string[] {
  if (flags.includes('i')) return [];
  const runs: string[] = [];
  let run = '';
  const end = () => {
    if (run !== '') runs.push(run);
    run = '';
  };
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c >= '\ud800' && c <= '\udfff') return [];
    if (c === '\\') {
      const next = body[++i] ?? '';
      if (depth > 0 || CLASS_ESCAPES.includes(next)) end();
      else if (/^[!-/:-@[-`{-~]$/.test(next)) run += next;
      else return [];
    } else if (c === '[') {
      end();
      // To the class's end: `]` first in it (or after `^`) is a character in JavaScript.
      let j = i + 1;
      if (body[j] === '^') j++;
      if (body[j] === ']') j++;
      while (j < body.length && body[j] !== ']') j += body[j] === '\\' ? 2 : 1;
      if (j >= body.length) return [];
      i = j;
    } else if (c === '(') {
      // `(?i)` and `(?i:…)` fold case from there on (RE2's flags, `s`, `m`, `U` with them): the
      // runs' exact case would turn away names the engine matches. Only `(?:`, `(?<` and `(?P<` open plain groups.
      if (body[i + 1] === '?' && body[i + 2] !== ':' && body[i + 2] !== '<' && body[i + 2] !== 'P') return [];
      end();
      depth++;
    } else if (c === ')') {
      if (depth === 0) return [];
      depth--;
    } else if (depth > 0) {
      continue;
    } else if (c === '|') {
      return [];
    } else if (c === '?' || c === '*' || c === '{') {
      // The atom before is optional (or, for `{`, its count unknown here): its character is not
      // required; a count's digits (`{2,3}`) are no characters of the name.
      run = run.slice(0, -1);
      end();
      if (c === '{') {
        // Anything else (`a{`, `{x}`) is read differently by JavaScript and RE2: nothing required.
        const count = /^\{\d+(,\d*)?\}/.exec(body.slice(i));
        if (count === null) return [];
        i += count[0].length - 1;
      }
    } else if (c === '+' || c === '.' || c === '^' || c === '$' || c === '}') {
      // `+`: the character before is there at least once, and the run ends with it.
      end();
    } else {
      run += c;
    }
  }
  if (depth !== 0) return [];
  end();
  return runs;
}

/** A pattern that is a run of plain characters, perhaps anchored at either end: `\.so$`. */
interface LiteralPattern {
  text: string;
  start: boolean;
  end: boolean;
}

/**
 * `body` as a literal when it is one: plain characters and escaped ASCII punctuation, with `^` first
 * and `$` last at most, and no flag that changes what they match (`i` folds case, `m` makes `^`/`$`
 * match at lines). RE2's interpreter costs about 1.4 µs a name in the browser (72 ms of a keystroke
 * over the 53,063 names of a million generated regions for `/\.so$/`); a literal is a string
 * comparison. Null for anything else, which the engine answers (the property test holds the two
 * equal). Surrogates are left to the engine, which reads code points where strings read units.
 */
function literalOf(body: string, flags: string): LiteralPattern | null {
  if (/[im]/.test(flags)) return null;
  let from = 0;
  let to = body.length;
  const start = body[0] === '^';
  if (start) from = 1;
  // A final `$` that is not itself escaped (an odd run of backslashes before it escapes it).
  let slashes = 0;
  while (to - 2 - slashes >= from && body[to - 2 - slashes] === '\\') slashes++;
  const end = to > from && body[to - 1] === '$' && slashes % 2 === 0;
  if (end) to--;
  let text = '';
  for (let i = from; i < to; i++) {
    const c = body[i];
    if (c === '\\') {
      const next = body[++i] ?? '';
      if (!/^[!-/:-@[-`{-~]$/.test(next)) return null;
      text += next;
    } else if ('.+*?()|[]{}^$'.includes(c) || (c >= '\ud800' && c <= '\udfff')) return null;
    else text += c;
  }
  return { text, start, end };
}

/** The test of a literal pattern: the string comparisons that answer what RE2 would. */
function literalTest({ text, start, end }: LiteralPattern): (name: string) => boolean {
  if (start && end) return (name) => name === text;
  if (start) return (name) => name.startsWith(text);
  if (end) return (name) => name.endsWith(text);
  return (name) => name.includes(text);
}

/**
 * The first construct of `body` that needs backtracking, in words, or undefined. Reads the
 * pattern as JavaScript does: `\` escapes the next character, and inside `[…]` a `(` or digit
 * escape is a plain character (`[(?=]`, `[\1]`).
 */
function findUnsupported(body: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') {
      const next = body[i + 1] ?? '';
      if (!inClass && /[1-9]/.test(next)) return `backreferences such as \\${next} are`;
      if (!inClass && next === 'k' && body[i + 2] === '<') return 'named backreferences (\\k<name>) are';
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
    } else if (c === '(' && body[i + 1] === '?') {
      const kind = body.slice(i + 2, i + 4);
      if (kind[0] === '=' || kind[0] === '!') return 'lookahead (?= and (?! is';
      if (kind === '<=' || kind === '<!') return 'lookbehind (?<= and (?<! is';
    }
  }
  return undefined;
}

/** How a term shows its regex: `/body/flags`, as typed. */
export function formatSearchRegex(regex: LinearRegex): string {
  return `/${regex.source}/${regex.flags}`;
}
