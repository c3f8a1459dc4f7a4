/** Helpers of the layout tests: scales of real files and of tables built by hand or by fast-check. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AddressScale } from '../../src/layout/address-scale';
import { createCompressedScale } from '../../src/layout/compressed-scale';
import { createLinearScale } from '../../src/layout/linear-scale';
import { sortRegions, type SortedRegions } from '../../src/layout/sorted-regions';
import type { RegionTable } from '../../src/model/region-table';
import { parseMaps } from '../../src/parse/index';
import { RegionIndex } from '../../src/query/region-index';
import { CORPUS_DIR } from '../helpers/fixtures';

const ROOT = resolve(import.meta.dirname, '../..');

/** Real maps files: the corpus (kernel output and hand-edited alike, test/fixtures/corpus/) and test/fixtures/maps/. */
export function realMapsFiles(): { name: string; text: string }[] {
  const dirs = [CORPUS_DIR, join(ROOT, 'test/fixtures/maps')];
  const files: { name: string; text: string }[] = [];
  for (const dir of dirs) {
    for (const name of readdirSync(dir).filter((n) => /\.(maps|smaps)$/.test(n)).sort()) files.push({ name, text: readFileSync(join(dir, name), 'utf8') });
  }
  files.push({ name: '/proc/self/maps', text: readFileSync('/proc/self/maps', 'utf8') });
  return files;
}

/** The address-ordered regions of a table. */
export function sortedOf(table: RegionTable): SortedRegions {
  return sortRegions(table, RegionIndex.build(table).order);
}

/** Both scales of a table. */
export function scalesOf(table: RegionTable): AddressScale[] {
  const sorted = sortedOf(table);
  return [createCompressedScale(sorted), createLinearScale(sorted)];
}

/** The table of a maps text (tolerant parse). */
export function tableOfText(text: string): RegionTable {
  return parseMaps(text).regions;
}
