/**
 * The analysis worker: module grouping, the summary and the lints of a loaded file, off the main
 * thread (about 100 ms at 262,144 regions). A few lines around src/analyze/.
 */
import { ModuleBases, RegionTable, groupModules, lintRegions, summarizeRegions, type SmapsRecord } from '../../src/internal';
import { typedArrayBuffers } from './view-data';
import {
  ROLE_CODES,
  SMAPS_FLAG_GD,
  SMAPS_FLAG_NH,
  SMAPS_HAS_FIELDS,
  SMAPS_HAS_VMFLAGS,
  SMAPS_PSS_DIRTY,
  SMAPS_RECORD,
  splitAnswer,
  type AnalyzeRequest,
  type AnalyzeResponse,
  type ModuleInfo,
} from './analyze-protocol';

/** smaps records holding what the analyses read, rebuilt from the request's arrays. */
function smapsRecords(request: AnalyzeRequest): (SmapsRecord | null)[] | null {
  const s = request.smaps;
  if (s === null) return null;
  const records: (SmapsRecord | null)[] = new Array(request.length);
  for (let i = 0; i < request.length; i++) {
    const bits = s.bits[i];
    if ((bits & SMAPS_RECORD) === 0) {
      records[i] = null;
      continue;
    }
    const fields: Record<string, number> = {};
    if (bits & SMAPS_HAS_FIELDS) {
      if (!Number.isNaN(s.rss[i])) fields.Rss = s.rss[i];
      if (!Number.isNaN(s.pss[i])) fields.Pss = s.pss[i];
      if (!Number.isNaN(s.swap[i])) fields.Swap = s.swap[i];
      if (bits & SMAPS_PSS_DIRTY) fields.Pss_Dirty = 0;
      if (Object.keys(fields).length === 0) fields.Size = 0; // a record with fields the analyses do not read
    }
    const vmFlags = bits & SMAPS_HAS_VMFLAGS ? [...(bits & SMAPS_FLAG_NH ? ['nh'] : []), ...(bits & SMAPS_FLAG_GD ? ['gd'] : [])] : null;
    records[i] = { fields, vmFlags };
  }
  return records;
}

self.onmessage = (event: MessageEvent<AnalyzeRequest>) => {
  const request = event.data;
  const started = performance.now();
  let response: AnalyzeResponse;
  try {
    const table = new RegionTable({ length: request.length, columns: request.columns, pathnames: request.pathnames, known: request.known, smaps: smapsRecords(request) });
    const order = request.order;
    const grouping = groupModules(table, order);
    // Address lookup's module index over the same grouping, made here so the page never groups again.
    const moduleBases = ModuleBases.fromGrouping(table, order, grouping).toData();
    const summary = summarizeRegions(table, order, grouping);
    const findings = lintRegions(table, order, grouping);
    const positionOfRow = new Uint32Array(table.length);
    for (let k = 0; k < order.length; k++) positionOfRow[order[k]] = k;
    const roleOfRow = new Uint8Array(table.length);
    const modules: ModuleInfo[] = grouping.modules.map(({ segments, ...m }) => {
      for (const s of segments) roleOfRow[s.row] = ROLE_CODES.indexOf(s.role);
      return { ...m, firstPosition: positionOfRow[segments[0].row], segmentCount: segments.length };
    });
    // A large answer in parts, so that no one message holds the page long (PART_OBJECTS).
    const { parts, rest } = splitAnswer({ modules, byModule: summary.byModule });
    for (const part of parts) self.postMessage({ type: 'part', jobId: request.jobId, ...part } satisfies AnalyzeResponse);
    response = {
      type: 'done',
      jobId: request.jobId,
      summary: { ...summary, byModule: rest.byModule },
      findings,
      modules: rest.modules,
      moduleOfRow: grouping.moduleOfRow,
      roleOfRow,
      moduleBases,
      elapsedMs: performance.now() - started,
    };
    self.postMessage(response, { transfer: [grouping.moduleOfRow.buffer, roleOfRow.buffer, ...typedArrayBuffers(moduleBases)] });
  } catch (error) {
    response = { type: 'failed', jobId: request.jobId, message: error instanceof Error ? error.message : String(error) };
    self.postMessage(response);
  }
};
