/** The bytes of a load's source as a stream: a File or Blob read by reference, or an example fetched from this origin. */
import type { LoadSource } from './protocol';

/** Why a source could not be opened: the server's answer to an example's URL. */
export class SourceError extends Error {}

/** The source's stream and its size when known (a File's, or an example's Content-Length). */
export async function openSourceStream(source: LoadSource): Promise<{ stream: ReadableStream<Uint8Array>; totalBytes: number | null }> {
  if (source.kind === 'file') return { stream: source.file.stream(), totalBytes: source.file.size };
  const response = await fetch(source.url);
  if (!response.ok || response.body === null) throw new SourceError(`Could not load ${source.fileName}: the server answered ${response.status} ${response.statusText}.`);
  const length = response.headers.get('content-length');
  return { stream: response.body, totalBytes: length === null ? null : Number(length) };
}
