// Step 2a of scripts/build.sh: puts the split build (wasm-split-cli, wasm-bindgen, wasm-opt) into
// dist/ in place of Trunk's single module, under content-hashed names that deploy/ caches a year:
//
//   console-<id>.js          wasm-bindgen's module (index.html loads it; modulepreload, integrity)
//   console-<hash>_bg.wasm   the first load's wasm (preloaded, integrity)
//   wasm-split-<id>.js       the stub of the chunk loader (scripts/loader-stub.mjs; imported by the
//                            module, in the first load)
//   chunk-loader-<hash>.js   the chunk loader that wasm-split-cli writes, fetched by the stub at the
//                            first chunk (its own content's hash: it names only the chunks), run
//                            only with the digest the stub names (integrity)
//   <chunk>-<hash>.wasm      each chunk, fetched on demand by the loader with its digest
//
// The two modules import each other, so they share one id: a hash of every file of the build.
// A chunk's name is its own content's hash, and the loader names chunks only by those names.
//
//   node scripts/place-split.mjs SPLIT_OUT_DIR DIST_DIR
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

const [outDir, dist] = process.argv.slice(2);
const fail = (message) => {
  console.error(`place-split: ${message}`);
  process.exit(1);
};
const read = (name) => fs.readFileSync(path.join(outDir, name));
const hash = (...parts) => {
  const h = crypto.createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex').slice(0, 16);
};
// A chunk's digest: sha256, in base64 (what the loader writes once per chunk; see below).
const digest256 = (data) => crypto.createHash('sha256').update(data).digest('base64');
// The digests index.html names (sha256, as Trunk's, index.html's data-integrity).
const sri = (data) => 'sha256-' + digest256(data);
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const mainWasm = read('console_bg.wasm');
let mainJs = read('console.js').toString();
let loaderJs = read('__wasm_split.js').toString();
let fullLoaderJs = read('__wasm_split_all.js').toString();
const chunks = fs
  .readdirSync(outDir)
  .filter((f) => f.endsWith('.wasm') && f !== 'console_bg.wasm')
  .sort();
if (chunks.length === 0) fail('wasm-split-cli made no chunk: no split point in the wasm?');

// Which files each split module needs (its own and the shared chunks it waits for), read from
// the loader as wasm-split-cli wrote it (before terser: __wasm_split.orig.js).
const origLoader = read('__wasm_split.orig.js').toString();
const chunkVars = new Map();
for (const m of origLoader.matchAll(/const (__chunk_\d+) = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+\.wasm)"/g)) {
  chunkVars.set(m[1], m[2]);
}
const filesOf = new Map();
for (const m of origLoader.matchAll(
  /export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+\.wasm)"[\s\S]*?\}\s*,\s*\[([^\]]*)\]\)\)/g,
)) {
  const deps = m[3].split(',').map((v) => v.trim()).filter(Boolean);
  for (const v of deps) if (!chunkVars.has(v)) fail(`the loader's ${m[1]} waits for ${v}, which it does not define`);
  filesOf.set(m[1], [m[2], ...deps.map((v) => chunkVars.get(v))]);
}
if (!filesOf.has('app')) fail('the loader has no split module "app" (src/pages/lazy.rs)');

// Chunks: renamed by content, and so named in the loader, which fetches each with its digest
// (`fetch(url, {integrity, priority})`: a chunk whose bytes differ is refused before it is instantiated, as
// the first load's files are by index.html's integrity attributes).
//
// The loader names each chunk once, by its stem and its sha256 digest: `__chunk("chunk_25", "<digest,
// base64>")`. The file name's hash is the digest's first 8 bytes in hex, derived by the loader
// (`chunkName`, below), so the name is not written beside the digest. Every signed-in page fetches
// the loader; written out in full, each of its chunks cost about 56 bytes that gzip cannot shrink
// (16 hex digits of name and a sha384 digest then), now 32 (issue 58: about 3.3 KB less per page).
// `chunkName` is one expression: the loader runs it in the browser, and the files are named here
// by the same expression run in Node, so the two cannot disagree.
const chunkName = 's+"-"+Array.from(atob(d).slice(0,8),(c)=>c.charCodeAt(0).toString(16).padStart(2,"0")).join("")+".wasm"';
// Each fetch is noted, `"<file> <digest> <split point>"` (the split point the stub names while
// the loader fetches its chunks: scripts/loader-stub.mjs), on the list the start-up script makes
// (globalThis.__consoleChunks, scripts/finish-dist.cjs) while it is open: what this page load
// fetched first, which src/state/start_gets.rs keeps for the next load of the page to preload.
const chunkFetch =
  `const __chunk=(s,d)=>{const n=${chunkName},r=globalThis.__consoleChunks;` +
  'Array.isArray(r)&&!r.done&&r.length<64&&r.push(n+" "+d+" "+(globalThis.__consoleChunkFor||""));' +
  'return fetch(new URL("./"+n,import.meta.url),' +
  '{integrity:"sha256-"+d,priority:globalThis.consoleChunkPriority||"auto"})};';
const nameOf = new Function('s', 'd', `return ${chunkName};`);
if (/\b__chunk\b/.test(fullLoaderJs)) fail('the loader already names __chunk');
const placed = [];
const placedAs = new Map();
const integrityOf = new Map();
for (const chunk of chunks) {
  const data = read(chunk);
  const stem = chunk.replace(/\.wasm$/, '');
  if (!/^\w+$/.test(stem)) fail(`${chunk}: a stem the loader cannot quote as it is`);
  const d = digest256(data);
  const name = nameOf(stem, d);
  if (!/^\w+-[0-9a-f]{16}\.wasm$/.test(name)) fail(`${chunk}: named ${name}, not <stem>-<16 hex digits>.wasm`);
  const fetchRe = new RegExp(`fetch\\(\\s*new URL\\(\\s*(["'])\\./${escape(chunk)}\\1\\s*,\\s*import\\.meta\\.url\\s*\\)\\s*\\)`, 'g');
  const fetches = fullLoaderJs.match(fetchRe) ?? [];
  if (fetches.length !== 1) fail(`the loader fetches ${chunk} ${fetches.length} times as fetch(new URL("./${chunk}", import.meta.url)), not once`);
  // At the priority the app asks for (issue 58): `low` while the login page fetches the next
  // page's chunks, so that they never go before the sign-in request
  // (src/pages/lazy/next_page.rs sets globalThis.consoleChunkPriority); `auto` otherwise.
  fullLoaderJs = fullLoaderJs.replace(fetchRe, `__chunk("${stem}","${d}")`);
  if (fullLoaderJs.includes(`"./${chunk}"`)) fail(`the loader names ${chunk} elsewhere too (unchecked)`);
  fs.writeFileSync(path.join(dist, name), data);
  placed.push(name);
  placedAs.set(chunk, name);
  integrityOf.set(chunk, `sha256-${d}`);
}
fullLoaderJs = chunkFetch + fullLoaderJs;

// The full loader: named by its content, which names the chunks only.
if (/from\s*["']/.test(fullLoaderJs)) fail('the full chunk loader imports a module (it must name the chunks only)');
const fullLoaderName = `chunk-loader-${hash(fullLoaderJs)}.js`;
const fullLoaderRef = /(["'])\.\/__wasm_split_all\.js\1/g;
if (!fullLoaderRef.test(loaderJs)) fail('the loader stub does not import ./__wasm_split_all.js');
loaderJs = loaderJs.replace(fullLoaderRef, `"./${fullLoaderName}"`);
// The stub runs the full loader only with this digest (scripts/loader-stub.mjs).
if (loaderJs.split('__CHUNK_LOADER_INTEGRITY__').length !== 2) fail('the loader stub has no one place for the full loader\'s digest');
loaderJs = loaderJs.replace('__CHUNK_LOADER_INTEGRITY__', sri(Buffer.from(fullLoaderJs)));
fs.writeFileSync(path.join(dist, fullLoaderName), fullLoaderJs);

// The two modules: one id for both (each names the other).
const mainRef = /from\s*["']\.\/console\.js["']/;
// Only the import statements: the import object's keys stay the wasm's import module name.
const loaderRef = /from\s*(["'])\.\/__wasm_split\.js\1/g;
if (!mainRef.test(loaderJs)) fail('the loader does not import ./console.js');
if (!loaderRef.test(mainJs)) fail('the module does not import ./__wasm_split.js');
const id = hash(mainWasm, mainJs, loaderJs, ...placed);
const mainJsName = `console-${id}.js`;
const loaderName = `wasm-split-${id}.js`;
const mainWasmName = `console-${hash(mainWasm)}_bg.wasm`;
loaderJs = loaderJs.replace(mainRef, `from "./${mainJsName}"`);
mainJs = mainJs.replace(loaderRef, `from "./${loaderName}"`);
fs.writeFileSync(path.join(dist, mainJsName), mainJs);
fs.writeFileSync(path.join(dist, loaderName), loaderJs);
fs.writeFileSync(path.join(dist, mainWasmName), mainWasm);

// index.html: Trunk's module and wasm replaced by ours (loader script, modulepreload, preload).
const indexPath = path.join(dist, 'index.html');
let html = fs.readFileSync(indexPath, 'utf8');
const trunkJs = html.match(/\/(console-[0-9a-f]+\.js)/);
const trunkWasm = html.match(/\/(console-[0-9a-f]+_bg\.wasm)/);
if (!trunkJs || !trunkWasm) fail("index.html does not name Trunk's console-<hash>.js and _bg.wasm");
const swap = (oldName, newName, data) => {
  const re = new RegExp(`(<link\\b[^>]*?)\\b(integrity=)("?)sha(?:256|384|512)-[A-Za-z0-9+/=]+\\3([^>]*?/${escape(oldName)})`, 'g');
  html = html.replace(re, `$1$2$3${sri(data)}$3$4`);
  const re2 = new RegExp(`(<link\\b[^>]*?/${escape(oldName)}[^>]*?\\bintegrity=)("?)sha(?:256|384|512)-[A-Za-z0-9+/=]+\\2`, 'g');
  html = html.replace(re2, `$1$2${sri(data)}$2`);
  html = html.split(`/${oldName}`).join(`/${newName}`);
};
const base = (html.match(/["'= ]([^"'= >]*\/)console-[0-9a-f]+\.js/) || [, '/'])[1];
swap(trunkJs[1], mainJsName, Buffer.from(mainJs));
swap(trunkWasm[1], mainWasmName, mainWasm);
// The chunk loader (imported by the module) is preloaded too: the module graph is complete, and
// the app can start, as soon as the first wasm is in (without it, its request waited for the
// module to be parsed, a few hundred ms on a slow CPU).
const loaderPreload = `<link rel="modulepreload" href="${base}${loaderName}" integrity="${sri(Buffer.from(loaderJs))}" crossorigin>`;
const modulePreload = html.match(/<link\b[^>]*\brel=["']?modulepreload\b[^>]*>/i);
if (!modulePreload) fail("index.html has no module preload of Trunk's module");
html = html.replace(modulePreload[0], modulePreload[0] + loaderPreload);
// The files of the `app` chunk, for the start-up script to preload when this browser was signed in
// before (scripts/finish-dist.cjs): a returning user's chunk comes beside the first wasm.
const appFiles = filesOf.get('app').map((f) => {
  const name = placedAs.get(f);
  if (!name) fail(`the loader names ${f}, which wasm-split-cli did not write`);
  return base + name;
});
// With their digests, as the loader fetches them (a preload is used only by a request that asks
// for the same digest).
const appIntegrity = filesOf.get('app').map((f) => integrityOf.get(f));
if (!/<\/head>/i.test(html)) fail('index.html has no </head>');
html = html.replace(
  /<\/head>/i,
  `<meta name="console-chunk-wasm" data-chunk="app" content="${appFiles.join(' ')}" data-integrity="${appIntegrity.join(' ')}"></head>`,
);
fs.writeFileSync(indexPath, html);
for (const old of [trunkJs[1], trunkWasm[1]]) {
  for (const suffix of ['', '.br', '.gz']) fs.rmSync(path.join(dist, old + suffix), { force: true });
}
console.log(`place-split: ${mainJsName}, ${mainWasmName}, ${loaderName}, ${fullLoaderName}, chunks: ${placed.join(', ')}`);
