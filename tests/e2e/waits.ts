import type { APIRequestContext, Page } from '@playwright/test';
import { expect } from './fixtures';
import { requestsSince, type LoggedRequest } from './helpers';

// Waiting for conditions, not for time. A check that "nothing happened" needs a window, and a
// fixed sleep is the wrong one on a loaded machine: a request already on its way may land after
// it starts, and a page slowed down may not have had the chance to do the wrong thing before it
// ends. So the windows here are read from the dev server's request log (devserver/README.md,
// `GET /api/dev/requests`), anchored on known events:
//
// - the page's own requests (a poll that was just answered, the header's builds poll as a
//   heartbeat: when the page is slow, the window stretches with it);
// - markers: requests of the test itself, logged with the server's clock (`mark`).
//
// Timing is asserted only where the behaviour is about timing ("polls at once"), and then with a
// whole poll interval as the margin.

/** Which logged requests a check is about. */
export type Match = (r: LoggedRequest) => boolean;

/** GET requests of exactly this path (any query). */
export function getOf(path: string): Match {
  return (r) => r.method === 'GET' && r.path === path;
}

/** Requests of this method and exactly this path. */
export function requestOf(method: string, path: string): Match {
  return (r) => r.method === method && r.path === path;
}

/** The requests logged after `seq` (exclusive: as `requestsSince`) that match. */
export async function loggedSince(request: APIRequestContext, seq: number, match: Match): Promise<LoggedRequest[]> {
  return (await requestsSince(request, seq)).requests.filter(match);
}

/** The matching requests logged after `from` and before `to` (both exclusive, by seq). */
export async function loggedBetween(
  request: APIRequestContext,
  from: LoggedRequest | number,
  to: LoggedRequest,
  match: Match,
): Promise<LoggedRequest[]> {
  const seq = typeof from === 'number' ? from : from.seq;
  return (await loggedSince(request, seq, match)).filter((r) => r.seq < to.seq);
}

/** Waits until at least `n` matching requests are logged after `seq`; returns them all. */
export async function waitForLogged(
  request: APIRequestContext,
  seq: number,
  match: Match,
  { n = 1, timeout = 15_000, what = 'the request' }: { n?: number; timeout?: number; what?: string } = {},
): Promise<LoggedRequest[]> {
  let found: LoggedRequest[] = [];
  await expect
    .poll(
      async () => {
        found = await loggedSince(request, seq, match);
        return found.length;
      },
      { timeout, intervals: [50, 100, 250], message: `${what} in the dev server's log` },
    )
    .toBeGreaterThanOrEqual(n);
  return found;
}

/** The path of the test's markers: unknown to every backend (404), logged like any API request. */
export const MARKER_PATH = '/api/e2e-marker';

/** The seq of the last logged request (cheap: asks for nothing newer than the largest seq). */
export async function seqNow(request: APIRequestContext): Promise<number> {
  return (await requestsSince(request, Number.MAX_SAFE_INTEGER)).next;
}

/** Logs a marker request and returns its log entry: the server's clock now, and a seq. */
export async function mark(request: APIRequestContext): Promise<LoggedRequest> {
  const seq = await seqNow(request);
  const response = await request.get(MARKER_PATH);
  await response.dispose();
  const [marker] = await waitForLogged(request, seq, getOf(MARKER_PATH), { what: 'the marker' });
  return marker;
}

/** Milliseconds of the server's clock from `a` to `b`. */
export function between(a: LoggedRequest, b: LoggedRequest): number {
  return Date.parse(b.at) - Date.parse(a.at);
}

/**
 * Waits until `ms` of the server's clock have passed since the logged `event`, by markers;
 * returns the last marker (its seq closes the window).
 */
export async function serverTimePast(
  request: APIRequestContext,
  event: LoggedRequest,
  ms: number,
): Promise<LoggedRequest> {
  for (;;) {
    const now = await mark(request);
    const left = ms - between(event, now);
    if (left <= 0) return now;
    await new Promise((resolve) => setTimeout(resolve, Math.min(250, left)));
  }
}

/**
 * Waits until the page's `heartbeat` requests (a poll it keeps making, e.g. the header's builds
 * poll) logged after `seq` span at least `ms` of the server's clock; returns the last one. A
 * window measured by the page's own clock: a page slowed down stretches it.
 */
export async function heartbeatsSpanning(
  request: APIRequestContext,
  seq: number,
  heartbeat: Match,
  ms: number,
  timeout = ms * 3 + 15_000,
): Promise<LoggedRequest> {
  let last: LoggedRequest | undefined;
  await expect
    .poll(
      async () => {
        const beats = await loggedSince(request, seq, heartbeat);
        if (beats.length < 2) return 0;
        last = beats[beats.length - 1];
        return between(beats[0], last);
      },
      { timeout, intervals: [250], message: `the page's heartbeat over ${ms} ms` },
    )
    .toBeGreaterThanOrEqual(ms);
  return last!;
}

/**
 * Does `act` (hide the tab, leave the page, sign out) right after one of the page's polls has
 * been answered, so that no poll can be on its way during it: the next one is sent no sooner than
 * 90 % of `intervalMs` after the last answer (the jitter), and the act is checked to be done
 * before that, by a marker logged after it. When the act came too late, `undo` puts things back
 * and it is tried again.
 *
 * Returns the last poll answered before the act and the marker after it: a poll logged after
 * `last` was sent after the act.
 */
export async function rightAfterPoll(
  request: APIRequestContext,
  poll: Match,
  intervalMs: number,
  act: () => Promise<void>,
  undo?: () => Promise<void>,
): Promise<{ last: LoggedRequest; after: LoggedRequest }> {
  for (let attempt = 1; ; attempt++) {
    const start = await mark(request);
    const [fresh] = await waitForLogged(request, start.seq, poll, { what: 'a poll of the page' });
    await act();
    const after = await mark(request);
    const polls = await loggedBetween(request, fresh.seq - 1, after, poll);
    const last = polls[polls.length - 1];
    if (between(last, after) < 0.9 * intervalMs) return { last, after };
    if (!undo || attempt >= 3) {
      throw new Error(`could not act within ${0.9 * intervalMs} ms of a poll (${attempt} tries)`);
    }
    await undo();
  }
}

/** Pretends the tab is hidden (or visible again), as the browser does when the user switches tabs. */
export async function setHidden(page: Page, hidden: boolean): Promise<void> {
  await page.evaluate((h) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

/**
 * ui.md "Behaviour the tests check": a poll pauses while the tab is hidden and polls at once when
 * it is visible again. Hides the tab right after a poll, keeps it hidden for `hiddenForMs` of the
 * server's clock (at least two intervals), expects no poll meanwhile, then shows it and expects
 * the next poll before a regular interval could have passed. Returns how long that took (ms).
 */
export async function expectPausedWhileHidden(
  page: Page,
  request: APIRequestContext,
  poll: Match,
  intervalMs: number,
  { hiddenForMs = 2 * intervalMs + 1000, what = 'poll' }: { hiddenForMs?: number; what?: string } = {},
): Promise<number> {
  const { last } = await rightAfterPoll(
    request,
    poll,
    intervalMs,
    () => setHidden(page, true),
    () => setHidden(page, false),
  );
  const end = await serverTimePast(request, last, hiddenForMs);
  expect(await loggedBetween(request, last, end, poll), `no ${what} while hidden`).toHaveLength(0);

  const before = await mark(request);
  await setHidden(page, false);
  const [next] = await waitForLogged(request, before.seq, poll, { what: `a ${what} once visible` });
  const took = between(before, next);
  expect(took, `the ${what} comes at once, not after a regular interval`).toBeLessThan(0.9 * intervalMs);
  return took;
}

/** Lets the page apply what it has received: two animation frames (its effects have run). */
export async function settle(page: Page): Promise<void> {
  // A navigation between the reply and this look destroys the context it runs in: look again in
  // the new document.
  for (let tries = 0; ; tries++) {
    try {
      await page.evaluate(
        () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
      );
      return;
    } catch (e) {
      if (tries >= 3 || !String(e).includes('Execution context was destroyed')) throw e;
      await page.waitForLoadState('domcontentloaded');
    }
  }
}

/**
 * A check that something is absent needs the data it depends on (a button that only shows for
 * some roles, a row of a list): resolves once the page has received the whole reply of its next
 * GET of `path` and has had the time to show it. Call it before the action that loads the page,
 * await it before the check.
 */
export function replyShown(page: Page, path: string): Promise<void> {
  // Only a request made from now on: the page being left may still have one of its own landing
  // (sessions.spec.ts's viewer test took the previous page's reply under load).
  const since = Date.now();
  const reply = page.waitForResponse(
    (r) =>
      r.request().method() === 'GET' &&
      new URL(r.url()).pathname === path &&
      r.request().timing().startTime >= since,
  );
  return (async () => {
    await (await reply).finished();
    await settle(page);
  })();
}
