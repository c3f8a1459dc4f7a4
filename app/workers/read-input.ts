/** Moved to src/input/read-input.ts (one input pipeline for the CLI and the app); kept as a re-export until the worker imports src/internal. */
export { InputError, countReplacementChars, readInputStream as readInputText, type InputText as ReadResult } from '../../src/internal';
