/**
 * The search a link carried (`#…&q=`), shown and not run: a stranger's link must not run a search
 * the user has not seen (issue 13: a link's regex once froze the tab). "Run this search" puts it in
 * the search box; "Dismiss" drops it from the page and the URL.
 */
import { findStore, useFindState } from '../state/app-store';
import { NAME_CHARS, nameText } from './Name';

export function LinkQuery() {
  const linkQuery = useFindState((s) => s.linkQuery);
  if (linkQuery === null) return null;
  return (
    <div className="link-query" role="region" aria-label="Search from the link">
      <span>
        The link asks to search for <code className="name">{nameText(linkQuery, NAME_CHARS.short)}</code>. It has not run: a search from a link runs
        only when you ask.
      </span>
      <button type="button" className="button small" onClick={() => findStore.set({ query: linkQuery, linkQuery: null, currentMatch: -1 })}>
        Run this search
      </button>
      <button type="button" className="button small" onClick={() => findStore.set({ linkQuery: null })}>
        Dismiss
      </button>
    </div>
  );
}
