// Checks the JavaScript budget of the built app (run `npm run build` first):
// the JavaScript a browser must load before the first screen (the entry chunk and every
// chunk it imports statically) must stay within BUDGET_KB kilobytes gzipped (1 kB = 1000 B).
// Lazily loaded chunks (charts, administration, …) are listed but not counted.
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const BUDGET_KB = 170;
const dist = resolve(dirname(fileURLToPath(import.meta.url)), '../dist');
let manifest;
try {
  manifest = JSON.parse(await readFile(resolve(dist, '.vite/manifest.json'), 'utf8'));
} catch {
  console.error('check:budget: dist/.vite/manifest.json missing; run `npm run build` first');
  process.exit(2);
}

const gz = async (file) => gzipSync(await readFile(resolve(dist, file)), { level: 9 }).length;
const entries = Object.entries(manifest).filter(([, chunk]) => chunk.isEntry);
const initial = new Set();
const visit = (key) => {
  const chunk = manifest[key];
  if (!chunk || initial.has(chunk.file)) return;
  initial.add(chunk.file);
  for (const imported of chunk.imports ?? []) visit(imported);
};
for (const [key] of entries) visit(key);

let total = 0;
for (const file of [...initial].filter((f) => f.endsWith('.js'))) {
  const size = await gz(file);
  total += size;
  console.log(`  initial  ${(size / 1000).toFixed(1).padStart(7)} kB  ${file}`);
}
const lazy = Object.values(manifest)
  .map((c) => c.file)
  .filter((f) => f.endsWith('.js') && !initial.has(f));
let lazyTotal = 0;
for (const file of [...new Set(lazy)]) {
  const size = await gz(file);
  lazyTotal += size;
  console.log(`  lazy     ${(size / 1000).toFixed(1).padStart(7)} kB  ${file}`);
}
const kb = total / 1000;
console.log(
  `check:budget: initial JavaScript ${kb.toFixed(1)} kB gzipped (budget ${BUDGET_KB} kB); ` +
    `lazy chunks ${(lazyTotal / 1000).toFixed(1)} kB`,
);
if (kb > BUDGET_KB) {
  console.error('check:budget: over budget: load more screens lazily');
  process.exit(1);
}
