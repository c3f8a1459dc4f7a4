/**
 * Run by shape-keeper.test.ts in `node --expose-gc --trace-deopt --import tsx`: parses a maps and an
 * smaps text until the parser is optimised, then forces full GCs between parses. The markers
 * bracket the part of V8's trace the test reads.
 */
import { parseMaps } from '../../src/parse/index';
import { generateMaps, generateSmaps } from '../bench/generate-maps';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc');
const maps = generateMaps({ regions: 20_000, seed: 3 }).text;
const smaps = generateSmaps({ bytes: 1_000_000, seed: 3 }).text;
let regions = 0;
for (let i = 0; i < 8; i++) regions += parseMaps(maps).regions.length + parseMaps(smaps).regions.length;
console.log('=== gc phase');
for (let i = 0; i < 3; i++) {
  gc();
  regions += parseMaps(maps).regions.length + parseMaps(smaps).regions.length;
}
console.log(`=== end ${regions}`);
