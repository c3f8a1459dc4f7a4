/** `mapscope parse`, `stats` and (its full path) `lookup`: the input read and parsed whole, written as the command asks, its diagnostics on stderr. */
import { basename } from 'node:path';
import { findRollups, RegionIndex } from '../internal.js';
import type { InputSource, RunCommand } from './cli-args.js';
import { EXIT_INPUT_ERRORS, EXIT_OK } from './cli-exit.js';
import { loadInput } from './cli-input.js';
import type { CliIo } from './cli-io.js';
import type { TextSink } from './cli-output.js';
import { hasErrors, reportDiagnostics } from './cli-report.js';

/** The name a summary gives its input: the file's base name, /proc/PID/FILE, or null for standard input. */
function inputName(input: InputSource): string | null {
  if (input.kind === 'file') return basename(input.path);
  return input.kind === 'pid' ? `/proc/${input.pid}/${input.file}` : null;
}

/** Runs the command on its input; resolves to the exit status. */
export async function runReadCommand(command: RunCommand, io: CliIo, stderr: TextSink): Promise<number> {
  const { result, sourceName } = await loadInput(command.input, io, command);
  switch (command.command) {
    // Each command's writers are imported when it runs (parse's are not stats' analyses): a command loads what it uses.
    case 'parse':
    case 'stats': {
      // An smaps_rollup file is totals, not a region: its text output is those totals.
      const rollups = findRollups(result.regions);
      if (rollups !== null && !command.json && command.export === null) {
        await (await import('./cli-rollup.js')).writeRollupTables(rollups, io.stdout);
      } else if (command.command === 'parse') {
        const { writeDelimited, writeParseJson, writeRegionTable } = await import('./cli-parse.js');
        if (command.export === 'csv' || command.export === 'tsv') await writeDelimited(result, command.export === 'csv' ? ',' : '\t', io.stdout);
        else await (command.json ? writeParseJson(result, io.stdout, rollups) : writeRegionTable(result, io.stdout));
      } else {
        const { writeStatsJson, writeStatsMarkdown, writeStatsTable } = await import('./cli-stats.js');
        if (command.export === 'markdown') await writeStatsMarkdown(result, inputName(command.input), io.stdout);
        else await (command.json ? writeStatsJson(result, io.stdout, rollups) : writeStatsTable(result, io.stdout));
      }
      break;
    }
    case 'lookup': {
      const index = RegionIndex.build(result.regions);
      await (await import('./cli-lookup.js')).writeLookup(result.regions, index, index.addressSpace, command.addresses, command.json, io.stdout);
      break;
    }
  }
  await reportDiagnostics(sourceName, result, stderr, command.json);
  return hasErrors(result) ? EXIT_INPUT_ERRORS : EXIT_OK;
}
