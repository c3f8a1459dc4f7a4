/**
 * A share link's fragment: `share&name=<file name>&v=1&<view keys>&data=<base64url>` — the file's
 * text (src/export/share-codec.ts) and its view (view-codec.ts), in the part of a URL that no
 * browser sends to a server. The data goes last, so that the rest reads plainly.
 */
import { fragmentText, readViewSnapshot, writeViewSnapshot, type ViewRead, type ViewSnapshot } from './view-codec';

export interface ShareFragment {
  /** The file's name as shared (already redacted by whoever shared it). */
  fileName: string;
  /** The view, or why it cannot be read (a newer mapscope's). */
  view: ViewRead;
  /** The file's text: deflate-raw, base64url. */
  data: string;
}

/** Reads a share link's fragment parameters. */
export function readShareFragment(params: URLSearchParams): ShareFragment {
  return { fileName: params.get('name') || 'shared map', view: readViewSnapshot(params), data: params.get('data') ?? '' };
}

/** The fragment (no `#`) of a share link. */
export function formatShareFragment(fileName: string, view: ViewSnapshot, data: string): string {
  const params = new URLSearchParams();
  params.set('share', '1');
  params.set('name', fileName);
  writeViewSnapshot(params, view);
  // base64url needs no escaping: appended as it is, last.
  return `${fragmentText(params)}&data=${data}`;
}
