/**
 * The region search box: the query (src/query/search-query.ts explains the language), the count
 * of matches, and stepping through them with Enter / Shift+Enter or the arrow buttons.
 */
import { useEffect } from 'react';
import { describeQuery, formatCount, type RegionIndex } from '../../src/internal';
import { useFindResults } from '../hooks/useFind';
import { findStore, useFindState } from '../state/app-store';
import { warmFindSteps } from '../state/find-results';
import { NO_PERM_FILTER } from '../state/find-store';
import { idleSliceEnd, whenIdle } from '../hooks/idle';

interface Props {
  index: RegionIndex;
  onStep: (delta: 1 | -1) => void;
  /** Id of the hint that explains the query (SearchHint). */
  hintId: string;
}

const PLACEHOLDER = 'libc   /\\.so$/   0x7f3a2c029d90   kind:heap   perm:rwx   size>1M';

/** An idle slice (one step at least) ends when less than this is left of it, so a slice and the step that ends it stay well under a 50 ms task. */
const IDLE_SLACK_MS = 10;

/**
 * What a search reads, made once per file in the page's idle time (RegionIndex.prepareSearch: the
 * lower-cased names and the row groups by name, kind, permissions and size), in steps of a few
 * milliseconds: the first keystroke of each kind of term otherwise paid for them (tens of ms at a
 * million regions), and each made whole in one idle callback was a task of up to 300 ms at
 * 4,194,304 regions. Then the search's code is run once on them (warmFindSteps), so that the
 * first keystroke runs it optimised.
 */
function usePreparedSearch(index: RegionIndex): void {
  useEffect(() => {
    const steps = preparedAndWarmed(index);
    let cancel: (() => void) | null = null;
    let ended = false;
    const slice = (deadline: IdleDeadline) => {
      const endMs = idleSliceEnd(deadline, IDLE_SLACK_MS);
      do if (steps.next().done === true) return;
      while (performance.now() < endMs);
      cancel = whenIdle(slice);
    };
    // The worker's row groups first (RegionIndex.expectFound), or made here after FOUND_WAIT_MS.
    const start = () => {
      if (ended || cancel !== null) return;
      clearTimeout(wait);
      cancel = whenIdle(slice);
    };
    const wait = setTimeout(start, FOUND_WAIT_MS);
    void index.whenFound().then(start);
    return () => {
      ended = true;
      clearTimeout(wait);
      cancel?.();
      steps.return();
    };
  }, [index]);
}

/**
 * How long the page waits for the worker's row groups before making them itself. The worker finds
 * them after the page's first frame and the file's analysis: at 4,194,304 regions the groups
 * take it about a second.
 */
const FOUND_WAIT_MS = 5000;

/** The search's groups made (RegionIndex.prepareSearch), then its code run once on them (warmFindSteps). */
function* preparedAndWarmed(index: RegionIndex): Generator<void, void> {
  yield* index.prepareSearch();
  yield* warmFindSteps(index, NO_PERM_FILTER);
}

export function SearchBox({ index, onStep, hintId }: Props) {
  usePreparedSearch(index);
  const results = useFindResults(index);
  const query = useFindState((s) => s.query);
  const total = results.index.table.length;
  const matches = results.matchCount;
  const invalid = results.query.errors.length > 0;
  return (
    <div className="search-box" role="search">
      <input
        type="search"
        className="find-input search-input"
        aria-label="Search regions"
        aria-describedby={hintId}
        aria-invalid={invalid}
        placeholder={PLACEHOLDER}
        spellCheck={false}
        autoComplete="off"
        value={query}
        onChange={(event) => findStore.set({ query: event.target.value, currentMatch: -1 })}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            onStep(event.shiftKey ? -1 : 1);
          }
        }}
      />
      <span className="match-count" role="status" aria-live="polite">
        {/* formatCount, not toLocaleString: no number formatter made on every keystroke */}
        {`${formatCount(matches)} of ${formatCount(total)} regions match`}
      </span>
      <button type="button" className="button icon" aria-label="Previous match" title="Previous match (Shift+Enter, N)" disabled={matches === 0} onClick={() => onStep(-1)}>
        ↑
      </button>
      <button type="button" className="button icon" aria-label="Next match" title="Next match (Enter, n)" disabled={matches === 0} onClick={() => onStep(1)}>
        ↓
      </button>
    </div>
  );
}

/** Under the box: what is wrong with the query, or how it was read. */
export function SearchHint({ id, index }: { id: string; index: RegionIndex }) {
  const { query } = useFindResults(index);
  if (query.errors.length > 0) {
    return (
      <p id={id} className="find-hint error" role="alert">
        {query.errors.map((e) => `“${query.text.slice(e.start, e.end)}”: ${e.message}`).join(' · ')}
      </p>
    );
  }
  if (query.terms.length === 0) return <p id={id} hidden />;
  return (
    <p id={id} className="find-hint">
      Regions where {describeQuery(query)}
    </p>
  );
}
