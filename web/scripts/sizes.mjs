// sizes.mjs - print the gzip size of every file in dist/ and of the initial
// route (index.html plus every script and stylesheet it loads, including
// modulepreloads); fail when the initial route is over 1.5 MB gzip.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url).pathname;
const LIMIT = 1.5 * 1024 * 1024;
const files = [];
(function walk(d) {
  for (const f of readdirSync(d)) {
    const p = join(d, f);
    if (statSync(p).isDirectory()) walk(p);
    else if (!p.endsWith('.gz')) files.push(p);
  }
})(dist);

const gz = {};
for (const p of files) {
  const buf = readFileSync(p);
  const z = gzipSync(buf, { level: 9 });
  gz[relative(dist, p)] = { raw: buf.length, gz: z.length };
  // msup serves NAME.gz when the client accepts gzip
  if (/\.(js|css|html|svg|json)$/.test(p) && buf.length > 1024) writeFileSync(p + '.gz', z);
}
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = new Set(['index.html']);
for (const m of html.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)) initial.add(m[1]);
let total = 0;
const kb = (n) => (n / 1024).toFixed(1).padStart(8) + ' KiB';
console.log('web/dist (gzip):');
for (const [f, s] of Object.entries(gz).sort((a, b) => b[1].gz - a[1].gz).slice(0, 12))
  console.log(`  ${kb(s.gz)}  ${initial.has(f) ? '*' : ' '} ${f}`);
for (const f of initial) total += gz[f]?.gz ?? 0;
console.log(`initial route (*): ${kb(total)} gzip of ${kb(LIMIT)} allowed; all files ${Object.keys(gz).length}`);
if (total > LIMIT) {
  console.error('web: the initial route is over 1.5 MB gzip');
  process.exit(1);
}
