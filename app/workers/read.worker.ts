/**
 * The reader worker: reads and parses one input for the parse worker (read-parse.ts), posts its
 * snapshots, and is then terminated by the parse worker — with it goes its heap: the decoded text
 * and the parse's garbage.
 */
import { shareColumns } from '../../src/internal';
import { readAndParse, readFailure, sendSnapshots, type ReadRequest, type ReaderMessage } from './read-parse';

const post = (message: ReaderMessage, transfer: Transferable[] = []) => self.postMessage(message, { transfer });

// Cross-origin isolated, the reader builds the columns in SharedArrayBuffers, which the parse
// worker and the page then read as they are (RegionTable.sharedColumns).
shareColumns(self.crossOriginIsolated);

self.onmessage = (event: MessageEvent<ReadRequest>) => {
  readAndParse(post, event.data).then(
    (held) => {
      const { snapshots, transfer } = sendSnapshots(held);
      post({ type: 'read', snapshots }, transfer);
    },
    (error: unknown) => post({ type: 'read-failed', failure: readFailure(error) }),
  );
};
