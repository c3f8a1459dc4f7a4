/**
 * The reader worker: reads and parses one input for the parse worker (read-parse.ts), posts its
 * snapshots, and is then terminated by the parse worker — with it goes its heap: the decoded text
 * and the parse's garbage.
 */
import { shareColumns, warmMapsScanner } from '../../src/internal';
import { readAndParse, readFailure, sendSnapshots, type ReadRequest, type ReaderMessage } from './read-parse';

const post = (message: ReaderMessage, transfer: Transferable[] = []) => self.postMessage(message, { transfer });

// Cross-origin isolated, the reader builds the columns in SharedArrayBuffers, which the parse
// worker and the page then read as they are (RegionTable.sharedColumns).
shareColumns(self.crossOriginIsolated);

// A reader is started ahead of its load (parse.worker.ts prepareReader): until its request comes,
// it parses a small made-up map, so that V8 has compiled the maps scanner before the file's first
// batch (at 65,532 lines a fresh process's first parse took 48-66 ms of CPU cold, 29-35 warmed).
// A request that comes first cancels it.
const warm = setTimeout(warmMapsScanner);

self.onmessage = (event: MessageEvent<ReadRequest>) => {
  clearTimeout(warm);
  readAndParse(post, event.data, post).then(
    (held) => {
      const { snapshots, transfer } = sendSnapshots(held);
      post({ type: 'read', snapshots }, transfer);
    },
    (error: unknown) => post({ type: 'read-failed', failure: readFailure(error) }),
  );
};
