// The last step of the release build (scripts/trunk-post-build.sh, Trunk's post_build hook), on
// Trunk's staging directory:
//
//   2. Trunk's inline loader script becomes a file of its own (init-<hash>.js, with an integrity
//      digest), so that the Content-Security-Policy needs no 'unsafe-inline' script; the build
//      fails if any other inline script or style is left in index.html. Before loading the app it
//      preloads the `app` chunk's files when this browser was signed in before;
//   2a. the stylesheets of a chunk (`<link data-trunk rel="css" data-chunk="NAME">` in index.html)
//      leave the first load: each link becomes `<meta name="console-chunk-css" data-chunk=NAME
//      content=HREF data-integrity=… data-order=N>`, which src/pages/lazy.rs turns back into a
//      link when the chunk loads (N keeps index.html's order of stylesheets, hence the cascade);
//      a chunk's stylesheets that follow each other there are joined into one file first;
//   3. next to each compressible file, precompressed name.br (brotli 11) and name.gz (zopfli)
//      when smaller, for nginx's brotli_static/gzip_static; not config.json, which deployers
//      edit in place.
//
//   node scripts/finish-dist.cjs DIR
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const crypto = require('node:crypto');
const { execFileSync } = require('node:child_process');

// A file this script writes: its name's hash (the sha256's first 16 hex digits) and its
// integrity digest (the same sha256 in base64; index.html's data-integrity).
const hashed = (data) => {
  const d = crypto.createHash('sha256').update(data).digest();
  return { hex16: d.toString('hex').slice(0, 16), sri: 'sha256-' + d.toString('base64') };
};

const dist = process.argv[2];
const indexPath = path.join(dist, 'index.html');
const fail = (message) => {
  console.error(`finish-dist: ${message}`);
  process.exit(1);
};

// 2. Inline scripts out of index.html. Trunk injects one module script that imports the
// wasm-bindgen module and starts the app; it becomes init-<hash>.js, loaded with an integrity digest.
let html = fs.readFileSync(indexPath, 'utf8');
// Before the loader: a browser that was signed in before (the key is SIGNED_IN_HINT of
// src/pages/lazy.rs), in this order (each request costs the main thread a few ms on a slow CPU,
// so what the page waits for longest goes first; issue 58):
//   1. sends the GETs the last load of this page sent first (localStorage "console.startGets",
//      src/domain/start_gets.rs, the same test of each URL: only the lists and catalogues of its
//      REPLAYED, whose spelling REPLAYED_JS is the RegExp below), leaving their pending replies in
//      window.__consoleEarly for the app's client to take (src/api/early.rs): the sign-in check,
//      the catalogues and the page's data are on their way before the app starts;
//   2. preloads the `app` chunk's wasm files (<meta name="console-chunk-wasm">, written by
//      place-split.mjs) and stylesheets, beside the first wasm instead of after it has started:
//      the chunk loader's fetch and the app's stylesheet links find them on their way.
//      (Compiling them here too, WebAssembly.compileStreaming, measured no faster: left out.)
//   3. once the module is in and the first wasm asked for (after `init(` below, while the wasm is
//      still on its way), preloads the chunks the last load of this page fetched first
//      (localStorage "console.startChunks", src/domain/start_gets.rs: `<file> <sha256 digest>`
//      as the chunk loader noted them in globalThis.__consoleChunks, which this script makes for
//      every load; scripts/place-split.mjs), each by the name the build gives a chunk, beside
//      this script, with its digest: the page's own chunks no longer wait for the app to start
//      and ask for them. (The `app` chunk's files are not in that list: they are preloaded above.)
const PRELOAD_FOR_RETURNING_USER = `globalThis.__consoleChunks = [];
const consolePreload = (href, as, integrity) => {
  const link = document.createElement("link");
  link.rel = "preload";
  link.as = as;
  link.href = href;
  link.crossOrigin = "anonymous";
  if (integrity) link.integrity = integrity;
  document.head.appendChild(link);
};
const consoleLater = [];
// What the last load of this path kept under \`key\` (a list of \`[path, [item, …]]\`), else nothing.
const consoleKept = (key) => {
  const kept = JSON.parse(localStorage.getItem(key) || "[]");
  const entry = Array.isArray(kept) && kept.find((e) => Array.isArray(e) && e[0] === location.pathname);
  return entry && Array.isArray(entry[1]) ? entry[1] : [];
};
try {
  if (localStorage.getItem("console.signedIn")) {
    const urls = consoleKept("console.startGets");
    if (urls.length) {
      const early = Object.create(null);
      for (const url of urls.slice(0, 12)) {
        const plain = typeof url === "string" && url.length <= 2048 &&
          ((url.startsWith("/") && !url.startsWith("//")) || url.startsWith("https://") || url.startsWith("http://")) &&
          ![...url].some((c) => c.charCodeAt(0) <= 32 || c.charCodeAt(0) === 127) &&
          !url.toLowerCase().includes("/authentication/") && !/[?&](?:code|state)=/i.test(url) &&
          !url.includes("#") && new RegExp("^(?:https?://[^/?#]+)?(?:/(?!api/)[^/?#]+)*/api/(?:builds|rest/v1/(?:users(?:/me)?|workspaces(?:/public|/[^/?#]+(?:/stores)?)?|workbenches(?:/[^/?#]+)?|app-instances|apps|organizations|approval-requests|notifications(?:/count)?|workspace-service-instances|authorization/(?:roles|permissions)|platform-settings|devstore/global|terms-of-use/(?:versions|acceptances(?:/status)?)))(?:[?]|$)").test(url);
        if (!plain) continue;
        // The app gets a copy; the response itself is read to its end as it comes, so that the
        // request ends whether the app takes the copy or not (src/api/early.rs, read_through).
        const reply = fetch(url, { credentials: "include", headers: { Accept: "application/json" } })
          .then((r) => { const copy = r.clone(); r.arrayBuffer().catch(() => {}); return copy; });
        reply.catch(() => {});
        early[url] = reply;
      }
      window.__consoleEarly = early;
      setTimeout(() => { window.__consoleEarly = undefined; }, 15000);
    }
    for (const m of document.querySelectorAll('meta[name="console-chunk-wasm"][data-chunk="app"]')) {
      const digests = (m.dataset.integrity || "").split(" ");
      m.content.split(" ").forEach((href, i) => href && consolePreload(href, "fetch", digests[i]));
    }
    for (const m of document.querySelectorAll('meta[name="console-chunk-css"][data-chunk="app"]')) {
      consolePreload(m.content, "style", m.dataset.integrity);
    }
    for (const c of consoleKept("console.startChunks").slice(0, 64)) {
      const m = typeof c === "string" && /^(\\w{1,64}-[0-9a-f]{16}\\.wasm) ([A-Za-z0-9+/]{43}=)$/.exec(c);
      if (m) consoleLater.push([new URL("./" + m[1], import.meta.url).href, "sha256-" + m[2]]);
    }
  }
} catch (e) {}
const consoleThen = (started) => {
  for (const [href, integrity] of consoleLater) consolePreload(href, "fetch", integrity);
  return started;
};
`;
const inline = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
let moved = 0;
html = html.replace(inline, (tag, attrs, body) => {
  if (/\bsrc\s*=/i.test(attrs)) return tag;
  if (!/\btype\s*=\s*["']?module["']?/i.test(attrs) || body.trim() === '') {
    fail(`index.html has an inline script that is not Trunk's loader: ${tag.slice(0, 200)}`);
  }
  // The module is imported dynamically, after the preloads: a static import would hold the
  // whole script until the module graph is in.
  const loader = body.trim().replace(
    /^import\s+init\s*,\s*\*\s*as\s+bindings\s+from\s*(['"][^'"]+['"])\s*;/,
    'const bindings = await import($1);\nconst init = bindings.default;',
  );
  if (loader === body.trim()) fail(`Trunk's loader script does not start as expected: ${body.trim().slice(0, 200)}`);
  // The page's chunks once the first wasm is asked for (3. above): `await init(…)` becomes
  // `await consoleThen(init(…))`.
  const initCall = /\bawait\s+init\s*\((\s*\{[^{}()]*\}\s*)\)/;
  if (!initCall.test(loader)) fail(`Trunk's loader script does not call init as expected: ${loader.slice(0, 300)}`);
  const loaderThen = loader.replace(initCall, 'await consoleThen(init($1))');
  // Minified as the other scripts (scripts/trunk-post-build.sh; terser is on its PATH): 949 → 794
  // B gzip in the first load.
  let code;
  try {
    code = execFileSync('terser', ['--module', '--compress', '--mangle'], {
      input: PRELOAD_FOR_RETURNING_USER + loaderThen + '\n',
      stdio: ['pipe', 'pipe', 'pipe'],
    }).toString().trim() + '\n';
  } catch (e) {
    fail(`terser failed on the start-up script: ${String(e.stderr || e.message).slice(0, 500)}`);
  }
  const { hex16, sri } = hashed(code);
  const name = `init-${hex16}.js`;
  fs.writeFileSync(path.join(dist, name), code);
  // A syntax error here would leave every page blank: node checks the script as a module.
  const check = path.join(fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'init-')), 'init.mjs');
  fs.writeFileSync(check, code);
  try {
    execFileSync(process.execPath, ['--check', check], { stdio: 'pipe' });
  } catch (e) {
    fail(`the start-up script does not parse: ${String(e.stderr || e.message).slice(0, 500)}`);
  } finally {
    fs.rmSync(path.dirname(check), { recursive: true, force: true });
  }
  const base = (body.match(/from\s*['"]((?:[^'"]*\/)?)[^'"\/]+\.js['"]/) || [, '/'])[1];
  moved += 1;
  return `<script type="module" src="${base}${name}" integrity="${sri}" crossorigin="anonymous"></script>`;
});
if (moved !== 1) fail(`expected Trunk's one inline loader script in index.html, found ${moved}`);

// 2a. Chunk stylesheets out of the first load. Trunk writes each as <link rel="stylesheet"
// href=… integrity=… data-chunk=…> (attributes in any order, quoted or not after minifying).
const attrsOf = (tag) => {
  const attrs = {};
  const re = /([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  let m;
  const inner = tag.replace(/^<link\b/i, '').replace(/\/?>$/, '');
  while ((m = re.exec(inner))) attrs[m[1].toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? '';
  return attrs;
};
const escapeAttr = (v) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
// Stylesheets of one chunk that follow each other in index.html become one file, NAME-<hash>.css
// (their text in that order, so the cascade is the same): one request and one gzip window
// instead of five for the `app` chunk's (9.2 → 6.9 KB gzip, issue 58).
const stylesheets = [...html.matchAll(/<link\b[^>]*>/gi)]
  .map(([tag]) => ({ tag, a: attrsOf(tag) }))
  .filter(({ a }) => (a.rel || '').toLowerCase() === 'stylesheet');
const joined = new Map(); // tag → the tag that stands for its run ('' when it goes)
for (let i = 0; i < stylesheets.length; ) {
  const chunk = stylesheets[i].a['data-chunk'];
  let j = i + 1;
  while (chunk !== undefined && j < stylesheets.length && stylesheets[j].a['data-chunk'] === chunk) j += 1;
  if (j - i > 1) {
    const run = stylesheets.slice(i, j);
    const texts = run.map(({ a, tag }) => {
      if (!a.href) fail(`a chunk stylesheet has no href: ${tag}`);
      const file = path.join(dist, path.basename(a.href));
      if (!fs.existsSync(file)) fail(`no ${file} for ${tag}`);
      return fs.readFileSync(file, 'utf8');
    });
    const text = texts.map((t) => t.trimEnd()).join('\n') + '\n';
    if (!/^[a-z_]+$/.test(chunk)) fail(`a stylesheet names an odd chunk: ${run[0].tag}`);
    const { hex16, sri } = hashed(text);
    const name = `${chunk}-${hex16}.css`;
    fs.writeFileSync(path.join(dist, name), text);
    for (const { a } of run) fs.unlinkSync(path.join(dist, path.basename(a.href)));
    const base = run[0].a.href.slice(0, run[0].a.href.length - path.basename(run[0].a.href).length);
    joined.set(run[0].tag, `<link rel="stylesheet" href="${base}${name}" integrity="${sri}" data-chunk="${chunk}">`);
    for (const { tag } of run.slice(1)) joined.set(tag, '');
    console.log(`finish-dist: ${run.length} stylesheets of chunk ${chunk} joined into ${name}`);
  }
  i = j;
}
let order = 0;
let chunkCss = 0;
html = html.replace(/<link\b[^>]*>/gi, (original) => {
  const tag = joined.has(original) ? joined.get(original) : original;
  if (!tag) return '';
  const a = attrsOf(tag);
  if ((a.rel || '').toLowerCase() !== 'stylesheet') return tag;
  order += 1;
  // Every stylesheet gets its place in index.html's order: a chunk's goes in among them.
  // Trunk leaves index.html's `data-integrity=sha256` (which digest to write) on main.css's tag.
  if (!('data-chunk' in a)) {
    const plain = tag.replace(/\sdata-integrity=("?)sha(?:256|384|512)\1(?=[\s/>])/i, '');
    return plain.replace(/^<link\b/i, `<link data-order="${order}"`);
  }
  if (!/^[a-z_]+$/.test(a['data-chunk'])) fail(`a stylesheet names an odd chunk: ${tag}`);
  if (!a.href) fail(`a chunk stylesheet has no href: ${tag}`);
  chunkCss += 1;
  const integrity = a.integrity ? ` data-integrity="${escapeAttr(a.integrity)}"` : '';
  return `<meta name="console-chunk-css" data-chunk="${a['data-chunk']}" content="${escapeAttr(a.href)}"${integrity} data-order="${order}">`;
});
console.log(`finish-dist: ${chunkCss} stylesheet(s) load with their chunks`);
if (/<style\b|\sstyle\s*=|\son[a-z]+\s*=/i.test(html)) {
  fail('index.html has an inline style or event handler, which the Content-Security-Policy blocks');
}
fs.writeFileSync(indexPath, html);

// 3. Precompressed copies next to each compressible file (old ones removed first).
const compressible = /\.(?:wasm|js|mjs|css|html|svg|json|txt|map)$/;
const files = [];
(function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (/\.(?:br|gz)$/.test(entry.name)) fs.unlinkSync(full);
    else files.push(full);
  }
})(dist);
const rows = [];
for (const file of files) {
  const rel = path.relative(dist, file);
  if (!compressible.test(rel) || rel === 'config.json') continue;
  const raw = fs.readFileSync(file);
  const text = !rel.endsWith('.wasm');
  const br = zlib.brotliCompressSync(raw, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
      [zlib.constants.BROTLI_PARAM_LGWIN]: zlib.constants.BROTLI_MAX_WINDOW_BITS,
      [zlib.constants.BROTLI_PARAM_MODE]: text ? zlib.constants.BROTLI_MODE_TEXT : zlib.constants.BROTLI_MODE_GENERIC,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
    },
  });
  // Zopfli writes the same gzip format as gzip -9, 4 to 5 % smaller (about 35 KB on the whole
  // bundle; GNU gzip -9 was itself 4 KB under Node's zlib on the wasm). Its header holds no name
  // and no time: the same input gives the same file.
  const gz = execFileSync('zopfli', ['-c', '--gzip', file], { maxBuffer: 1 << 30 });
  const stat = fs.statSync(file);
  for (const [ext, data] of [['br', br], ['gz', gz]]) {
    if (data.length >= raw.length) continue;
    fs.writeFileSync(`${file}.${ext}`, data);
    fs.utimesSync(`${file}.${ext}`, stat.atime, stat.mtime);
  }
  rows.push([rel, raw.length, gz.length < raw.length ? gz.length : '-', br.length < raw.length ? br.length : '-']);
}
rows.sort((a, b) => b[1] - a[1]);
console.log('precompressed (bytes):');
for (const [rel, raw, gz, br] of rows) {
  console.log(`  ${rel.padEnd(40)} ${String(raw).padStart(9)} raw ${String(gz).padStart(9)} .gz ${String(br).padStart(9)} .br`);
}
