// What each main route downloads on a cold cache before its heading shows (issue 58), read from a
// real Chromium on the release build: the dev server serves dist/ and the API, one browser opens
// each route in a fresh context (an empty cache, no storage), signed out or signed in as the route
// needs, and the page's own Resource Timing entries that started before its first <h1> appeared
// (an init script notes that time) are summed at their gzip size as served (dist/'s precompressed
// .gz, as nginx serves them; computed when absent). API replies are counted apart. A report: it
// prints and never fails the run (scripts/size-report.sh calls it; it says "skipped" when the dev
// server or Playwright is missing).
//
//   node scripts/route-sizes.mjs DIST_DIR DEVSERVER
//   ROUTE_BUDGET_HOME=409600 ROUTE_BUDGET_SIGNED_IN=512000 ROUTE_BUDGET_LOGIN=235520 ...
//   ROUTES=home,apps ...    only those routes (their names below)
//   ROUTE_FILES=1 ...       every file of each route, not only the largest
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [dist, devserver] = process.argv.slice(2);
const say = (s) => process.stdout.write(s + '\n');
const skip = (why) => {
  say(`route sizes: skipped (${why})`);
  process.exit(0);
};
if (!dist || !fs.existsSync(path.join(dist, 'index.html'))) skip(`no ${dist}/index.html`);
if (!devserver || !fs.existsSync(devserver)) skip(`no dev server at ${devserver} (cargo build -p devserver)`);
let chromium;
try {
  chromium = createRequire(path.join(root, 'tests', 'e2e', 'package.json'))('@playwright/test').chromium;
} catch {
  skip('no Playwright in tests/e2e/node_modules (npm ci there)');
}

const KB = 1024;
const num = (name, dflt) => Number(process.env[name] ?? dflt);
const budgets = {
  login: num('ROUTE_BUDGET_LOGIN', 230 * KB), // the first load's
  first: num('ROUTE_BUDGET_HOME', 400 * KB), // home, the workspaces, a workspace
  other: num('ROUTE_BUDGET_SIGNED_IN', 500 * KB), // every other signed-in page
};

// name, path (a function of what setUp made), signed in, budget.
const ROUTES = [
  ['login', () => '/login', false, budgets.login],
  ['home', () => '/', true, budgets.first],
  ['workspaces', () => '/workspaces', true, budgets.first],
  ['workspace', () => '/workspaces/1', true, budgets.first],
  ['data', () => '/workspaces/1/data', true, budgets.other],
  ['members', () => '/workspaces/1/members', true, budgets.other],
  ['ws-settings', () => '/workspaces/1/settings', true, budgets.other],
  ['services', () => '/workspaces/1/services', true, budgets.other],
  ['session', (s) => `/workspaces/1/sessions/${s.session}`, true, budgets.other],
  ['requests', () => '/requests', true, budgets.other],
  ['request', (s) => `/requests/${s.request}`, true, budgets.other],
  ['apps', () => '/apps', true, budgets.other],
  ['sessions', () => '/sessions', true, budgets.other],
  ['activity', () => '/activity', true, budgets.other],
  ['profile', () => '/profile', true, budgets.other],
  ['data index', () => '/data', true, budgets.other],
  ['messages', () => '/messages', true, budgets.other],
  ['admin', () => '/admin', true, budgets.other],
  ...['roles', 'users', 'terms', 'audit', 'apps', 'workspaces', 'sessions', 'app-instances', 'settings', 'organizations'].map(
    (s) => [`admin/${s}`, () => `/admin/${s}`, true, budgets.other],
  ),
];
const only = process.env.ROUTES ? new Set(process.env.ROUTES.split(',')) : null;

const freePort = () =>
  new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });

const gzCache = new Map();
/** gzip bytes of dist/NAME as served (its .gz), or null when it is not a file of dist/. */
function servedGzip(name) {
  if (gzCache.has(name)) return gzCache.get(name);
  const file = path.join(dist, name);
  let size = null;
  if (name && !name.includes('..') && fs.existsSync(file) && fs.statSync(file).isFile()) {
    size = fs.existsSync(file + '.gz')
      ? fs.statSync(file + '.gz').size
      : zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
  }
  gzCache.set(name, size);
  return size;
}
/** `split_app-0123….wasm` → `split_app`. */
const short = (name) => name.replace(/-[0-9a-f]{8,16}(?=(_bg)?\.\w+$)/, '');
const kb = (b) => `${(b / KB).toFixed(1)} KB`;

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = spawn(devserver, ['--addr', `127.0.0.1:${port}`, '--static', dist, '--quiet'], {
  stdio: ['ignore', 'ignore', 'inherit'],
});
let browser;
const stop = () => {
  try {
    server.kill();
  } catch {}
};
process.on('exit', stop);
try {
  for (let i = 0; ; i++) {
    try {
      await fetch(`${base}/api/dev/requests`);
      break;
    } catch {
      if (i > 300) throw new Error('the dev server did not come up');
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });

  // What some routes need: a session of Demo and a data request (the seed has one).
  const setUp = {};
  {
    const ctx = await browser.newContext({ baseURL: base });
    const api = ctx.request;
    const login = await api.post('/api/rest/v1/authentication/login', { data: { username: 'admin', password: 'admin123' } });
    if (login.status() !== 200) throw new Error(`login of admin: HTTP ${login.status()}`);
    const made = await api.post('/api/rest/v1/workbenches', {
      data: { tenantId: '1', userId: '1', workspaceId: '1', name: 'size-report', status: 'active' },
    });
    setUp.session = String((await made.json())?.result?.workbench?.id ?? '1');
    const reqs = await api.get('/api/rest/v1/approval-requests');
    const list = reqs.ok() ? (await reqs.json())?.result?.approvalRequests ?? [] : [];
    setUp.request = String(list[0]?.id ?? '1');
    await ctx.close();
  }

  const rows = [];
  for (const [name, pathOf, signedIn, budget] of ROUTES) {
    if (only && !only.has(name)) continue;
    const route = pathOf(setUp);
    const ctx = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 800 } });
    if (signedIn) {
      const r = await ctx.request.post('/api/rest/v1/authentication/login', {
        data: { username: 'admin', password: 'admin123' },
      });
      if (r.status() !== 200) throw new Error(`login of admin: HTTP ${r.status()}`);
    }
    // The moment the page's first <h1> is in the document, in the page's own clock.
    await ctx.addInitScript(() => {
      const note = () => {
        const h = document.querySelector('h1');
        if (h && window.__h1At === undefined) {
          window.__h1At = performance.now();
          window.__h1Text = h.textContent;
          return true;
        }
        return false;
      };
      new MutationObserver((_, obs) => note() && obs.disconnect()).observe(document, { childList: true, subtree: true });
    });
    const page = await ctx.newPage();
    let error = '';
    try {
      await page.goto(route, { waitUntil: 'commit' });
      await page.waitForFunction(() => window.__h1At !== undefined, null, { timeout: 30_000 });
    } catch (e) {
      error = String(e.message ?? e).split('\n')[0];
    }
    const read = async () =>
      page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0];
        return {
          h1At: window.__h1At ?? Infinity,
          h1: window.__h1Text ?? '',
          doc: nav ? { name: nav.name, startTime: 0, encoded: nav.encodedBodySize } : null,
          entries: performance
            .getEntriesByType('resource')
            .map((e) => ({ name: e.name, startTime: e.startTime, encoded: e.encodedBodySize })),
        };
      });
    const sum = (snap, until) => {
      const files = [];
      let api = 0;
      let apiCount = 0;
      for (const e of [snap.doc, ...snap.entries].filter(Boolean)) {
        if (e.startTime > until) continue;
        const u = new URL(e.name);
        if (u.pathname.startsWith('/api/')) {
          api += e.encoded;
          apiCount++;
          continue;
        }
        const file = e === snap.doc ? 'index.html' : u.pathname.slice(1);
        const gz = servedGzip(file);
        if (gz !== null) files.push({ file, gz });
      }
      files.sort((a, b) => b.gz - a.gz);
      return { files, total: files.reduce((s, f) => s + f.gz, 0), api, apiCount };
    };
    const snap = await read();
    const before = sum(snap, snap.h1At);
    let idle = null;
    if (!signedIn && !error) {
      // The login page once the network is quiet: what it fetches while the visitor types.
      await page.waitForLoadState('networkidle').catch(() => {});
      idle = sum(await read(), Infinity);
    }
    rows.push({ name, route, budget, before, idle, h1: snap.h1, ms: snap.h1At, error });
    await ctx.close();
  }

  say(`route sizes: files fetched before the page's <h1> shows, cold cache, gzip as served (${dist})`);
  say(`  ${'route'.padEnd(19)} ${'bytes'.padStart(9)} ${''.padStart(10)} ${'files'.padStart(5)} ${'budget'.padStart(9)}  largest`);
  let over = 0;
  for (const r of rows) {
    const flag = r.error ? 'NO HEADING' : r.before.total <= r.budget ? 'ok' : 'OVER';
    if (flag !== 'ok') over++;
    const largest = r.before.files
      .slice(0, process.env.ROUTE_FILES ? undefined : 3)
      .map((f) => `${short(f.file)} ${kb(f.gz)}`)
      .join(', ');
    say(
      `  ${r.name.padEnd(19)} ${String(r.before.total).padStart(9)} ${kb(r.before.total).padStart(10)} ${String(r.before.files.length).padStart(5)} ${kb(r.budget).padStart(9)} ${flag.padEnd(4)} ${largest}`,
    );
    if (r.error) say(`      ${r.route}: ${r.error}`);
    else if (!/^[\s\S]{1,80}$/.test(r.h1)) say(`      ${r.route}: heading ${JSON.stringify(r.h1.slice(0, 60))}`);
    if (r.idle) {
      say(
        `  ${(r.name + ', idle').padEnd(19)} ${String(r.idle.total).padStart(9)} ${kb(r.idle.total).padStart(10)} ${String(r.idle.files.length).padStart(5)} ${''.padStart(9)}      once the network is quiet: ${r.idle.files
          .slice(0, 4)
          .map((f) => short(f.file))
          .join(', ')}`,
      );
    }
  }
  say(`  (headings seen: ${rows.map((r) => `${r.name} "${r.h1.trim().slice(0, 30)}" at ${Math.round(r.ms)} ms`).join('; ')})`);
  say(`route sizes: ${rows.length - over} of ${rows.length} routes within budget${over ? `; ${over} not` : ''}`);
} catch (e) {
  say(`route sizes: could not measure (${String(e.message ?? e).split('\n')[0]}); a report, the run goes on`);
} finally {
  await browser?.close().catch(() => {});
  stop();
}
