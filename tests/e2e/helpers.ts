import AxeBuilder from '@axe-core/playwright';
import type { APIRequestContext, APIResponse, Locator, Page, Request } from '@playwright/test';
import { expect } from './fixtures';

// Helpers of the end-to-end tests. The dev server (devserver/README.md) is the only backend: tests
// change its state through the dev-control API (/api/dev/…) and real UI actions, never by
// intercepting or mocking requests in the browser.
//
// `request` arguments are Playwright APIRequestContexts. The `request` fixture has its own cookie
// jar; `page.request` shares the cookies of the page's browser context (use it with apiLogin to
// log a page in without the form).

// ---------------------------------------------------------------------------------------------
// Demo data (devserver/README.md, "Demo data").

export const USERS = {
  admin: { id: '1', username: 'admin', password: 'admin123' },
  alice: { id: '2', username: 'alice', password: 'alice123' },
  bob: { id: '3', username: 'bob', password: 'bob12345' },
  // Needs a one-time code (devserver/README.md): DORA_TOTP.
  dora: { id: '4', username: 'dora', password: 'dora12345' },
  // Issue 29: Demo's own admin (no platform role), and a user in no workspace.
  wendy: { id: '5', username: 'wendy', password: 'wendy123' },
  nora: { id: '6', username: 'nora', password: 'nora1234' },
} as const;
export type DemoUser = keyof typeof USERS;
/** dora's one-time code (the dev server's fixed code). */
export const DORA_TOTP = '424242';

export const WORKSPACES = {
  demo: { id: '1', name: 'Demo' },
  genomics: { id: '2', name: 'Genomics' },
  imaging: { id: '3', name: 'Imaging Lab' },
} as const;

/** Matches a URL whose path is /login (any query). */
export const LOGIN_URL = /^https?:\/\/[^/]+\/login(?:[?#].*)?$/;

/** A URL matcher for exactly this path (any query or hash). */
export function pathIs(path: string): RegExp {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^https?://[^/]+${escaped}(?:[?#].*)?$`);
}

/** The `next` parameter of the page's URL (where the login page returns to). */
export function nextParam(page: Page): string | null {
  return new URL(page.url()).searchParams.get('next');
}

async function expectStatus(response: APIResponse, expected: number, what: string): Promise<void> {
  if (response.status() !== expected) {
    throw new Error(
      `${what}: expected HTTP ${expected}, got ${response.status()}: ${(await response.text()).slice(0, 500)}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Dev-control API. It answers only a loopback Host, and every call but GET/HEAD must carry
// `Content-Type: application/json` (a body, `data: {}` at least), else 415.

/** Every store back to the seed, faults off, config override cleared, request log cleared. */
export async function resetServer(request: APIRequestContext): Promise<void> {
  await expectStatus(await request.post('/api/dev/reset', { data: {} }), 204, 'POST /api/dev/reset');
}

export type Faults = {
  errorRate?: number;
  htmlErrorRate?: number;
  latencyMs?: number;
  malformedRate?: number;
  dropSseSecs?: number;
  /** Limits the faults to API paths starting with this. */
  pathPrefix?: string;
};

/** Sets the given fault fields (the others keep their value); returns the faults in force. */
export async function setFaults(request: APIRequestContext, faults: Faults): Promise<Faults> {
  const response = await request.put('/api/dev/faults', { data: faults });
  await expectStatus(response, 200, 'PUT /api/dev/faults');
  return (await response.json()) as Faults;
}

/**
 * Turns the session watch stream (`GET …/workbenches/{id}/watch`, our flavor) on or off: off, it
 * answers 404 as on a backend without it, and the console polls. Reset turns it on again.
 */
export async function setWatch(request: APIRequestContext, enabled: boolean): Promise<void> {
  await expectStatus(await request.put('/api/dev/watch', { data: { enabled } }), 204, 'PUT /api/dev/watch');
}

/** Turns every fault off. */
export async function clearFaults(request: APIRequestContext): Promise<Faults> {
  return setFaults(request, {
    errorRate: 0,
    htmlErrorRate: 0,
    latencyMs: 0,
    malformedRate: 0,
    dropSseSecs: 0,
    pathPrefix: '',
  });
}

/**
 * Serves `config` as /config.json from now on. The app reads /config.json once when it starts:
 * navigate (page.goto) or reload after this.
 */
export async function setConfig(request: APIRequestContext, config: Record<string, unknown>): Promise<void> {
  await expectStatus(await request.put('/api/dev/config', { data: config }), 204, 'PUT /api/dev/config');
}

/** /config.json is the static file again. */
export async function clearConfig(request: APIRequestContext): Promise<void> {
  await expectStatus(await request.delete('/api/dev/config', { data: {} }), 204, 'DELETE /api/dev/config');
}

export type Scenario = 'healthy' | 'slow' | 'missing-secret' | 'image-pull' | 'crashloop' | 'timeout' | 'unknown-status';

/** The scenario of sessions created from now on (the console never picks one). */
export async function setScenario(request: APIRequestContext, scenario: Scenario): Promise<void> {
  await expectStatus(await request.put('/api/dev/scenario', { data: { scenario } }), 204, 'PUT /api/dev/scenario');
}

/**
 * Creates a session in Demo through the API, as the page's user (the admin), with the `healthy`
 * scenario: it starts and runs. Returns its id.
 */
export async function createHealthySession(page: Page, name: string): Promise<string> {
  await setScenario(page.request, 'healthy');
  const response = await page.request.post('/api/rest/v1/workbenches', {
    data: { tenantId: '1', userId: USERS.admin.id, workspaceId: WORKSPACES.demo.id, name, status: 'active' },
  });
  expect(response.status(), 'POST /api/rest/v1/workbenches').toBe(200);
  return String(((await response.json()) as { result: { workbench: { id: string } } }).result.workbench.id);
}

/** Time scale of the simulated controller and jobs (the e2e server starts at 5). */
export async function setSpeed(request: APIRequestContext, speed: number): Promise<void> {
  await expectStatus(await request.put('/api/dev/speed', { data: { speed } }), 204, 'PUT /api/dev/speed');
}

/** Makes an app's instances fail to start (Legacy Viewer, id 4, fails from the seed on). */
export async function setAppFailing(request: APIRequestContext, appId: string, failing: boolean): Promise<void> {
  await expectStatus(
    await request.put(`/api/dev/apps/${appId}/failing`, { data: { failing } }),
    204,
    `PUT /api/dev/apps/${appId}/failing`,
  );
}

/** Invalidates every login token: the next API call of any client answers 401. */
export async function expireLogins(request: APIRequestContext): Promise<void> {
  await expectStatus(await request.post('/api/dev/expire-logins', { data: {} }), 204, 'POST /api/dev/expire-logins');
}

/** Jumps the simulated clock forward by `seconds` simulated seconds (dev server addition). */
export async function advanceClock(request: APIRequestContext, seconds: number): Promise<void> {
  await expectStatus(await request.post('/api/dev/advance', { data: { seconds } }), 204, 'POST /api/dev/advance');
}

export type DevStats = {
  /** The dev server's `--flavor`. */
  flavor: 'default' | 'chorus';
  /** The dev server's `--jobs`. */
  jobs: 'default' | 'mc' | 'none';
  sseClients: number;
  speed: number;
  scenario: string;
  sessions: number;
  logins: number;
  requestsLogged: number;
  lastSeq: number;
};

/** Counters of the dev server (open run streams, logins, …) (dev server addition). */
export async function devStats(request: APIRequestContext): Promise<DevStats> {
  const response = await request.get('/api/dev/stats');
  await expectStatus(response, 200, 'GET /api/dev/stats');
  return (await response.json()) as DevStats;
}

export type LoggedRequest = {
  seq: number;
  method: string;
  path: string;
  query: string;
  status: number;
  ifNoneMatch: string | null;
  at: string;
};

export type AuthMode = 'internal' | 'openid';

/**
 * The login modes `GET /authentication/modes` offers from now on: the password form, the fake
 * identity provider `keycloak` ("Sign in with Keycloak"), or both. Reset restores the flavor's.
 */
export async function setAuthModes(request: APIRequestContext, modes: AuthMode[]): Promise<void> {
  await expectStatus(await request.put('/api/dev/auth-modes', { data: { modes } }), 200, 'PUT /api/dev/auth-modes');
}

/**
 * From now on `POST /users/{id}/role` naming one of these roles answers 500 (a role call failing
 * after others succeeded); `[]` turns it off. Reset turns it off too.
 */
export async function setFailingRoles(request: APIRequestContext, roles: string[]): Promise<void> {
  await expectStatus(await request.put('/api/dev/role-failures', { data: { roles } }), 200, 'PUT /api/dev/role-failures');
}

export type RefreshHold = { armed: boolean; held: number };

/**
 * Holds back the reply of the next `refresh-token` (its token already issued) until
 * releaseRefresh: a renewal still in flight when the user signs out. Reset releases it too.
 */
export async function holdRefresh(request: APIRequestContext): Promise<RefreshHold> {
  const response = await request.post('/api/dev/hold-refresh', { data: {} });
  await expectStatus(response, 200, 'POST /api/dev/hold-refresh');
  return (await response.json()) as RefreshHold;
}

/** Whether the hold is armed, and how many refresh replies wait with a client still waiting. */
export async function refreshHold(request: APIRequestContext): Promise<RefreshHold> {
  const response = await request.get('/api/dev/hold-refresh');
  await expectStatus(response, 200, 'GET /api/dev/hold-refresh');
  return (await response.json()) as RefreshHold;
}

/** Lets the held refresh replies go out; returns how many had a client still waiting. */
export async function releaseRefresh(request: APIRequestContext): Promise<number> {
  const response = await request.post('/api/dev/release-refresh', { data: {} });
  await expectStatus(response, 200, 'POST /api/dev/release-refresh');
  return ((await response.json()) as { released: number }).released;
}

/** The API requests (all but /api/dev/*) logged from `seq` on, oldest first, and the seq to ask for next. */
export async function requestsSince(
  request: APIRequestContext,
  seq = 0,
): Promise<{ requests: LoggedRequest[]; next: number }> {
  const response = await request.get('/api/dev/requests', { params: { since: String(seq) } });
  await expectStatus(response, 200, 'GET /api/dev/requests');
  return (await response.json()) as { requests: LoggedRequest[]; next: number };
}

/** The seq from which requests made after this call are logged (pass it to requestsSince). */
export async function currentSeq(request: APIRequestContext): Promise<number> {
  return (await requestsSince(request, 0)).next;
}

// ---------------------------------------------------------------------------------------------
// Logging in.

function credentials(user: DemoUser | { username: string; password: string }) {
  return typeof user === 'string' ? USERS[user] : user;
}

/**
 * Logs in through the real login form. Opens /login first unless the page is already on it (so a
 * `/login?next=…` page keeps its `next`). Waits until the app has left /login, unless
 * `expectSuccess` is false (for failing logins).
 */
export async function login(
  page: Page,
  user: string,
  password: string,
  { expectSuccess = true }: { expectSuccess?: boolean } = {},
): Promise<void> {
  if (!LOGIN_URL.test(page.url())) {
    await page.goto('/login');
  }
  await page.getByLabel('Username', { exact: true }).fill(user);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  if (expectSuccess) {
    await expect(page, `login as ${user} should leave /login`).not.toHaveURL(LOGIN_URL);
  }
}

/** Logs in as a demo user through the form. */
export async function loginAs(page: Page, user: DemoUser): Promise<void> {
  await login(page, USERS[user].username, USERS[user].password);
}

/**
 * Logs in through the API (for setup): the `jwttoken` cookie lands in `request`'s cookie jar, so
 * pass `page.request` to log in the page's browser context. Returns the token.
 */
export async function apiLogin(
  request: APIRequestContext,
  user: DemoUser | { username: string; password: string },
): Promise<string> {
  const { username, password } = credentials(user);
  const response = await request.post('/api/rest/v1/authentication/login', { data: { username, password } });
  await expectStatus(response, 200, `login of ${username}`);
  return ((await response.json()) as { result: { token: string } }).result.token;
}

// ---------------------------------------------------------------------------------------------
// Page structure (ui.md, "Stable hooks").

/** The app header (the page's banner landmark). */
export function appHeader(page: Page): Locator {
  return page.getByRole('banner');
}

/** A navigation link of the header: `Workspaces`, `Activity` or `Admin`. */
export function navLink(page: Page, name: 'Workspaces' | 'Activity' | 'Admin'): Locator {
  return appHeader(page).getByRole('link', { name, exact: true });
}

/** Waits for the header of a logged-in user: Workspaces and Activity links and Sign out. */
export async function expectHeader(page: Page): Promise<void> {
  await expect(navLink(page, 'Workspaces')).toBeVisible();
  await expect(navLink(page, 'Activity')).toBeVisible();
  await expect(appHeader(page).getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
}

/** The link of a workspace on /workspaces, named by the workspace's name. */
export function workspaceLink(page: Page, name: string): Locator {
  return page.getByRole('link', { name, exact: true });
}

/** An alert with some text in it (an empty live region waiting for text does not count). */
export function visibleAlert(page: Page, text?: string | RegExp): Locator {
  return page.getByRole('alert').filter({ hasText: text ?? /\S/ });
}

/** The page shows something, and no raw JSON (an error body or a reply dumped as text). */
export async function expectNoRawJsonOrBlank(page: Page): Promise<void> {
  const text = await page.locator('body').innerText();
  expect(text.trim().length, 'the page is blank').toBeGreaterThan(0);
  expect(text, 'the page shows raw JSON').not.toMatch(/\{\s*"[A-Za-z_]+"\s*:/);
  expect(text, 'the page shows raw HTML markup').not.toMatch(/<\s*(!doctype|html|body|head)\b/i);
}

// ---------------------------------------------------------------------------------------------
// Accessibility.

/**
 * Runs axe-core on the page as it is now and fails on `serious` or `critical` violations, listing
 * each with the elements concerned. Call it on every page a test visits, once the page shows its
 * content.
 */
export async function expectNoA11yViolations(
  page: Page,
  { exclude = [], disableRules = [] }: { exclude?: string[]; disableRules?: string[] } = {},
): Promise<void> {
  // A session's desktop frame is the remote desktop's own page (the dev server's stand-in here),
  // not the console's markup (docs/accessibility.md): as in the accessibility stage, left out.
  let builder = new AxeBuilder({ page }).exclude('iframe.pooled-desktop');
  for (const selector of exclude) builder = builder.exclude(selector);
  if (disableRules.length > 0) builder = builder.disableRules(disableRules);
  const results = await builder.analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length === 0) return;
  const report = bad
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 10)
        .map((n) => {
          const summary = (n.failureSummary ?? '').replace(/\s*\n\s*/g, ' ');
          return `    - ${n.target.join(' ')}\n      ${n.html.slice(0, 200)}\n      ${summary}`;
        })
        .join('\n');
      const more = v.nodes.length > 10 ? `\n    … and ${v.nodes.length - 10} more` : '';
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}${more}`;
    })
    .join('\n');
  throw new Error(`accessibility violations on ${page.url()}:\n${report}`);
}

// ---------------------------------------------------------------------------------------------
// The app's own requests in flight.

/** Follows the app's own requests of `page` from now on (fetch, XHR and, unless `streams` is
 * false, streams of its main frame: a desktop frame's requests can be left unanswered when it
 * goes); the function returned lists those still waiting for their reply. A signed-in page keeps
 * its streams open: leave them out there. */
export function trackAppRequests(page: Page, { streams = true }: { streams?: boolean } = {}): () => string[] {
  const open = new Set<Request>();
  const kinds = streams ? ['fetch', 'xhr', 'eventsource'] : ['fetch', 'xhr'];
  page.on('request', (r) => {
    if (kinds.includes(r.resourceType()) && r.frame() === page.mainFrame()) open.add(r);
  });
  page.on('requestfinished', (r) => open.delete(r));
  page.on('requestfailed', (r) => open.delete(r));
  return () => [...open].map((r) => `${r.method()} ${r.url()} (${r.resourceType()})`);
}

/** Until none of the requests the trackers list is waiting for its reply. */
export async function appRequestsSettled(...waiting: Array<() => string[]>): Promise<void> {
  await expect
    .poll(() => waiting.flatMap((w) => w()), {
      timeout: 15_000,
      message: 'requests of the app still waiting for their reply',
    })
    .toEqual([]);
}

/**
 * On a data page: the `disk` store chosen (as a user would, where the `Store` select offers
 * more than one) and its rows shown. Our flavor's `archive` holds the same demo files, so the
 * URL alone does not say whose rows are on screen: a press on one of archive's would act there.
 */
export async function showDiskStore(page: Page): Promise<void> {
  const table = page.getByTestId('files-table');
  await expect(table).toBeVisible();
  const select = page.getByLabel('Store', { exact: true });
  if ((await select.count()) > 0 && (await select.inputValue()) !== 'disk') {
    await select.selectOption('disk');
    await expect(page).toHaveURL(/store=disk/);
  }
  await expect(table.locator('tbody tr[data-path^="/disk/"]').first()).toBeVisible();
  await expect(table.locator('tbody tr[data-path]:not([data-path^="/disk/"])')).toHaveCount(0);
}
