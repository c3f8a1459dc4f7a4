/** `mapscope record`: snapshots of a live process's map into a recording file (record.ts). */
import { formatCount, formatNameForDisplay } from '../internal.js';
import type { RecordCommand } from './cli-args.js';
import { EXIT_OK } from './cli-exit.js';
import type { CliIo } from './cli-io.js';
import { asCliFailure } from './cli-read-error.js';
import { recordProcess } from './record.js';

/** A line on standard output when done, saying how many snapshots and why it stopped. */
export async function runRecord(command: RecordCommand, io: CliIo): Promise<number> {
  const where = `process ${command.pid}`;
  let outcome;
  try {
    outcome = await recordProcess({ ...command, maxBytes: command.maxSize.bytes, signal: io.interrupt?.() });
  } catch (error) {
    throw asCliFailure(error, command.maxSize);
  }
  const why = { count: 'as many as --count asked', duration: 'after --duration', exited: `${where} exited`, exec: `${where} started another program`, interrupted: 'interrupted', error: 'a read failed' }[outcome.reason];
  await io.stdout.write(`recorded ${formatCount(outcome.snapshots)} snapshot${outcome.snapshots === 1 ? '' : 's'} of ${where} in ${(outcome.elapsedMs / 1000).toFixed(1)} s to ${formatNameForDisplay(command.output)}: stopped ${why}\n`);
  return EXIT_OK;
}
