import http from 'node:http';
import { ports } from '../nginx.config';

// Requests as a browser would never send them, for the nginx suite: the path goes out exactly as
// written (`%2F..`, `;`, `/../`, `\`: URL parsers would resolve or re-encode them), with any
// Host and any headers. Answers with nginx's own error page are told apart from the backend's.

export type RawReply = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** `method` `path` (sent as written) to `origin` (`http://host:port`). */
export function raw(
  origin: string,
  path: string,
  { method = 'GET', headers = {}, body }: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawReply> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: Number(url.port),
        method,
        path,
        headers: { host: url.host, ...headers, ...(body === undefined ? {} : { 'content-length': Buffer.byteLength(body) }) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** Whether a reply is nginx's own error page (the backend never answered it). */
export function fromNginx(reply: RawReply): boolean {
  return reply.body.includes('<center>nginx</center>');
}

export type Seen = { method: string; url: string; headers: Record<string, string> };

/** What tests/e2e/nginx/backend-shim.mjs passed on to the dev server lately, oldest first. */
export async function shimSeen(): Promise<Seen[]> {
  const response = await fetch(`http://127.0.0.1:${ports.shim}/__shim/seen`);
  return (await response.json()) as Seen[];
}
