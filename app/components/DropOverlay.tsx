/** The full-page "drop to open" overlay. It never takes pointer events, so it cannot cause the drag flicker it hides. */

/** Shown while files are dragged over the page. */
export function DropOverlay({ visible }: { visible: boolean }) {
  if (!visible) return null;
  return (
    <div className="drop-overlay" role="status">
      <div className="drop-target">
        <strong>Drop the file to open it</strong>
        <span>maps, smaps, pmap or gdb listings — plain or .gz. It stays in this browser.</span>
      </div>
    </div>
  );
}
