/**
 * "Skip to the region table": the page's first tab stop, shown when it has focus, that moves focus
 * to the region table past the header, the find bar and the map's controls (~28 tab stops). The
 * URL fragment is the app's state (app/state/url-state.ts), so it focuses the grid itself instead
 * of following its href.
 */
import { REGION_GRID_ID } from './RegionTable';

export function SkipLink() {
  return (
    <a
      className="skip-link"
      href={`#${REGION_GRID_ID}`}
      onClick={(event) => {
        event.preventDefault();
        document.getElementById(REGION_GRID_ID)?.focus();
      }}
    >
      Skip to the region table
    </a>
  );
}
