/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { contentSecurityPolicy, securityHeaders } from './src/node/security-headers';

/**
 * index.html's Content-Security-Policy allows inline script only for the dev server's injected
 * code; the production build has no inline script, so it ships a policy that forbids it.
 */
function strictCspInBuild(): Plugin {
  return {
    name: 'mapscope-strict-csp',
    apply: 'build',
    transformIndexHtml(html) {
      const strict = html.replace("script-src 'self' 'unsafe-inline'", "script-src 'self'");
      if (strict === html) throw new Error('mapscope-strict-csp: script-src directive not found in index.html');
      return strict;
    },
  };
}

/** The CLI build writes into dist/ beside the other builds (so it cannot empty it): it empties its own chunk folder, dist/cli, so that no chunk of an earlier build is packed. */
function emptyCliChunks(): Plugin {
  let chunks = '';
  return {
    name: 'mapscope-empty-cli-chunks',
    apply: 'build',
    configResolved(config) {
      chunks = join(config.root, config.build.outDir, 'cli');
    },
    buildStart() {
      rmSync(chunks, { recursive: true, force: true });
    },
  };
}

// The headers every server of the app sends (the CSP among them): one definition, shared with `mapscope serve`.
export { contentSecurityPolicy, securityHeaders };

// One config, three builds: the app (default), the library (`--mode lib`) and the CLI (`--mode cli`).
export default defineConfig(({ mode }) => {
  if (mode === 'lib') {
    return {
      publicDir: false,
      build: {
        outDir: 'dist/lib',
        // Emptied so that no chunk of an earlier build is packed; tsc adds the .d.ts files after.
        emptyOutDir: true,
        target: 'node20',
        minify: false,
        // No source maps in the package: the library is not minified, so its JS reads as it is.
        sourcemap: false,
        lib: {
          entry: { index: 'src/index.ts', 'node/index': 'src/node/index.ts' },
          formats: ['es'],
        },
        // The code both entries share goes into one chunk (one RegionTable class for both).
        rolldownOptions: { external: [/^node:/], output: { chunkFileNames: 'core-[hash].js' } },
      },
    };
  }
  if (mode === 'cli') {
    return {
      plugins: [emptyCliChunks()],
      publicDir: false,
      build: {
        outDir: 'dist',
        emptyOutDir: false,
        target: 'node20',
        minify: false,
        ssr: 'src/node/cli.ts',
        rolldownOptions: {
          external: [/^node:/],
          // The core's modules only declare (their top level builds constant tables): one that a command does not use is left out of its chunks, and the src/internal.ts barrel does not tie them all into one.
          treeshake: { moduleSideEffects: false },
          // Each command's code in chunks of its own (cli.ts imports them when the command runs), beside cli.cjs.
          // CommonJS, not ES modules: Node loads an ES module through its asynchronous module loader (its
          // own modules compiled on first use, each file read on the thread pool), which cost a one-shot
          // command about 10 ms before its first line ran (issue 19); require() reads and compiles in place.
          output: {
            format: 'cjs',
            // Without the doc comments (the source keeps them; the code stays unminified): V8 reads every byte of a
            // module it loads, and they were a quarter of the CLI's 617 kB.
            comments: false,
            entryFileNames: 'cli.cjs',
            chunkFileNames: 'cli/[name]-[hash].cjs',
            banner: (chunk) => (chunk.isEntry ? '#!/usr/bin/env node' : ''),
          },
        },
      },
    };
  }
  return {
    plugins: [react(), strictCspInBuild()],
    base: './',
    // No source maps: dist/app goes into the npm package (the CLI will serve it), and they were
    // 3.3 MB of a 4.9 MB package; `npm start` (the dev server) still maps to the sources.
    build: { outDir: 'dist/app', emptyOutDir: true, sourcemap: false },
    worker: { format: 'es' },
    server: { host: '127.0.0.1', headers: securityHeaders('dev') },
    preview: { host: '127.0.0.1', headers: securityHeaders('build') },
    test: {
      projects: [
        {
          extends: true,
          test: {
            name: 'unit',
            include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
            exclude: ['test/e2e/**', 'node_modules/**'],
            environment: 'node',
            testTimeout: 30_000,
          },
        },
        {
          extends: true,
          test: {
            name: 'e2e',
            include: ['test/e2e/**/*.test.ts'],
            environment: 'node',
            globalSetup: ['test/e2e/global-setup.ts'],
            fileParallelism: false,
            testTimeout: 120_000,
            hookTimeout: 120_000,
          },
        },
      ],
    },
  };
});
