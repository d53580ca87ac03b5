import dns from 'node:dns';

// Browsers resolve every name under `localhost` to this machine (Chromium does, and the WHATWG
// URL and fetch specs say so); Node asks the system, which knows only `localhost` itself. The
// nginx suite serves the console on `app.localhost` and each session's desktop on a host of
// its own, `s<id>.app.localhost` (one origin per session, deploy/README.md), and reaches them
// from the test process too (Playwright's request contexts, Node's fetch): this makes Node
// resolve them as Chromium does. Loaded by nginx.config.ts, so in the runner and every worker.

const LOCALHOST = /(^|\.)localhost\.?$/i;

type LookupAddress = { address: string; family: number };

function loopback(family: number | undefined): LookupAddress[] {
  // The servers listen on 127.0.0.1 only: IPv6 has nothing to offer.
  return family === 6 ? [] : [{ address: '127.0.0.1', family: 4 }];
}

const originalLookup = dns.lookup;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
(dns as any).lookup = function lookup(hostname: string, options: any, callback?: any) {
  if (typeof options === 'function') {
    callback = options;
    options = {};
  }
  if (!LOCALHOST.test(hostname)) return originalLookup.call(dns, hostname, options, callback);
  const opts = typeof options === 'number' ? { family: options } : (options ?? {});
  const found = loopback(opts.family);
  process.nextTick(() => {
    if (found.length === 0) callback(Object.assign(new Error(`no IPv6 for ${hostname}`), { code: 'ENOTFOUND' }));
    else if (opts.all) callback(null, found);
    else callback(null, found[0].address, found[0].family);
  });
};

const originalPromisesLookup = dns.promises.lookup;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
(dns.promises as any).lookup = async function lookup(hostname: string, options?: any) {
  if (!LOCALHOST.test(hostname)) return originalPromisesLookup.call(dns.promises, hostname, options);
  const opts = typeof options === 'number' ? { family: options } : (options ?? {});
  const found = loopback(opts.family);
  if (opts.all) return found;
  if (found.length === 0) throw Object.assign(new Error(`no IPv6 for ${hostname}`), { code: 'ENOTFOUND' });
  return found[0];
};
