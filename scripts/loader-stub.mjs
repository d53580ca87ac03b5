// Step 1 of scripts/trunk-post-build.sh, before terser: the chunk loader that wasm-split-cli writes
// (__wasm_split.js) names every chunk file with its content hash and has a fetch closure for each
// (45 files: 1.35 KB gzip). It leaves the first load (issue 46): there it becomes a stub that
// exports the same functions the first-load wasm imports, each fetching the full loader with a
// dynamic import() on its first call and handing the call on.
//
//   __wasm_split.js       the stub: imported by wasm-bindgen's module, in the first load
//                         (place-split.mjs names it wasm-split-<id>.js)
//   __wasm_split_all.js   the full loader, without its static import of wasm-bindgen's module:
//                         the stub hands it `initSync` (__wasm_split_init), so that its content,
//                         and so its name (chunk-loader-<hash>.js), changes only with its chunks
//
// The full loader comes when the browser is first idle after the app has started, with the first
// chunk's load if that is sooner, or at once (while the first wasm is on its way) in a browser
// that was signed in before. If it fails to arrive, each waiting load is
// answered "failed" (the Rust side's Err, never a panic) and the next call tries again.
//
// Checked before it runs, as the first load is (issue 55): the stub loads it as a
// `<script type="module" integrity="sha256-…">` (place-split.mjs writes the digest in place of
// __CHUNK_LOADER_INTEGRITY__), whose failed check runs nothing; the full loader hands its
// functions over on a global (__consoleChunkLoader) as it runs. Not `import()`: it takes no
// digest, and after a failed check Chromium fetches the module again unchecked (a
// `modulepreload` with integrity does not stop that). The full loader fetches each chunk with its
// own digest (`fetch(…, {integrity})`, place-split.mjs), so a changed byte is never instantiated.
//
//   node scripts/loader-stub.mjs SPLIT_OUT_DIR
import fs from 'node:fs';
import path from 'node:path';

const [outDir] = process.argv.slice(2);
const fail = (message) => {
  console.error(`loader-stub: ${message}`);
  process.exit(1);
};
const loaderPath = path.join(outDir, '__wasm_split.js');
const loader = fs.readFileSync(loaderPath, 'utf8');

const importLine = /^import \{ initSync \} from "\.\/console\.js";\n/m;
if (!importLine.test(loader)) fail('the loader does not start with wasm-split-cli\'s import of initSync');
const names = [...loader.matchAll(/^export const (__wasm_split_load_\w+) = /gm)].map((m) => m[1]);
if (names.length === 0) fail('the loader exports no __wasm_split_load_* function');
const exports = loader.match(/^export\b/gm) ?? [];
if (exports.length !== names.length) fail('the loader exports something other than __wasm_split_load_* functions');
if (/\binitSync\s*=/.test(loader)) fail('the loader assigns initSync itself');

const full =
  loader.replace(
    importLine,
    'let initSync;\nexport function __wasm_split_init(f) {\n    initSync = f;\n}\n',
  ) +
  // Its functions, for the stub that loaded it by a script element (which hands no exports on).
  `\nglobalThis.__consoleChunkLoader = { __wasm_split_init, ${names.join(', ')} };\n`;
fs.writeFileSync(path.join(outDir, '__wasm_split_all.js'), full);

const stub = `import { initSync } from "./console.js";

let loading;
// The full loader, run only if its bytes have the digest the build wrote here.
function fetchLoader() {
    return new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.type = "module";
        script.crossOrigin = "anonymous";
        script.integrity = "__CHUNK_LOADER_INTEGRITY__";
        script.src = new URL("./__wasm_split_all.js", import.meta.url).href;
        script.onload = () => {
            const m = globalThis.__consoleChunkLoader;
            m ? resolve(m) : reject(new Error("the chunk loader did not start"));
        };
        script.onerror = () => {
            script.remove();
            reject(new Error("the chunk loader did not arrive, or not as built (integrity)"));
        };
        document.head.appendChild(script);
    });
}
function load() {
    if (loading === undefined) {
        const thisLoad = fetchLoader().then((m) => {
            m.__wasm_split_init(initSync);
            return m;
        });
        // A failure is not kept: the next call tries again.
        thisLoad.catch(() => {
            if (loading === thisLoad) loading = undefined;
        });
        loading = thisLoad;
    }
    return loading;
}
// The split point whose chunks the full loader fetches next (it fetches them within the call,
// and every chunk is fetched by such a call): its noting of each fetch names it
// (scripts/place-split.mjs, src/state/start_gets.rs).
function delegate(name) {
    return (callbackIndex, callbackData) => load().then(
        (m) => {
            globalThis.__consoleChunkFor = name;
            return m["__wasm_split_load_" + name](callbackIndex, callbackData);
        },
        (e) => {
            console.error(e);
            initSync(undefined, undefined).__indirect_function_table.get(callbackIndex)(callbackData, false);
        },
    );
}
${names.map((n) => `export const ${n} = delegate("${n.slice('__wasm_split_load_'.length)}");`).join('\n')}

// The full loader comes at once where this browser was signed in before (the \`app\` chunk is
// next; the key is SIGNED_IN_HINT of src/pages/lazy.rs), else when the browser is first idle after
// the app has started (the start-up script's event): while the sign-in check is on its way, before
// the app asks for its chunk on its answer. The first chunk asked for earlier brings it too.
const start = () => load().catch(() => {});
try {
    if (localStorage.getItem("console.signedIn")) start();
} catch (e) {}
addEventListener("TrunkApplicationStarted", () => (self.requestIdleCallback || setTimeout)(start), { once: true });
`;
fs.writeFileSync(loaderPath, stub);

// wasm-bindgen's module imports the loader once per function the wasm imports from it, each
// under a name of its own, all in the import object under the same key (the last one wins):
// one import is enough (38 B gzip less).
const modulePath = path.join(outDir, 'console.js');
let moduleJs = fs.readFileSync(modulePath, 'utf8');
const imports = [...moduleJs.matchAll(/^import \* as (import\d+) from "\.\/__wasm_split\.js"\n/gm)].map((m) => m[1]);
if (imports.length === 0) fail('wasm-bindgen\'s module does not import ./__wasm_split.js');
for (const name of imports.slice(1)) {
  const line = `import * as ${name} from "./__wasm_split.js"\n`;
  const key = new RegExp(`^ *"\\./__wasm_split\\.js": ${name},\\n`, 'm');
  if (!key.test(moduleJs)) fail(`wasm-bindgen's module does not put ${name} in its import object as expected`);
  moduleJs = moduleJs.replace(line, '').replace(key, '');
  if (new RegExp(`\\b${name}\\b`).test(moduleJs)) fail(`wasm-bindgen's module uses ${name} elsewhere`);
}
fs.writeFileSync(modulePath, moduleJs);
console.log(`loader-stub: ${names.length} functions, the full loader in __wasm_split_all.js, ${imports.length} → 1 import of it`);
