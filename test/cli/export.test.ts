/** `mapscope parse --csv|--tsv` and `stats --markdown`: the shared writers of src/export, through the command line. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { delimitedLines, parseMaps } from '../../src/internal';
import { runCli } from './run-cli';

const SMAPS = join(new URL('../fixtures/smaps/', import.meta.url).pathname, 'python-mapper.smaps');

describe('mapscope export forms', () => {
  it('parse --csv writes the CSV of every region with CRLF line ends; --tsv the TSV', async () => {
    const table = parseMaps(readFileSync(SMAPS, 'utf8')).regions;
    const csv = await runCli(['parse', SMAPS, '--csv']);
    expect(csv.status).toBe(0);
    expect(csv.stdout).toBe([...delimitedLines(table, ',')].map((l) => l + '\r\n').join(''));
    const tsv = await runCli(['parse', '--tsv', SMAPS]);
    expect(tsv.stdout).toBe([...delimitedLines(table, '\t')].map((l) => l + '\n').join(''));
    expect(tsv.stdout.split('\n')[0].split('\t').slice(0, 3)).toEqual(['line', 'begin', 'end']);
  });

  it('stats --markdown writes the summary with the file name', async () => {
    const run = await runCli(['stats', SMAPS, '--markdown']);
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('## Memory map of `python-mapper.smaps`');
    expect(run.stdout).toContain('### By module');
    const stdin = await runCli(['stats', '-', '--markdown'], readFileSync(SMAPS));
    expect(stdin.stdout.split('\n')[0]).toBe('## Memory map');
  });

  it.each([
    [['stats', SMAPS, '--csv'], '--csv applies to parse, not to stats'],
    [['parse', SMAPS, '--markdown'], '--markdown applies to stats, not to parse'],
    [['parse', SMAPS, '--csv', '--tsv'], 'give only one of --csv, --tsv and --markdown'],
    [['parse', SMAPS, '--csv', '--json'], 'give only one of --json and --csv'],
    [['parse', SMAPS, '--csv=1'], 'option --csv takes no value'],
  ])('refuses %j: %s', async (argv, message) => {
    const run = await runCli(argv);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
  });
});
