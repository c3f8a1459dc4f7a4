/**
 * The shape of a 64-bit address space: where user space ends, where the kernel half begins, and
 * the non-canonical hole between them, decided from what a map shows. No address in the hole can
 * be mapped by anyone; an address in the kernel half is kernel space, not a gap after `[stack]`.
 *
 * x86-64 (Documentation/arch/x86/x86_64/mm.rst): with 4-level paging, 48-bit virtual addresses —
 * user space below 2^47, the kernel from 0xffff800000000000; with 5-level paging, 57-bit — user
 * space below 2^56, the kernel from 0xff00000000000000. The `[vsyscall]` page at
 * 0xffffffffff600000 (arch/x86/entry/vsyscall) shows only on x86-64.
 * aarch64 (Documentation/arch/arm64/memory.rst): 39-bit (3 levels of 4 KiB pages; user space
 * below 2^39, the kernel from 0xffffff8000000000) or 48-bit (user space below 2^48, the kernel
 * from 0xffff000000000000) or 52-bit (user space below 2^52, the kernel from 0xfff0000000000000;
 * user mappings go above 2^48 only when asked for). Its stack sits just below the top of user
 * space, so the highest user mapping tells the width.
 */
import { KIND_CODE } from './kind.js';
import type { RegionTable } from './region-table.js';

/** A 64-bit address space's halves, and how they were told apart. */
export interface AddressSpaceShape {
  /** `x86-64, 48-bit virtual addresses (4-level paging)`. */
  name: string;
  /** First address past user space: the non-canonical hole starts here. */
  userEnd: bigint;
  /** First address of the kernel half: the hole ends below it. */
  kernelBegin: bigint;
  /** What in the map decided it: `[vsyscall] at 0xffffffffff600000; the highest user mapping ends below 2^47`. */
  basis: string;
}

const P = (bits: number) => 1n << BigInt(bits);
const SHAPES = {
  x86_48: { name: 'x86-64, 48-bit virtual addresses (4-level paging)', userEnd: P(47), kernelBegin: 0xffff_8000_0000_0000n },
  x86_57: { name: 'x86-64, 57-bit virtual addresses (5-level paging)', userEnd: P(56), kernelBegin: 0xff00_0000_0000_0000n },
  arm_39: { name: 'aarch64, 39-bit virtual addresses', userEnd: P(39), kernelBegin: 0xffff_ff80_0000_0000n },
  arm_48: { name: 'aarch64, 48-bit virtual addresses', userEnd: P(48), kernelBegin: 0xffff_0000_0000_0000n },
  arm_52: { name: 'aarch64, 52-bit virtual addresses', userEnd: P(52), kernelBegin: 0xfff0_0000_0000_0000n },
} as const;

/**
 * The address space a table's map comes from, or undefined when the map cannot tell: a 32-bit
 * process (nothing above 4 GiB), no regions, or user mappings higher than any layout above allows.
 * O(n).
 */
export function findAddressSpaceShape(table: RegionTable): AddressSpaceShape | undefined {
  const { hasVsyscall, highest } = addressSpaceFacts(table);
  return addressSpaceShapeOf(hasVsyscall, highest);
}

/** What the shape is decided from: whether the map lists `[vsyscall]`, and the highest end of a region that begins in the lower half (0 for none). */
export function addressSpaceFacts(table: RegionTable): { hasVsyscall: boolean; highest: bigint } {
  const n = table.length;
  const { kind, beginHi, endHi, endLo } = table.columns;
  // One native search of the kind column, then a loop over three columns that allocates nothing
  // (the loop that also tested each kind and swapped through an array took 66–100 ms at 4,194,304
  // regions: a long task on the page where address lookup first asked for the shape).
  const hasVsyscall = kind.subarray(0, n).indexOf(KIND_CODE.vsyscall) >= 0;
  let highHi = 0; // the highest end, as (hi, lo)
  let highLo = 0;
  for (let row = 0; row < n; row++) {
    if (beginHi[row] >= 0x8000_0000) continue; // kernel half: [vsyscall] and the like
    const hi = endHi[row];
    if (hi < highHi) continue;
    const lo = endLo[row];
    if (hi > highHi || lo > highLo) {
      highHi = hi;
      highLo = lo;
    }
  }
  return { hasVsyscall, highest: (BigInt(highHi) << 32n) | BigInt(highLo) };
}

/**
 * The shape findAddressSpaceShape decides from the two facts it gathers: whether the map lists
 * `[vsyscall]`, and the highest end of a region that begins in the lower half (0 for none).
 */
export function addressSpaceShapeOf(hasVsyscall: boolean, highest: bigint): AddressSpaceShape | undefined {
  if (highest <= P(32)) return undefined;
  const below = (bits: number) => `the highest user mapping ends at or below 2^${bits}`;
  if (hasVsyscall) {
    if (highest <= P(47)) return { ...SHAPES.x86_48, basis: `[vsyscall] at 0xffffffffff600000 (x86-64); ${below(47)}` };
    if (highest <= P(56)) return { ...SHAPES.x86_57, basis: `[vsyscall] at 0xffffffffff600000 (x86-64); user mappings above 2^47` };
    return undefined;
  }
  if (highest <= P(39)) return { ...SHAPES.arm_39, basis: `${below(39)}, where aarch64 puts its stack with 39-bit addresses` };
  if (highest <= P(47)) return { ...SHAPES.x86_48, basis: `${below(47)}, where x86-64 puts its stack (no [vsyscall] listed)` };
  if (highest <= P(48)) return { ...SHAPES.arm_48, basis: `${below(48)} and above 2^47, where aarch64 puts its stack with 48-bit addresses` };
  if (highest <= P(52)) return { ...SHAPES.arm_52, basis: `${below(52)} and above 2^48: aarch64 with 52-bit addresses (mappings asked for above 2^48)` };
  return undefined;
}

/** Where an address lies in a shape: user space, the non-canonical hole, or the kernel half. */
export function placeInAddressSpace(shape: AddressSpaceShape, address: bigint): 'user' | 'hole' | 'kernel' {
  return address < shape.userEnd ? 'user' : address < shape.kernelBegin ? 'hole' : 'kernel';
}
