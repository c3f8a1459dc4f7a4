/**
 * Every smaps field of a region with a short explanation of the well-known ones, and each VmFlags
 * code with its meaning (src/analyze/smaps-glossary.ts). "Explain" shows the full sentence under
 * each field (otherwise it is the field's tooltip). Fields and codes the glossary does not know
 * are shown as they are, marked as such: kernels add new ones.
 */
import { UNITLESS_SMAPS_KEYS, findSmapsFieldInfo, findVmFlagInfo, formatBytes, formatNameForDisplay, type SmapsRecord } from '../../src/internal';
import { panelStore, usePanelState } from '../state/app-store';
import './Understand.css';

const UNKNOWN_FIELD = 'A field mapscope has no explanation for (a newer kernel?): shown as the file gives it.';
const UNKNOWN_CODE = 'A code this version of mapscope does not know (a newer kernel?): shown as it is.';

function value(key: string, v: number): string {
  return UNITLESS_SMAPS_KEYS.has(key) ? String(v) : formatBytes(v);
}

export function SmapsFields({ record }: { record: SmapsRecord }) {
  // Whether the full explanations are shown: one choice for every region the user selects.
  const explained = usePanelState((s) => s.explainSmaps);
  const numeric = Object.entries(record.fields);
  const text = Object.entries(record.text ?? {});
  return (
    <div className={explained ? 'smaps-fields explained' : 'smaps-fields'}>
      <button type="button" className="segment smaps-explain-toggle" aria-pressed={explained} onClick={() => panelStore.set({ explainSmaps: !explained })}>
        Explain
      </button>
      <dl aria-label="smaps fields">
        {numeric.map(([key, v]) => {
          const info = findSmapsFieldInfo(key);
          return (
            <div key={key} className="smaps-field" title={info?.description ?? UNKNOWN_FIELD}>
              <dt className="mono">{formatNameForDisplay(key)}</dt>
              <dd>
                <span className="smaps-value">{value(key, v)}</span> <span className={info ? 'smaps-name muted' : 'smaps-name unknown'}>{info ? info.name : 'unknown field'}</span>
              </dd>
              {explained && <dd className="smaps-description">{info?.description ?? UNKNOWN_FIELD}</dd>}
            </div>
          );
        })}
        {text.map(([key, v]) => (
          <div key={key} className="smaps-field" title={findSmapsFieldInfo(key)?.description}>
            <dt className="mono">{formatNameForDisplay(key)}</dt>
            <dd className="mono">{formatNameForDisplay(v)}</dd>
          </div>
        ))}
      </dl>
      {record.vmFlags !== null && (
        <>
          <h4 className="smaps-flags-title">
            VmFlags <span className="muted">{record.vmFlags.length === 0 ? '(none)' : `(${record.vmFlags.length})`}</span>
          </h4>
          <ul className="vmflags" aria-label="VmFlags">
            {record.vmFlags.map((code, i) => {
              const info = findVmFlagInfo(code);
              return (
                <li key={`${code}-${i}`} className={info ? 'vmflag' : 'vmflag unknown'} title={info?.description ?? UNKNOWN_CODE}>
                  <code>{formatNameForDisplay(code)}</code> {info ? info.name : <i>unknown code</i>}
                  {explained && <span className="smaps-description"> — {info?.description ?? UNKNOWN_CODE}</span>}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </div>
  );
}
