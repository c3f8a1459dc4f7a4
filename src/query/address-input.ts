/**
 * Addresses as people type them: hex with or without `0x`, with `_` or `` ` `` digit separators
 * (gdb, WinDbg), or `module+0xoffset` (gdb, sanitizers and glibc backtraces print
 * `libc.so.6+0x29d90`), the offset counted from the module's lowest mapped address. Parsing never
 * throws: a bad input gets a message that says what is wrong with it.
 */
import { U64_MAX, formatHex, parseAddr, toAddr, type Addr } from '../address.js';
import type { ModuleRef, ModuleIndex } from './module-index.js';

/** What an address input means, or why it means nothing. */
export type AddressInput =
  | { ok: true; address: Addr; form: 'hex' }
  /** `module+offset`: `moduleOffset` from the module's base. */
  | { ok: true; address: Addr; form: 'module'; module: ModuleRef; moduleOffset: bigint }
  /** `0x7f00+0x10`: an address plus an offset. */
  | { ok: true; address: Addr; form: 'sum'; base: Addr; moduleOffset: bigint }
  /**
   * `empty`: nothing but blanks was typed (a UI shows no error for that). `needsModules`: the
   * text names a module and no modules were given (a UI may wait for them and ask again).
   */
  | { ok: false; empty: boolean; message: string; needsModules?: true };

const HEX_BODY = /^(0[xX])?[0-9a-fA-F_`]+$/;

/**
 * Reads an address input. `modules` resolves `name+offset`; without it only hex is accepted.
 * The module part is everything before the last `+`, so names containing `+` (`libstdc++.so.6`)
 * work; it is matched as typed first, then without surrounding blanks.
 */
export function parseAddressInput(text: string, modules?: ModuleIndex): AddressInput {
  if (text.trim() === '') return { ok: false, empty: true, message: 'type an address' };
  const plus = text.lastIndexOf('+');
  if (plus < 0) return parseHexInput(text.trim());

  const offsetText = text.slice(plus + 1).trim();
  const moduleText = text.slice(0, plus);
  const resolved = modules?.resolve(moduleText);
  const found = resolved?.ok ? resolved : moduleText.trim() !== moduleText ? modules?.resolve(moduleText.trim()) : resolved;
  if (moduleText.trim() === '' && !found?.ok) return failure(`no module before "+": type it as name+0xoffset, e.g. libc.so.6+0x29d90`);
  const offset = parseAddr(offsetText);
  if (offset === undefined) {
    const why = offsetText === '' ? 'nothing' : `"${offsetText}"`;
    return failure(`expected a hex offset after "+", found ${why}`);
  }
  if (found?.ok) {
    const address = found.module.baseAddr + offset;
    if (address > U64_MAX) return failure(`${found.module.label}+${formatHex(offset)} is beyond the 64-bit address space`);
    return { ok: true, address: toAddr(address), form: 'module', module: found.module, moduleOffset: offset };
  }
  // Not a module: perhaps an address plus an offset (`0x7f3a2c000000+0x29d90`).
  const base = HEX_BODY.test(moduleText.trim()) ? parseAddr(moduleText) : undefined;
  if (base !== undefined) {
    const address = base + offset;
    if (address > U64_MAX) return failure(`${formatHex(base)}+${formatHex(offset)} is beyond the 64-bit address space`);
    return { ok: true, address: toAddr(address), form: 'sum', base, moduleOffset: offset };
  }
  const name = moduleText.trim();
  if (modules === undefined) return { ok: false, empty: false, message: `no file is loaded to find the module "${name}" in`, needsModules: true };
  if (found !== undefined && found.reason === 'ambiguous') {
    const paths = found.candidates.map((m) => m.pathname);
    if (paths.every((p) => p === paths[0])) {
      const at = found.candidates.map((m) => formatHex(m.baseAddr)).join(', ');
      return failure(`"${name}" is mapped ${paths.length} times (at ${at}): type ${found.candidates.map((m) => m.label).join(' or ')}`);
    }
    return failure(`"${name}" names ${paths.length} files: ${paths.join(', ')}; type the full path`);
  }
  const similar = found?.candidates ?? [];
  const hint = similar.length > 0 ? `; did you mean ${similar.map((m) => m.label).join(', ')}?` : '';
  return failure(`no module "${name}" in this file${hint}`);
}

/** A hex address alone. */
function parseHexInput(text: string): AddressInput {
  const address = parseAddr(text);
  if (address !== undefined) return { ok: true, address, form: 'hex' };
  if (HEX_BODY.test(text) && /[0-9a-fA-F]/.test(text.replace(/^0[xX]/, ''))) {
    return failure(`"${text}" is wider than 64 bits`);
  }
  return failure(`"${text}" is not a hex address (or name+0xoffset)`);
}

function failure(message: string): AddressInput {
  return { ok: false, empty: false, message };
}

/**
 * The module-relative form of an address in a region: `libc.so.6+0x29d90`, the offset from the
 * module's base; undefined for an anonymous region. `parseAddressInput` reads it back.
 */
export function formatModuleOffset(modules: ModuleIndex, row: number, address: bigint): string | undefined {
  const m = modules.moduleOfRow(row);
  if (m === undefined || m.label === '' || address < m.baseAddr) return undefined;
  return `${m.label}+${formatHex(address - m.baseAddr)}`;
}
