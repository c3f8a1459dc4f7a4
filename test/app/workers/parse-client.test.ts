/**
 * The page side of the parse worker (app/workers/parse-client.ts), driven by a stand-in Worker
 * that records requests and delivers the messages a real worker would (built by the worker's own
 * functions: buildViewData, analysisPostings) in the orders the page can see them: the analysis
 * before the file shows (a hidden tab slows the show's timer), and the module index always after
 * the analysis it belongs to.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RegionIndex, parseMaps } from '../../../src/internal';
import { getLoadedFile } from '../../../app/state/app-store';
import { analysisPostings } from '../../../app/workers/analysis';
import { startLoad } from '../../../app/workers/parse-client';
import type { LoadedMessage, WorkerMessage, WorkerRequest } from '../../../app/workers/protocol';
import { buildViewData } from '../../../app/workers/view-data';
import { sendTable } from '../../../app/workers/sent-table';
import { generateMaps } from '../../bench/generate-maps';

/** The one worker the client starts: what it was asked, and a way to answer. */
class StandInWorker {
  static last: StandInWorker | null = null;
  onmessage: ((event: { data: WorkerMessage }) => void) | null = null;
  onerror: unknown = null;
  onmessageerror: unknown = null;
  readonly requests: WorkerRequest[] = [];
  constructor() {
    StandInWorker.last = this;
  }
  postMessage(request: WorkerRequest): void {
    this.requests.push(request);
  }
  terminate(): void {}
  deliver(message: WorkerMessage): void {
    this.onmessage!({ data: message });
  }
}

/** What the worker sends for `text`: the loaded file, then its analysis and module index. */
function answersFor(jobId: number, text: string): { loaded: LoadedMessage; analysis: WorkerMessage; moduleIndex: WorkerMessage } {
  const result = parseMaps(text);
  const table = result.regions;
  const index = RegionIndex.build(table);
  const loaded: LoadedMessage = {
    type: 'loaded',
    jobId,
    format: result.format,
    table: sendTable(table),
    index: index.toData(),
    view: buildViewData(table, index),
    diagnostics: result.diagnostics,
    diagnosticGroups: result.diagnosticGroups,
    stats: result.stats,
    mappedBytes: 0n,
    textBytes: text.length,
    compressed: false,
    notices: [],
    timingsMs: { read: 0, parse: 0, index: 0, layout: 0 },
  };
  const [analysis, moduleIndex] = analysisPostings(jobId, table, index.order);
  return { loaded, analysis: analysis.message, moduleIndex: moduleIndex.message };
}

/** Lets every timer and frame queued so far (and those they queue) run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

function load(text: string): { worker: StandInWorker; answers: ReturnType<typeof answersFor> } {
  startLoad({ kind: 'file', file: new Blob([text]), fileName: 'test.maps' }, 'drop', text.length);
  const worker = StandInWorker.last!;
  const request = worker.requests.at(-1)!;
  expect(request.type).toBe('load');
  return { worker, answers: answersFor((request as { jobId: number }).jobId, text) };
}

describe('parse client', () => {
  beforeEach(() => {
    vi.stubGlobal('Worker', StandInWorker);
    vi.stubGlobal('requestAnimationFrame', (callback: () => void) => setTimeout(callback, 1));
  });
  afterEach(() => vi.unstubAllGlobals());

  const text = generateMaps({ regions: 2_000, seed: 7 }).text;

  it('applies an analysis and module index that come before the file shows, once it does', async () => {
    const { worker, answers } = load(text);
    // All three in one task: the show's timer has not run yet.
    worker.deliver(answers.loaded);
    worker.deliver(answers.analysis);
    worker.deliver(answers.moduleIndex);
    expect(getLoadedFile().status).toBe('loading');
    await settle();
    const file = getLoadedFile();
    expect(file.status).toBe('ready');
    expect(file.table?.length).toBe(2_000);
    expect(file.analysis).not.toBeNull();
    expect(file.analysis!.modules.count).toBeGreaterThan(0);
    expect(file.moduleIndex.status).toBe('ready');
  });

  it('never shows a module index before its analysis, and drops answers for a file replaced', async () => {
    const { worker, answers } = load(text);
    worker.deliver(answers.loaded);
    await settle();
    expect(getLoadedFile().analysis).toBeNull();
    const states: [boolean, string][] = [];
    worker.deliver(answers.analysis);
    worker.deliver(answers.moduleIndex);
    // Each task from here on: what the store holds (analysis shown?, module index state).
    for (let k = 0; k < 4; k++) {
      states.push([getLoadedFile().analysis !== null, getLoadedFile().moduleIndex.status]);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    expect(states.some(([analysis, modules]) => !analysis && modules === 'ready')).toBe(false);
    expect(getLoadedFile().moduleIndex.status).toBe('ready');
    expect(getLoadedFile().analysis).not.toBeNull();

    // A second load replaces the file: the first job's late answers change nothing.
    const second = load(generateMaps({ regions: 500, seed: 8 }).text);
    second.worker.deliver(second.answers.loaded);
    await settle();
    worker.deliver(answers.analysis);
    await settle();
    expect(getLoadedFile().table?.length).toBe(500);
    expect(getLoadedFile().analysis).toBeNull();
  });
});
