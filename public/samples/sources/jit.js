// node jit.js   # writes node.maps and node.smaps
// Warm up V8's JIT (hot functions get compiled by Sparkplug, Maglev and TurboFan), start a
// worker thread (its own stack and isolate), then save this process's memory map.
const { Worker } = require('node:worker_threads');
const fs = require('node:fs');
function hot(n) { let s = 0; for (let i = 0; i < n; i++) s += Math.sqrt(i) * (i & 7); return s; }
let total = 0;
for (let k = 0; k < 2000; k++) total += hot(10000);
const buffers = Array.from({ length: 8 }, () => Buffer.alloc(4 << 20, 1));
const w = new Worker('setInterval(() => {}, 1000)', { eval: true });
w.on('online', () => {
  fs.writeFileSync('node.maps', fs.readFileSync('/proc/self/maps'));
  fs.writeFileSync('node.smaps', fs.readFileSync('/proc/self/smaps'));
  console.log(total > 0, buffers.length);
  process.exit(0);
});
