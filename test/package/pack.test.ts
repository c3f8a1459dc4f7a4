/**
 * The package as a user gets it: `npm pack` of the built dist/ (npm test builds first), installed
 * from the tarball into an empty project without the network, the README's library example
 * (extracted from README.md, as written) type-checked under nodenext, node16 and bundler module
 * resolution and run, and `npx mapscope` reading a gzipped capture of a live process.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSleeper } from '../cli/sleeper';
import { readmeLibraryExample, REPO_ROOT } from './readme';

/** What `npm run build` writes and the package needs. */
const BUILT = ['dist/lib/index.js', 'dist/lib/index.d.ts', 'dist/lib/node/index.js', 'dist/lib/node/index.d.ts', 'dist/cli.cjs', 'dist/app/index.html'];
/** What the tarball may hold (under its `package/` folder). */
const PACKAGED = /^package\/(dist\/lib\/.+|dist\/app\/.+|dist\/cli\.cjs|dist\/cli\/.+\.cjs|README\.md|LICENSE|package\.json)$/;
const TSC = join(REPO_ROOT, 'node_modules/typescript/bin/tsc');

/**
 * The environment for the npm and node children: without the npm_* variables of the `npm test`
 * that runs us, so the nested npm reads no configuration meant for the repository.
 */
const childEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));

/** Runs a command; fails with its output when it exits non-zero (unless `allowFailure`). */
function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, env: childEnv, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status} in ${cwd}:\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

let tmp = '';
let tarball = '';
let project = '';

beforeAll(() => {
  const missing = BUILT.filter((f) => !existsSync(join(REPO_ROOT, f)));
  if (missing.length > 0) {
    throw new Error(`the package is not built (missing ${missing.join(', ')}): run \`npm run build\` first (\`npm test\` does)`);
  }
  tmp = mkdtempSync(join(tmpdir(), 'mapscope-pack-'));
  const packed = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], REPO_ROOT);
  tarball = join(tmp, (JSON.parse(packed.stdout) as { filename: string }[])[0].filename);
  project = join(tmp, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'uses-mapscope', private: true, type: 'module' }));
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], project);
}, 180_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the npm package', () => {
  it('holds the library, the CLI and the built app, and no source maps', () => {
    const files = run('tar', ['-tzf', tarball], tmp).stdout.split('\n').filter((f) => f !== '' && !f.endsWith('/'));
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => !PACKAGED.test(f))).toEqual([]);
    for (const f of [...BUILT, 'README.md', 'LICENSE', 'package.json']) expect(files).toContain(`package/${f}`);
  });

  it('installs nothing but itself: no runtime dependencies (no React, d3 or TanStack)', () => {
    const installed = readdirSync(join(project, 'node_modules')).filter((n) => !n.startsWith('.'));
    expect(installed.filter((n) => /^(react|react-dom|scheduler|d3-.*|@tanstack)$/.test(n))).toEqual([]);
    expect(installed).toEqual(['mapscope']);
  });

  it("type-checks the README's library example under nodenext, package declarations included, and runs it", () => {
    writeFileSync(join(project, 'example.ts'), readmeLibraryExample(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')));
    // skipLibCheck off: the package's .d.ts files are checked too, not only the example's use of them.
    writeTsconfig(project, { module: 'nodenext', moduleResolution: 'nodenext', skipLibCheck: false, outDir: 'out' });
    const tsc = spawnSync(process.execPath, [TSC, '-p', project], { cwd: project, env: childEnv, encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);

    const example = run(process.execPath, ['out/example.js'], project);
    expect(example.stderr).toBe('');
    const lines = example.stdout.split('\n');
    expect(lines[0]).toMatch(/^maps: [1-9]\d* regions, 0 diagnostics$/);
    expect(lines).toContain('line 2: expected "-" after the start address, found a space');
    // The kernel's own file says whether this machine has the [vsyscall] page the example looks up.
    const vsyscall = /^ffffffffff600000-\S+ .*\[vsyscall\]$/m.test(readFileSync('/proc/self/maps', 'utf8'));
    expect(lines).toContainEqual(vsyscall ? '[vsyscall] + 0x0' : expect.stringMatching(/^unmapped: in the gap 0x[0-9a-f]+ - 0x10000000000000000$/));
  }, 120_000);

  // What `tsc --init` writes (skipLibCheck on), with the other module resolutions that read `exports`.
  for (const { module, moduleResolution } of [
    { module: 'node16', moduleResolution: 'node16' },
    { module: 'preserve', moduleResolution: 'bundler' },
  ]) {
    it(`type-checks the README's library example under ${moduleResolution} resolution`, () => {
      const dir = join(project, `check-${moduleResolution}`);
      mkdirSync(dir);
      writeFileSync(join(dir, 'example.ts'), readmeLibraryExample(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')));
      writeTsconfig(dir, { module, moduleResolution, skipLibCheck: true, noEmit: true });
      const tsc = spawnSync(process.execPath, [TSC, '-p', dir], { cwd: dir, env: childEnv, encoding: 'utf8' });
      expect(tsc.stdout + tsc.stderr).toBe('');
      expect(tsc.status).toBe(0);
    }, 120_000);
  }

  it('`npx mapscope parse` reads a gzipped capture of a live process as its plain text', async () => {
    const sleeper = await startSleeper();
    try {
      writeFileSync(join(project, 'x.maps'), sleeper.mapsText);
      writeFileSync(join(project, 'x.maps.gz'), gzipSync(sleeper.mapsText));
    } finally {
      sleeper.child.kill();
    }
    const plain = run('npx', ['--no', 'mapscope', 'parse', 'x.maps'], project);
    const gzipped = run('npx', ['--no', 'mapscope', 'parse', 'x.maps.gz'], project);
    expect(gzipped.stderr).toBe('');
    expect(gzipped.stdout).toBe(plain.stdout);
    // One table row per region of the capture, the header aside; sleep's own binary among them.
    const regionLines = sleeper.mapsText.split('\n').filter((l) => l !== '').length;
    expect(gzipped.stdout.trimEnd().split('\n')).toHaveLength(regionLines + 1);
    expect(gzipped.stdout).toMatch(/\/sleep$/m);
  }, 60_000);
});

/** A tsconfig that compiles only example.ts, with Node's types from the repository's node_modules. */
function writeTsconfig(dir: string, options: Record<string, unknown>): void {
  const compilerOptions = {
    target: 'es2022',
    strict: true,
    typeRoots: [join(REPO_ROOT, 'node_modules/@types')],
    types: ['node'],
    ...options,
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['example.ts'] }, null, 2));
}
