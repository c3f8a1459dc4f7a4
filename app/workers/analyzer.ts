/**
 * The parse worker's side of the analysis worker (analysis.worker.ts): the analysis of a table
 * starts there as soon as the table arrives, beside the view's build here and the page's first
 * frame (2 cores: they ran one after the other, and at 1,048,576 regions the analysis was shown
 * 1.5 s after the first frame). Its messages come back here and go on to the page as they are.
 */
import type { RegionTable, RegionTableData } from '../../src/internal';
import { analysisBuffers, type AnalysisAnswer } from './analysis';

/** What the analysis worker is asked: one table, whose rows it orders by address itself. */
export interface AnalyzerRequest {
  jobId: number;
  table: RegionTableData;
}

const startWorker = () => new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module', name: 'mapscope-analysis' });

/**
 * True when the analysis worker can read `table` as it is: its columns shared (a cross-origin
 * isolated page), no smaps records (a million of them would be cloned, on this thread, before the
 * first frame). Otherwise the table is analysed here, after the page's first frame.
 */
export function canAnalyzeApart(table: RegionTable): boolean {
  return table.sharedColumns() && table.smaps === null;
}

/** One analysis worker at a time, started ahead (its script fetched and compiled) and ended after its answer: its heap goes with it. */
export class Analyzer {
  private spare: Worker | null = null;
  private running: Worker | null = null;

  constructor(private readonly post: (message: AnalysisAnswer, transfer: Transferable[]) => void) {}

  /** Starts the next analysis's worker while nothing else runs. */
  prepare(): void {
    this.spare ??= startWorker();
  }

  /** Analyses `table` (canAnalyzeApart) in the analysis worker, ending one still running (a job replaced: the page drops its answer); its messages go to the page. */
  start(jobId: number, table: RegionTable): void {
    this.stop();
    const worker = this.spare ?? startWorker();
    this.spare = null;
    this.running = worker;
    const done = () => {
      worker.terminate();
      if (this.running === worker) this.running = null;
      this.prepare();
    };
    worker.onmessage = (event: MessageEvent<AnalysisAnswer>) => {
      const message = event.data;
      this.post(message, analysisBuffers(message));
      if (message.type !== 'analysis-part') done();
    };
    worker.onerror = (event) => {
      event.preventDefault();
      this.post({ type: 'analysis-failed', jobId, message: `The analysis stopped unexpectedly${event.message ? ` (${event.message})` : ''}.` }, []);
      done();
    };
    worker.postMessage({ jobId, table: table.toData() } satisfies AnalyzerRequest);
  }

  /** Ends the analysis running, if any: its job was replaced. */
  stop(): void {
    this.running?.terminate();
    this.running = null;
  }
}
