/** The bundled examples, listed in public/samples/index.json (fetched once from the app's own origin). */
import { useEffect, useState } from 'react';

/** One example file. */
export interface Sample {
  /** File name in public/samples/. */
  file: string;
  /** A short title, e.g. `Node.js 20 (JIT)`. */
  title: string;
  /** One sentence on what is interesting in it. */
  description: string;
  /** Where the file came from. */
  source: string;
  /** Opened on start-up when the URL names no file. */
  default?: boolean;
}

let samplesPromise: Promise<Sample[]> | null = null;

/** Fetches the sample list (once). */
export function loadSamples(): Promise<Sample[]> {
  samplesPromise ??= fetch(new URL('samples/index.json', document.baseURI))
    .then((response) => {
      if (!response.ok) throw new Error(`samples/index.json: ${response.status}`);
      return response.json() as Promise<Sample[]>;
    })
    .catch((error: unknown) => {
      samplesPromise = null; // try again next time
      throw error;
    });
  return samplesPromise;
}

/** The sample list (empty until loaded) and whether loading it failed. */
export function useSamples(): { samples: Sample[]; failed: boolean } {
  const [state, setState] = useState<{ samples: Sample[]; failed: boolean }>({ samples: [], failed: false });
  useEffect(() => {
    let live = true;
    loadSamples().then(
      (samples) => live && setState({ samples, failed: false }),
      () => live && setState({ samples: [], failed: true }),
    );
    return () => {
      live = false;
    };
  }, []);
  return state;
}
