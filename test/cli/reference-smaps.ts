/**
 * An independent reading of smaps text for the tests: each maps header starts a record, and the
 * lines after it are `Key: N kB` (bytes), `Key: N` (a number), `VmFlags: ..` or text (`Name:`).
 */
import { referenceRegion, textLines, type ReferenceRegion } from './reference-maps';

export interface ReferenceSmaps extends ReferenceRegion {
  fields: Record<string, number>;
  vmFlags: string[] | null;
  text: Record<string, string>;
}

/** Every record of an smaps text, from its lines alone. */
export function referenceSmaps(fileText: string): ReferenceSmaps[] {
  const records: ReferenceSmaps[] = [];
  textLines(fileText).forEach((line, i) => {
    const header = referenceRegion(line, i + 1);
    if (header !== undefined) {
      records.push({ ...header, fields: {}, vmFlags: null, text: {} });
      return;
    }
    const current = records[records.length - 1];
    let m: RegExpExecArray | null;
    if ((m = /^VmFlags:(.*)$/.exec(line))) current.vmFlags = m[1].split(' ').filter((f) => f !== '');
    else if ((m = /^(\w+):\s+(\d+) kB$/.exec(line))) current.fields[m[1]] = Number(m[2]) * 1024;
    else if ((m = /^(\w+):\s+(\d+)$/.exec(line))) current.fields[m[1]] = Number(m[2]);
    else if ((m = /^(\w+):\s+(.*)$/.exec(line))) current.text[m[1]] = m[2];
    else throw new Error(`reference-smaps: unexpected line ${i + 1}: ${line}`);
  });
  return records;
}
