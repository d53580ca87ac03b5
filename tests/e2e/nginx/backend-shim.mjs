// A backend in front of the dev server for the stream-origin nginx of tests/e2e/nginx.config.ts:
// it passes every HTTP request on to the dev server (dropping its `X-Accel-Buffering: no`, which
// a real backend may not send), and answers WebSocket upgrades on the
// session and app stream paths itself with an echo ("echo: <text>"), which the dev server cannot
// (its stream pages have no WebSocket). That shows nginx passing the upgrade through, as a real
// remote-desktop client needs. It remembers the last requests it got (method, the raw path and
// the headers, as nginx forwarded them): GET /__shim/seen, on its own port only. A stream page
// asked with `?shim-set-cookie=<cookie>` comes with that `Set-Cookie`, as an app's own server
// could send one (a `jwttoken` for the parent domain); one asked with `?shim-page` is a page of
// the shim's own, with no policy of its own, as an app's server may send (its script runs). One
// asked with `?shim-desktop` is a stand-in desktop client shaped as Xpra's HTML5 client is (an
// inline script and event handler, inline styles, its own scripts, images and workers, blob:
// workers, data: images, a WebSocket to its own origin from the page and from a worker): its
// files are …/stream/__desktop/<name> (DESKTOP_FILES), and it lists what worked
// (`<li data-check=NAME>ok</li>`). Any request asked with `?shim-cookie-bytes=N` comes with a
// cookie of N bytes (CHORUS's login cookie carries every role of the user).
//
//   node backend-shim.mjs PORT UPSTREAM_ORIGIN
import crypto from 'node:crypto';
import http from 'node:http';

const [portArg, upstreamArg] = process.argv.slice(2);
if (!portArg || !upstreamArg) {
  console.error('usage: node backend-shim.mjs PORT UPSTREAM_ORIGIN');
  process.exit(2);
}
const upstream = new URL(upstreamArg);
const STREAM_PATH = /^\/api\/rest\/v1\/(?:workbenches|app-instances)\/[^/]+\/stream(?:\/|$)/;
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'upgrade'];

/** The last requests passed on, newest last. */
const seen = [];

// The stand-in desktop (`?shim-desktop`) and its files.
const PIXEL = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const DESKTOP_PAGE = `<!doctype html><meta charset="utf-8"><title>A stand-in desktop</title>
<style>.screen { display: block }</style>
<div id="screen" class="screen" style="width: 100%; height: 40px" onclick="window.clicked = true"></div>
<ul id="checks"></ul>
<script>
  window.inlineRan = true;
  function report(name, ok) {
    const li = document.createElement('li');
    li.dataset.check = name;
    li.textContent = ok ? 'ok' : 'failed';
    document.getElementById('checks').append(li);
  }
</script>
<script src="__desktop/client.js"></script>`;
const DESKTOP_FILES = {
  'client.js': [
    'text/javascript',
    `report('inline script', window.inlineRan === true);
document.getElementById('screen').click();
report('event handler attribute', window.clicked === true);
report('inline style', getComputedStyle(document.getElementById('screen')).height === '40px');
const socketUrl = new URL('websockify', location.href).href.replace(/^http/, 'ws');
function echo(socket, done) {
  socket.onopen = () => socket.send('hello');
  socket.onmessage = (e) => { done(e.data === 'echo: hello'); socket.close(); };
  socket.onerror = () => done(false);
}
echo(new WebSocket(socketUrl, 'binary'), (ok) => report('websocket', ok));
const worker = new Worker('__desktop/worker.js');
worker.onmessage = (e) => report('worker websocket', e.data === true);
worker.onerror = () => report('worker websocket', false);
worker.postMessage(socketUrl);
const blobWorker = new Worker(URL.createObjectURL(new Blob(['postMessage(6 * 7)'], { type: 'text/javascript' })));
blobWorker.onmessage = (e) => report('blob worker', e.data === 42);
blobWorker.onerror = () => report('blob worker', false);
for (const [name, src] of [['image', '__desktop/pixel.png'], ['data image', 'data:image/png;base64,${PIXEL.toString('base64')}']]) {
  const img = new Image();
  img.onload = () => report(name, true);
  img.onerror = () => report(name, false);
  img.src = src;
}
const xhr = new XMLHttpRequest();
xhr.open('GET', '__desktop/default-settings.txt');
xhr.onload = () => report('xhr', xhr.responseText.startsWith('[settings]'));
xhr.onerror = () => report('xhr', false);
xhr.send();
fetch('__desktop/default-settings.txt').then((r) => r.text()).then((t) => report('fetch', t.startsWith('[settings]')), () => report('fetch', false));
`,
  ],
  'worker.js': [
    'text/javascript',
    `onmessage = (e) => {
  const socket = new WebSocket(e.data, 'binary');
  socket.onopen = () => socket.send('hello');
  socket.onmessage = (m) => { postMessage(m.data === 'echo: hello'); socket.close(); };
  socket.onerror = () => postMessage(false);
};`,
  ],
  'pixel.png': ['image/png', PIXEL],
  'default-settings.txt': ['text/plain', '[settings]\nkeyboard_layout=ch\n'],
};
const DESKTOP_FILE = /^\/api\/rest\/v1\/(?:workbenches|app-instances)\/[^/]+\/stream\/__desktop\/([a-z.-]+)$/;

const server = http.createServer((req, res) => {
  if (req.url === '/__shim/seen') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(seen));
    return;
  }
  seen.push({ method: req.method, url: req.url, headers: req.headers });
  if (seen.length > 200) seen.shift();
  const fileName = (req.url ?? '').match(DESKTOP_FILE)?.[1];
  const desktopFile = fileName && Object.hasOwn(DESKTOP_FILES, fileName) ? DESKTOP_FILES[fileName] : undefined;
  if (desktopFile) {
    res.writeHead(200, { 'content-type': desktopFile[0] });
    res.end(desktopFile[1]);
    return;
  }
  if (STREAM_PATH.test(req.url ?? '') && new URL(req.url ?? '/', 'http://shim').searchParams.has('shim-desktop')) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(DESKTOP_PAGE);
    return;
  }
  if (STREAM_PATH.test(req.url ?? '') && new URL(req.url ?? '/', 'http://shim').searchParams.has('shim-page')) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><meta charset="utf-8"><title>An app page</title><p data-testid="app-page">An app page</p>');
    return;
  }
  const headers = { ...req.headers, host: upstream.host };
  for (const name of HOP_BY_HOP) delete headers[name];
  const forward = http.request(
    { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
    (reply) => {
      const replyHeaders = { ...reply.headers };
      for (const name of HOP_BY_HOP) delete replyHeaders[name];
      // Like a backend that does not ask nginx for unbuffered replies (the dev server does):
      // the run stream then depends on nginx's own configuration.
      delete replyHeaders['x-accel-buffering'];
      const query = new URL(req.url ?? '/', 'http://shim').searchParams;
      if (STREAM_PATH.test(req.url ?? '') && query.has('shim-set-cookie')) {
        replyHeaders['set-cookie'] = [query.get('shim-set-cookie')];
      }
      // `?shim-cookie-bytes=N`: a login cookie of N bytes on any reply, as CHORUS's sign-in sets
      // its JWT, which carries every role of the user (4,353 B of headers seen on a running
      // CHORUS for a steward in many workspaces).
      const cookieBytes = Number(query.get('shim-cookie-bytes') ?? 0);
      if (cookieBytes > 0) {
        replyHeaders['set-cookie'] = [`shimpad=${'a'.repeat(cookieBytes)}; Path=/; HttpOnly`];
      }
      res.writeHead(reply.statusCode ?? 502, replyHeaders);
      reply.pipe(res);
    },
  );
  forward.on('error', (error) => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(`backend-shim: ${error.message}`);
  });
  req.pipe(forward);
});

/** A server frame (never masked) with this opcode and payload. */
function frame(opcode, payload) {
  const length = payload.length;
  const head = length < 126 ? Buffer.from([0x80 | opcode, length]) : Buffer.from([0x80 | opcode, 126, length >> 8, length & 255]);
  return Buffer.concat([head, payload]);
}

server.on('upgrade', (req, socket) => {
  const key = req.headers['sec-websocket-key'];
  if (!STREAM_PATH.test(req.url ?? '') || String(req.headers.upgrade).toLowerCase() !== 'websocket' || !key) {
    socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n');
    return;
  }
  const accept = crypto.createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
  // The first subprotocol asked for, as a server that speaks it (Xpra's client asks for "binary").
  const protocol = String(req.headers['sec-websocket-protocol'] ?? '').split(',')[0].trim();
  socket.write(
    `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n` +
      (/^[A-Za-z0-9._-]+$/.test(protocol) ? `Sec-WebSocket-Protocol: ${protocol}\r\n` : '') +
      '\r\n',
  );
  let pending = Buffer.alloc(0);
  socket.on('data', (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    // Client frames: small (< 64 KiB) and masked.
    while (pending.length >= 2) {
      const opcode = pending[0] & 0x0f;
      let length = pending[1] & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (pending.length < 4) return;
        length = pending.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        socket.destroy();
        return;
      }
      if (pending.length < offset + 4 + length) return;
      const mask = pending.subarray(offset, offset + 4);
      const payload = Buffer.from(pending.subarray(offset + 4, offset + 4 + length));
      for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i % 4];
      pending = pending.subarray(offset + 4 + length);
      if (opcode === 0x1) socket.write(frame(0x1, Buffer.from(`echo: ${payload.toString('utf8')}`)));
      else if (opcode === 0x9) socket.write(frame(0xa, payload));
      else if (opcode === 0x8) {
        socket.end(frame(0x8, payload.subarray(0, 2)));
        return;
      }
    }
  });
  socket.on('error', () => socket.destroy());
});

server.listen(Number(portArg), '127.0.0.1', () => {
  console.log(`backend-shim on 127.0.0.1:${portArg}, passing HTTP on to ${upstream.origin}`);
});
