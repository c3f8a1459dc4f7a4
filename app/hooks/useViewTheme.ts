/** The view's colours, following the system's light or dark setting (prefers-color-scheme). */
import { useSyncExternalStore } from 'react';
import { DARK, LIGHT, type ThemeColors } from '../paint/palette';

const QUERY = '(prefers-color-scheme: dark)';

function subscribe(onChange: () => void): () => void {
  const media = window.matchMedia(QUERY);
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
}

function isDark(): boolean {
  return window.matchMedia(QUERY).matches;
}

/** LIGHT or DARK, re-rendering when the system setting changes. */
export function useViewTheme(): ThemeColors {
  return useSyncExternalStore(subscribe, isDark, () => false) ? DARK : LIGHT;
}
