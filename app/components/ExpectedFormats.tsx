/** What mapscope reads, with a line of each — shown when a file is empty or unreadable. */

const MAPS_LINE = '7f2c1b600000-7f2c1b628000 r--p 00000000 fe:00 1234    /usr/lib/x86_64-linux-gnu/libc.so.6';

/** A short description of the readable formats. */
export function ExpectedFormats() {
  return (
    <div className="expected">
      <p>
        mapscope reads the text of a Linux process's memory map: <code>/proc/PID/maps</code>, <code>smaps</code>,{' '}
        <code>smaps_rollup</code>, the output of <code>pmap</code>, <code>pmap -d</code>, <code>-x</code>, <code>-X</code> or{' '}
        <code>-XX</code>, or gdb's{' '}
        <code>info proc mappings</code> — plain or gzip-compressed. A maps line looks like:
      </p>
      <pre className="expected-line">{MAPS_LINE}</pre>
      <p className="muted">
        Get one with <code>cat /proc/$(pidof myprogram)/maps &gt; myprogram.maps</code>.
      </p>
    </div>
  );
}
