/**
 * What the hardening tests install in the page before its scripts (page.addInitScript): a trap on
 * `window.__pwned` (every script in the hostile corpus sets it), a log of every CSP violation the
 * page reports, and a record of every text drawn on a canvas (map labels live only there).
 * Chrome also prints each CSP violation to the console as an error, which the harness fails on.
 */
import type { Page } from 'playwright-core';

export const HOSTILE_TRAP = `
  window.__pwnedSet = false;
  Object.defineProperty(window, '__pwned', {
    configurable: false,
    get() { return undefined; },
    set() { window.__pwnedSet = true; },
  });
  for (const name of ['alert', 'confirm', 'prompt']) {
    const original = window[name];
    window[name] = function (...args) { window.__pwnedSet = true; return original.apply(this, args); };
  }
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push(e.violatedDirective + ' blocked ' + e.blockedURI + ' (' + e.sample + ')');
  });
  window.__drawnText = new Set();
  for (const method of ['fillText', 'strokeText']) {
    const original = CanvasRenderingContext2D.prototype[method];
    CanvasRenderingContext2D.prototype[method] = function (text, ...rest) {
      window.__drawnText.add(String(text));
      return original.call(this, text, ...rest);
    };
  }
`;

/** What the trap and the DOM say about the page. */
export interface PageSafety {
  pwned: boolean;
  cspViolations: string[];
  /** Elements a hostile name would have made had it been parsed as HTML. */
  injected: string[];
  /** The src of every script element. */
  scripts: string[];
}

/** Reads the trap and looks for elements that only injected markup would make. */
export function pageSafety(page: Page): Promise<PageSafety> {
  return page.evaluate(() => {
    const w = window as unknown as { __pwnedSet: boolean; __cspViolations: string[] };
    const injected: string[] = [];
    const handlers = document.querySelectorAll('[onerror], [onload], [onmouseover], [onfocus], [onclick]');
    for (const el of handlers) injected.push(`<${el.tagName.toLowerCase()}> with an inline handler`);
    for (const el of document.querySelectorAll('img[src="x"], svg[onload], iframe, object, embed, title ~ b, textarea + b, style + b')) injected.push(`<${el.tagName.toLowerCase()}>`);
    for (const el of document.querySelectorAll('b')) if (el.textContent === 'bold') injected.push('<b>bold</b>');
    for (const el of document.querySelectorAll('a[href]')) if (/^\s*javascript:/i.test(el.getAttribute('href') ?? '')) injected.push('a javascript: link');
    for (const el of document.querySelectorAll('[data-x]')) injected.push(`<${el.tagName.toLowerCase()} data-x>`);
    return {
      pwned: w.__pwnedSet,
      cspViolations: [...w.__cspViolations],
      injected,
      scripts: [...document.scripts].map((s) => s.src),
    };
  });
}
