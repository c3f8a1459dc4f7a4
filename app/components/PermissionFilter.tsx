/**
 * The permission filter: one control per permission, each cycling any → required → excluded and
 * showing its state as a word and a sign as well as a colour; presets; and whether filtered-out
 * regions are dimmed or hidden on the map (they always leave the table).
 */
import { hasPermFilter, nextTriState, NO_PERM_FILTER, PERM_KEYS, PERM_PRESETS, type PermKey, type TriState } from '../state/find-store';
import { findStore, useFindState } from '../state/app-store';

const LABEL: Record<PermKey, string> = { readable: 'Readable', writable: 'Writable', executable: 'Executable', shared: 'Shared', private: 'Private' };
const SIGN: Record<TriState, string> = { any: '·', required: '✓', excluded: '✕' };
const HELP: Record<PermKey, string> = {
  readable: 'r',
  writable: 'w',
  executable: 'x',
  shared: 's: shared (VM_MAYSHARE)',
  private: 'p: private, copy-on-write',
};

export function PermissionFilter() {
  const perms = useFindState((s) => s.perms);
  const hide = useFindState((s) => s.hideFiltered);
  const active = hasPermFilter(perms);
  return (
    <div className="perm-filter" role="group" aria-label="Permission filter">
      <span className="find-label" aria-hidden="true">
        Permissions
      </span>
      {PERM_KEYS.map((key) => {
        const state = perms[key];
        return (
          <button
            key={key}
            type="button"
            className={`tri tri-${state}`}
            data-state={state}
            title={`${LABEL[key]} (${HELP[key]}): ${state}. Click for ${nextTriState(state)}.`}
            onClick={() => findStore.set({ perms: { ...perms, [key]: nextTriState(state) }, currentMatch: -1 })}
          >
            <span className="tri-sign" aria-hidden="true">
              {SIGN[state]}
            </span>
            {LABEL[key]}
            {/* The name is the visible text, "Readable any": the state is part of it (the sign is not). */}
            <span className="tri-state">{state}</span>
          </button>
        );
      })}
      <select
        className="perm-presets"
        aria-label="Permission presets"
        value=""
        onChange={(event) => {
          const preset = PERM_PRESETS.find((p) => p.label === event.target.value);
          if (preset) findStore.set({ perms: preset.perms, currentMatch: -1 });
        }}
      >
        <option value="" disabled>
          Presets…
        </option>
        {PERM_PRESETS.map((preset) => (
          <option key={preset.label} value={preset.label}>
            {preset.label}
          </option>
        ))}
      </select>
      <button type="button" className="button small" disabled={!active} onClick={() => findStore.set({ perms: NO_PERM_FILTER, currentMatch: -1 })}>
        Clear
      </button>
      <label className="hide-toggle" title="Regions the search or the filter leaves out are dimmed on the map; hide them instead. They always leave the table.">
        <input type="checkbox" checked={hide} onChange={(event) => findStore.set({ hideFiltered: event.target.checked })} />
        Hide filtered
      </label>
    </div>
  );
}
