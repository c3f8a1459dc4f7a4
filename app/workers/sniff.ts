/** Moved to src/input/sniff.ts (one input pipeline for the CLI and the app); kept as a re-export until the worker imports src/internal. */
export { sniffBytes, type Sniffed } from '../../src/internal';
