/**
 * The permutation of a table's rows in ascending begin address. proc_pid_maps(5) lists regions in
 * ascending order, so the usual input is already sorted and costs one pass; a pasted or edited
 * file may not be (docs/format.md), and then the rows are sorted.
 */

/**
 * Rows 0..length-1 ordered by (begin, row): ascending begin address, ties in file order.
 * `beginHi`/`beginLo` are the unsigned 32-bit halves of each row's begin address.
 */
export function sortRowsByBegin(beginHi: Uint32Array, beginLo: Uint32Array, length: number): Uint32Array {
  const order = new Uint32Array(length);
  let sorted = true;
  for (let i = 0; i < length; i++) {
    order[i] = i;
    if (i > 0 && (beginHi[i] < beginHi[i - 1] || (beginHi[i] === beginHi[i - 1] && beginLo[i] < beginLo[i - 1]))) sorted = false;
  }
  if (sorted) return order;
  // Differences of uint32 halves are exact doubles, so the comparator never rounds.
  return order.sort((a, b) => beginHi[a] - beginHi[b] || beginLo[a] - beginLo[b] || a - b);
}
