/**
 * Opens a share link: its data decoded on the page (base64url, deflate-raw: src/export/share-codec.ts)
 * into the bytes of the file, which then take the path of any opened file (the parse worker); its
 * view waits for that load (app/state/pending-view.ts). Nothing is fetched: the file is in the link.
 */
import { decodeShareData, ShareDataError } from '../../src/internal';
import { getLoadedFile, showFile } from '../state/app-store';
import { IDLE } from '../state/loaded-file';
import { setPendingView } from '../state/pending-view';
import type { ShareFragment } from '../state/share-fragment';
import { startLoad } from './parse-client';

/** Opens the file and view of a share link. */
export async function openShareLink(share: ShareFragment): Promise<void> {
  let bytes: Uint8Array;
  try {
    bytes = await decodeShareData(share.data);
  } catch (error) {
    const message = error instanceof ShareDataError ? error.message : `The link’s data cannot be read (${String(error)}).`;
    showFile({ ...IDLE, status: 'failed', loadId: getLoadedFile().loadId + 1, fileName: share.fileName, origin: 'link', error: { code: 'unreadable', message } });
    return;
  }
  const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'text/plain' });
  const notices = share.view.ok ? [] : [share.view.message];
  startLoad({ kind: 'file', file: blob, fileName: share.fileName }, 'link', blob.size, notices);
  if (share.view.ok) setPendingView(getLoadedFile().jobId, share.view.view);
}
