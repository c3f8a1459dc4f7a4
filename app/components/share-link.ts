/**
 * What the Share dialog builds: the shown file's text read again from where it came (the File the
 * user gave, by reference, or the example's URL on this origin) through the input pipeline that
 * parsed it (src/input: gzip, UTF-16, invalid UTF-8 kept), redacted (src/export/redact.ts), then
 * compressed into a link's fragment with the view (share-fragment.ts).
 */
import { encodeShareData, MAX_URL_CHARS, readInputStream, redactFileName, redactMapsText, type Redaction, type RedactOptions } from '../../src/internal';
import type { LoadedFile } from '../state/loaded-file';
import { openSourceStream } from '../workers/source-stream';
import { formatShareFragment } from '../state/share-fragment';
import type { ViewSnapshot } from '../state/view-codec';

/** The text of the shown file, as it was parsed. */
export async function readSourceText(file: LoadedFile): Promise<string> {
  const source = file.source;
  if (source === null) throw new Error('the file’s source is not known');
  const { stream, totalBytes } = await openSourceStream(source);
  return (await readInputStream(stream, { totalBytes })).text;
}

/** A share link made, or too long for a URL. */
export interface ShareResult {
  redaction: Redaction;
  /** The file name the link carries. */
  fileName: string;
  /** The whole link. */
  url: string;
  /** True when the link is longer than browsers accept (MAX_URL_CHARS). */
  tooLong: boolean;
}

/** Redacts `text` and makes the link of it and `view`. */
export async function makeShareLink(file: LoadedFile, text: string, view: ViewSnapshot, options: RedactOptions): Promise<ShareResult> {
  const redaction = redactMapsText(text, file.table!, options);
  const fileName = redactFileName((file.fileName ?? 'shared map').replace(/\.gz$/i, ''), redaction, options);
  const data = await encodeShareData(redaction.text);
  const url = `${location.origin}${location.pathname}#${formatShareFragment(fileName, view, data)}`;
  return { redaction, fileName, url, tooLong: url.length > MAX_URL_CHARS };
}
