#!/usr/bin/env node
// What wasm-bindgen writes into the first load that the console does not need (issue 49):
// node scripts/slim-module.cjs DIR (wasm-bindgen's output: console_bg.wasm and console.js,
// rewritten in place, before wasm-opt and terser). Measured on the first load: 9.6 KB gzip less
// (docs/measurements.md).
//
// 1. The JavaScript classes of wasm-streams (`IntoUnderlyingSource`, `IntoUnderlyingSink`,
//    `IntoUnderlyingByteSource`): Leptos's `csr` feature brings server_fn, which brings
//    wasm-streams, whose classes are `#[wasm_bindgen]` exports and so stay in the first module with
//    everything they call (futures to promises, the byte-stream requests), though nothing of the
//    console makes a stream with them (no import of the module wraps one). Each class goes from
//    console.js, with its finalization registry, and the exports its methods call from the wasm;
//    wasm-opt then drops the code. 1.7 KB gzip.
// 2. Short names: wasm-bindgen names each of the ~300 functions the wasm imports from its module
//    after the Rust function and a 64-bit hash (`__wbg_addEventListener_a1b2c3d4e5f60718`), and the
//    closure shims it exports after their symbol hash; each name is written twice, in the wasm's
//    import section and as a key of the import object in console.js, where terser keeps it.
//    Sixteen hex digits are what gzip cannot shrink: 7.9 KB gzip. Here each import of
//    `./console_bg.js` becomes `a`, `b`, … `aa`, … in both files, and each hashed export the
//    same in the wasm and in console.js's `wasm.<name>`. The chunks import only the memory, the
//    table and a global from the first module, under their own names.
//
// A name is renamed, a class dropped, only when console.js holds it exactly as expected (an
// import: once, as the key `name: function`; an export: as `wasm.name`, never as a string; a
// class: nowhere once its block is gone); anything else stops the build. A class wasm-bindgen no
// longer writes is left alone, with a note.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const dir = process.argv[2];
if (!dir) {
  console.error('usage: slim-module.cjs DIR');
  process.exit(2);
}
const wasmPath = path.join(dir, 'console_bg.wasm');
const jsPath = path.join(dir, 'console.js');
const wasm = fs.readFileSync(wasmPath);
let js = fs.readFileSync(jsPath, 'utf8');
const MODULE = './console_bg.js';

function fail(message) {
  console.error(`slim-module: ${message}`);
  process.exit(1);
}
if (wasm.length < 8 || wasm.readUInt32LE(0) !== 0x6d736100) fail(`${wasmPath} is not a wasm module`);

function uleb(buf, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = buf[at++];
    if (byte === undefined) throw new Error('truncated LEB128');
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}
function encodeUleb(n) {
  const out = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return Buffer.from(out);
}
function skipLimits(buf, at) {
  const flags = buf[at++];
  [, at] = uleb(buf, at);
  if (flags & 1) [, at] = uleb(buf, at);
  return at;
}
function readName(buf, at) {
  const [len, start] = uleb(buf, at);
  return [buf.subarray(start, start + len).toString('utf8'), start + len];
}
function encodeName(name) {
  const bytes = Buffer.from(name, 'utf8');
  return Buffer.concat([encodeUleb(bytes.length), bytes]);
}
// a … z, A … Z, aa, ab, …: valid identifiers and property names, none of them a JavaScript keyword
// that matters as a key or after a dot.
const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
function* shortNames(taken) {
  for (let n = 0; ; n++) {
    let s = '';
    let i = n;
    for (;;) {
      s = LETTERS[i % LETTERS.length] + s;
      i = Math.floor(i / LETTERS.length);
      if (i === 0) break;
      i -= 1;
    }
    if (!taken.has(s)) yield s;
  }
}
function escape(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// 1. wasm-streams' classes out of console.js; the exports their methods called, out of the wasm.
const UNUSED_CLASSES = ['IntoUnderlyingByteSource', 'IntoUnderlyingSink', 'IntoUnderlyingSource'];
const droppedExports = new Set();
let droppedClasses = 0;
for (const name of UNUSED_CLASSES) {
  const block = new RegExp(`^export class ${name} \\{\\n[\\s\\S]*?^\\}\\n`, 'm');
  const dispose = new RegExp(
    `^if \\(Symbol\\.dispose\\) ${name}\\.prototype\\[Symbol\\.dispose\\] = ${name}\\.prototype\\.free;\\n`,
    'm',
  );
  const registry = new RegExp(`^const ${name}Finalization = [^;]*;\\n`, 'm');
  const found = [block, dispose, registry].map((re) => js.match(re));
  if (found.every((m) => m === null)) {
    console.log(`slim-module: note: console.js has no class ${name} (left alone)`);
    continue;
  }
  if (found.some((m) => m === null)) fail(`console.js has class ${name}, but not as expected`);
  for (const m of found) {
    for (const use of m[0].matchAll(/\bwasm\.([\w$]+)/g)) droppedExports.add(use[1]);
    js = js.replace(m[0], '');
  }
  if (new RegExp(`(?<![\\w$])${name}(?![\\w$])`).test(js)) fail(`console.js still uses ${name}`);
  droppedClasses++;
}
for (const name of droppedExports) {
  if (new RegExp(`(?<![\\w$])${escape(name)}(?![\\w$])`).test(js)) {
    fail(`console.js still uses ${name}, an export of a dropped class`);
  }
}

const sections = [];
for (let at = 8; at < wasm.length; ) {
  const id = wasm[at];
  const [size, start] = uleb(wasm, at + 1);
  sections.push({ id, start, end: start + size, head: at });
  at = start + size;
}

// 2. The import section: every import of wasm-bindgen's module gets a short name.
function renameImports(section) {
  let [count, at] = uleb(wasm, section.start);
  const entries = [];
  for (; count > 0; count--) {
    let module;
    let name;
    [module, at] = readName(wasm, at);
    [name, at] = readName(wasm, at);
    const descStart = at;
    const kind = wasm[at++];
    if (kind === 0) [, at] = uleb(wasm, at);
    else if (kind === 1) at = skipLimits(wasm, at + 1);
    else if (kind === 2) at = skipLimits(wasm, at);
    else if (kind === 3) at += 2;
    else if (kind === 4) [, at] = uleb(wasm, at + 1);
    else fail(`unknown import kind ${kind}`);
    entries.push({ module, name, desc: wasm.subarray(descStart, at) });
  }
  const ours = entries.filter((e) => e.module === MODULE);
  const next = shortNames(new Set(ours.map((e) => e.name)));
  let renamed = 0;
  for (const e of ours) {
    const uses = js.match(new RegExp(`(?<![\\w$])${escape(e.name)}(?![\\w$])`, 'g')) || [];
    const key = new RegExp(`(?<![\\w$.'"])${escape(e.name)}(: function\\()`);
    if (uses.length !== 1 || !key.test(js)) {
      fail(`console.js does not hold the import ${e.name} once as a key of its import object`);
    }
    const short = next.next().value;
    js = js.replace(key, `${short}$1`);
    e.name = short;
    renamed++;
  }
  const body = [encodeUleb(entries.length)];
  for (const e of entries) body.push(encodeName(e.module), encodeName(e.name), e.desc);
  return { bytes: Buffer.concat(body), renamed };
}

// The export section: the exports of the dropped classes out, the exports named with a symbol hash (`…__invoke__h0123456789abcdef`).
function renameExports(section) {
  let [count, at] = uleb(wasm, section.start);
  const entries = [];
  for (; count > 0; count--) {
    let name;
    [name, at] = readName(wasm, at);
    const descStart = at;
    at += 1;
    [, at] = uleb(wasm, at);
    if (droppedExports.has(name)) {
      droppedExports.delete(name);
      continue;
    }
    entries.push({ name, desc: wasm.subarray(descStart, at) });
  }
  if (droppedExports.size > 0) fail(`the wasm does not export ${[...droppedExports].join(', ')}`);
  const next = shortNames(new Set(entries.map((e) => e.name)));
  let renamed = 0;
  for (const e of entries) {
    if (!/_h[0-9a-f]{16}(_\d+)?$/.test(e.name)) continue;
    const access = new RegExp(`(?<![\\w$])wasm\\.${escape(e.name)}(?![\\w$])`, 'g');
    const quoted = new RegExp(`['"\`]${escape(e.name)}['"\`]`);
    if (!access.test(js) || quoted.test(js)) {
      fail(`console.js does not use the export ${e.name} as wasm.${e.name} only`);
    }
    const short = next.next().value;
    js = js.replace(access, `wasm.${short}`);
    e.name = short;
    renamed++;
  }
  const body = [encodeUleb(entries.length)];
  for (const e of entries) body.push(encodeName(e.name), e.desc);
  return { bytes: Buffer.concat(body), renamed };
}

const parts = [wasm.subarray(0, 8)];
let importsRenamed = 0;
let exportsRenamed = 0;
for (const s of sections) {
  if (s.id === 2 || s.id === 7) {
    const { bytes, renamed } = s.id === 2 ? renameImports(s) : renameExports(s);
    if (s.id === 2) importsRenamed = renamed;
    else exportsRenamed = renamed;
    parts.push(Buffer.from([s.id]), encodeUleb(bytes.length), bytes);
  } else {
    parts.push(wasm.subarray(s.head, s.end));
  }
}
if (importsRenamed === 0) fail(`the wasm imports nothing from ${MODULE}`);
const out = Buffer.concat(parts);
fs.writeFileSync(wasmPath, out);
fs.writeFileSync(jsPath, js);
console.log(
  `slim-module: ${droppedClasses} classes dropped, ${importsRenamed} imports and ${exportsRenamed} exports renamed, wasm ${wasm.length} → ${out.length} B`,
);
