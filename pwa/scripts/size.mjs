// Prints the gzip size of the critical path (the JS and CSS index.html loads before the first screen:
// the entry script, its modulepreloads and stylesheets) and of every other chunk, and fails the build when
// the critical path passes the 100 KB budget (issue #8).
import { readFile, readdir } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";

const BUDGET = 100 * 1024;
const dist = fileURLToPath(new URL("../dist/", import.meta.url));
const html = await readFile(`${dist}index.html`, "utf8");
const critical = new Set();
for (const m of html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\shref)="\/([^"]+\.(?:js|css))"/g)) critical.add(m[1]);

const gz = async (path) => {
  const raw = await readFile(`${dist}${path}`);
  return { raw: raw.length, gzip: gzipSync(raw, { level: 9 }).length };
};
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

let total = 0;
let totalRaw = 0;
console.log("critical path (gzip):");
for (const f of critical) {
  const s = await gz(f);
  total += s.gzip;
  totalRaw += s.raw;
  console.log(`  ${f.padEnd(44)} ${kb(s.raw).padStart(10)} -> ${kb(s.gzip).padStart(9)}`);
}
console.log(`  ${"TOTAL".padEnd(44)} ${kb(totalRaw).padStart(10)} -> ${kb(total).padStart(9)}  (budget ${kb(BUDGET)})`);

const lazy = (await readdir(`${dist}assets`)).filter((f) => /\.(js|css)$/.test(f) && !critical.has(`assets/${f}`));
if (lazy.length) console.log("loaded on demand (gzip):");
for (const f of lazy.sort()) {
  const s = await gz(`assets/${f}`);
  console.log(`  assets/${f.padEnd(37)} ${kb(s.raw).padStart(10)} -> ${kb(s.gzip).padStart(9)}`);
}
const sw = await gz("sw.js").catch(() => null);
if (sw) console.log(`service worker: sw.js ${kb(sw.raw)} -> ${kb(sw.gzip)}`);

if (total > BUDGET) {
  console.error(`critical path ${kb(total)} is over the ${kb(BUDGET)} budget`);
  process.exit(1);
}
