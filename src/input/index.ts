/** src/input: one pipeline from bytes to text to regions, shared by the CLI and the app's worker. */
export { InputError, MAX_TEXT_BYTES, openInputText, readInputStream, readInputBytes, readInputBytesSync, countReplacementChars, type InputErrorCode, type InputText, type ReadOptions } from './read-input.js';
export { sniffBytes, type Sniffed } from './sniff.js';
export { parseInputText, parseInputPieces, parseInputSeries, parseInputRecording } from './parse-input.js';
export { parseInputBytes, parseInputStream, type BytePieces, type BytesParsed } from './parse-bytes.js';
export { readInputPieces, InputPieceError, pieceCut, type InputPiece, type ReadPiecesOptions } from './read-pieces.js';
export { pathnameBytes, decodeUtf8Lossless } from './utf8-lossless.js';
export { invalidUtf8Diagnostics } from './invalid-utf8.js';
export { readBinaryArtifact } from './read-artifact.js';
export { memoryByteSource, type ByteSource } from '../artifact/byte-source.js';
