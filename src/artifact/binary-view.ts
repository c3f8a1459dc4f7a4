/**
 * Fixed-size fields of a binary structure, read exactly: 64-bit values as bigint (never through a
 * lossy Number), in the structure's byte order. Reads past the end of the bytes return undefined,
 * so that a reader can say which field a cut-short file lacks.
 */

/** The bytes of one structure and their byte order. */
export class BinaryView {
  private readonly view: DataView;
  constructor(
    readonly bytes: Uint8Array,
    readonly littleEndian: boolean,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get length(): number {
    return this.bytes.byteLength;
  }

  /** Whether [at, at + size) lies inside the bytes. */
  has(at: number, size: number): boolean {
    return at >= 0 && size >= 0 && at + size <= this.bytes.byteLength;
  }

  u16(at: number): number | undefined {
    return this.has(at, 2) ? this.view.getUint16(at, this.littleEndian) : undefined;
  }

  u32(at: number): number | undefined {
    return this.has(at, 4) ? this.view.getUint32(at, this.littleEndian) : undefined;
  }

  i32(at: number): number | undefined {
    return this.has(at, 4) ? this.view.getInt32(at, this.littleEndian) : undefined;
  }

  u64(at: number): bigint | undefined {
    return this.has(at, 8) ? this.view.getBigUint64(at, this.littleEndian) : undefined;
  }

  /** An unsigned word of `size` bytes (4 or 8: an ELF class's `long`), as bigint. */
  word(at: number, size: 4 | 8): bigint | undefined {
    if (size === 8) return this.u64(at);
    const v = this.u32(at);
    return v === undefined ? undefined : BigInt(v);
  }

  /** The bytes [at, at + size), a view (no copy); fewer at the end. */
  slice(at: number, size: number): Uint8Array {
    return this.bytes.subarray(Math.min(at, this.length), Math.min(at + size, this.length));
  }
}

/** A file offset or size read from a header as a Number, when it is within `limit` (the file's size); undefined past it. */
export function offsetWithin(value: bigint, limit: number): number | undefined {
  return value <= BigInt(limit) ? Number(value) : undefined;
}
