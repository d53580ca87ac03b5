import { expect, test } from './fixtures';
import {
  DORA_TOTP,
  LOGIN_URL,
  USERS,
  appHeader,
  clearFaults,
  WORKSPACES,
  currentSeq,
  expectHeader,
  login,
  loginAs,
  navLink,
  pathIs,
  requestsSince,
  resetServer,
  setAuthModes,
  setFailingRoles,
  setFaults,
  setSpeed,
  visibleAlert,
  createHealthySession,
} from './helpers';

// What only a real CHORUS backend does (the dev server's `--flavor chorus`, project `chorus`):
// login modes with an identity provider and a one-time code, the readiness lag of the desktop
// server, strict bodies, routes it lacks, no job service. The shared flows (login, sessions,
// users, roles, activity, app tabs) run against this server too, from their own specs.

// The dev server keeps its speed across a reset (devserver README): a test that slows the
// simulated cluster puts it back, or every later test of this worker would wait for sessions
// that never start (playwright.config.ts starts the servers with --speed 5).
test.afterEach(async ({ request }) => {
  await setSpeed(request, 5);
});

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

const DEMO = WORKSPACES.demo.id;

test('an OpenID login goes through the identity provider and back to where the user was', async ({ page }) => {
  await page.goto(`/workspaces/${DEMO}`);
  await expect(page).toHaveURL(/\/login\?next=/);
  // Both ways to sign in are offered.
  await expect(page.getByLabel('Username', { exact: true })).toBeVisible();
  const provider = page.getByRole('button', { name: 'Sign in with Keycloak', exact: true });
  await expect(provider).toBeVisible();
  await provider.click();
  // The dev server's fake identity provider.
  await expect(page).toHaveURL(/\/api\/fake-idp\//);
  await page.getByRole('button', { name: 'Sign in as alice' }).click();
  // Back through /oauthredirect to the page the user asked for.
  await expect(page).toHaveURL(pathIs(`/workspaces/${DEMO}`));
  await expectHeader(page);
  await expect(page.getByRole('heading', { level: 1, name: WORKSPACES.demo.name })).toBeVisible();
  // Signing out of an OpenID login goes through the provider's end-session page (CHORUS's
  // `redirectURL`), which leads back to the console's login page.
  await appHeader(page).getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/fake-idp\/[^/]+\/logout/);
  await page.getByRole('link', { name: 'Back to the console' }).click();
  await expect(page).toHaveURL(LOGIN_URL);
});

test('with only an identity provider there is no password form', async ({ page, request }) => {
  await setAuthModes(request, ['openid']);
  await page.goto('/login');
  await expect(page.getByRole('button', { name: 'Sign in with Keycloak', exact: true })).toBeVisible();
  await expect(page.getByLabel('Username', { exact: true })).toHaveCount(0);
  await expect(page.getByLabel('Password', { exact: true })).toHaveCount(0);
});

test('a failed OpenID return shows the error on the login page, never a blank page', async ({ page }) => {
  await page.goto('/oauthredirect?state=forged%3Akeycloak&session_state=x&code=nope');
  await expect(page).toHaveURL(/\/login/);
  await expect(visibleAlert(page, /Could not finish the sign-in/)).toBeVisible();
  // The login page still works.
  await expect(page.getByLabel('Username', { exact: true })).toBeVisible();
});

test('an account with a second factor asks for the one-time code and keeps what was typed', async ({ page }) => {
  await page.goto('/login');
  await login(page, USERS.dora.username, USERS.dora.password, { expectSuccess: false });
  const code = page.getByLabel('One-time code', { exact: true });
  await expect(code).toBeVisible();
  await expect(code, 'the new field takes the focus').toBeFocused();
  await expect(page.getByLabel('Username', { exact: true })).toHaveValue(USERS.dora.username);
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue(USERS.dora.password);
  // A wrong code: said in words, still on the login page.
  await code.fill('000000');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(visibleAlert(page, /not accepted/)).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
  await expect(code, 'back in the code field, emptied').toBeFocused();
  await expect(code).toHaveValue('');
  await code.fill(DORA_TOTP);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expectHeader(page);
});


test('Running before the desktop server answers: no iframe yet, the overlay says so', async ({ page, request }) => {
  // At speed 1 the desktop server answers ~6 s after the deployment runs.
  await setSpeed(request, 1);
  await loginAs(page, 'admin');
  const id = await createHealthySession(page, 'Lagging desktop');
  await page.goto(`/workspaces/${DEMO}/sessions/${id}`);
  const overlay = page.getByTestId('session-overlay');
  await expect(overlay).toBeVisible();
  // Wait (on the API, not the clock) until the backend is in the lag.
  await expect
    .poll(
      async () => {
        const r = await page.request.get(`/api/rest/v1/workbenches/${id}`);
        const wb = ((await r.json()) as { result: { workbench: { k8sStatus: string; serverPodStatus: string } } })
          .result.workbench;
        return `${wb.k8sStatus}/${wb.serverPodStatus}`;
      },
      { timeout: 40_000, intervals: [250] },
    )
    .toMatch(/^Running\/(?!Ready)/);
  await expect(overlay).toContainText('The desktop server is starting', { timeout: 6_000 });
  await expect(page.getByTestId('session-iframe')).toHaveCount(0);
  // Then it answers, and the desktop comes.
  await expect(page.getByTestId('session-iframe')).toHaveCount(1, { timeout: 20_000 });
  await expect(page.getByTestId('session-iframe')).toHaveAttribute('src', new RegExp(`^/api/rest/v1/workbenches/${id}/stream/\\?keyboard_layout=`));
});

test('a role call that fails after the user exists says which roles are missing; Retry sends only those', async ({
  page,
  request,
}) => {
  await setFailingRoles(request, ['DataSteward']);
  await loginAs(page, 'admin');
  await page.goto('/admin/users');
  await expect(page.getByTestId('users-table')).toBeVisible();
  await page.getByRole('button', { name: 'New user', exact: true }).click();
  await page.getByLabel('Username', { exact: true }).fill('erin');
  await page.getByLabel('First name', { exact: true }).fill('Erin');
  await page.getByLabel('Last name', { exact: true }).fill('Example');
  await page.getByLabel('Email', { exact: true }).fill('erin@example.org');
  await page.getByLabel('Password', { exact: true }).fill('Erin-Secret-2026!');
  await page.getByLabel('Role WorkspaceMember', { exact: true }).check();
  await page.getByLabel('Workspace for WorkspaceMember', { exact: true }).selectOption({ label: WORKSPACES.demo.name });
  await page.getByLabel('Role DataSteward', { exact: true }).check();
  await page.getByLabel('Workspace for DataSteward', { exact: true }).selectOption({ label: WORKSPACES.genomics.name });
  const seq = await currentSeq(request);
  await page.getByRole('button', { name: 'Save', exact: true }).click();

  const missing = page.getByTestId('roles-missing');
  await expect(missing).toBeVisible();
  await expect(missing).toContainText('User erin was created');
  await expect(missing).toContainText(/Given: WorkspaceMember · Demo/);
  await expect(missing).toContainText(/Not given: DataSteward · Genomics/);
  let log = (await requestsSince(request, seq)).requests;
  expect(log.filter((r) => r.method === 'POST' && r.path === '/api/rest/v1/users')).toHaveLength(1);
  expect(log.filter((r) => r.method === 'POST' && /\/users\/\d+\/role$/.test(r.path))).toHaveLength(2);

  // Retry gives only the missing role, and creates no second user.
  await setFailingRoles(request, []);
  const seq2 = await currentSeq(request);
  await page.getByRole('button', { name: 'Retry', exact: true }).click();
  const row = page.getByTestId('users-table').locator('tr[data-user-id]', { hasText: 'erin' });
  await expect(row).toContainText('WorkspaceMember · Demo');
  await expect(row).toContainText('DataSteward · Genomics');
  log = (await requestsSince(request, seq2)).requests;
  expect(log.filter((r) => r.method === 'POST' && r.path === '/api/rest/v1/users')).toHaveLength(0);
  expect(log.filter((r) => r.method === 'POST' && /\/users\/\d+\/role$/.test(r.path))).toHaveLength(1);
});

test('a new role is checked before it is sent: CHORUS would answer a bare 500', async ({ page, request }) => {
  await loginAs(page, 'admin');
  await page.goto('/admin/roles');
  await expect(page.getByTestId('permission-matrix')).toBeVisible();
  await page.getByRole('button', { name: 'New role', exact: true }).click();
  await page.getByLabel('Name', { exact: true }).fill('DataSteward');
  const seq = await currentSeq(request);
  await page.getByRole('button', { name: 'Create role', exact: true }).click();
  await expect(page.getByText('A role named DataSteward already exists')).toBeVisible();
  await expect(page.getByText(/needs at least one permission/)).toBeVisible();
  const posts = (await requestsSince(request, seq)).requests.filter((r) => r.method === 'POST');
  expect(posts).toHaveLength(0);
});

test('role editing the backend lacks is withdrawn with a note after the first 404, and never asked again', async ({
  page,
  request,
}) => {
  await loginAs(page, 'admin');
  await page.goto('/admin/roles');
  const matrix = page.getByTestId('permission-matrix');
  await expect(matrix).toBeVisible();
  const cell = matrix.getByLabel('DataSteward: createWorkbench', { exact: true });
  await expect(cell).toBeEnabled();
  await cell.check();
  const seq = await currentSeq(request);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const note = page.getByTestId('not-supported');
  await expect(note).toContainText('This deployment does not support editing roles.');
  await expect(matrix.getByLabel('DataSteward: createWorkbench', { exact: true })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Save', exact: true })).toHaveCount(0);
  // No raw "Not Found" anywhere.
  await expect(page.getByText('Not Found', { exact: true })).toHaveCount(0);
  const puts = (await requestsSince(request, seq)).requests.filter((r) => r.method === 'PUT');
  expect(puts).toHaveLength(1);
});

test('no Stop is offered where CHORUS has none: a note says so, nothing is asked', async ({ page, request }) => {
  // Issue 38: CHORUS's session records carry none of this API's extension fields, so the console
  // knows from the first record that there is no `…/stop`: it offers none (it was offered, 404'd
  // and offered again after every visit on a running CHORUS).
  const seq = await currentSeq(request);
  await loginAs(page, 'admin');
  await page.goto(`/workspaces/${DEMO}`);
  const table = page.getByTestId('workbench-table');
  await expect(table.locator('tr[data-workbench-id]', { hasText: 'Healthy desktop' })).toBeVisible();
  await expect(page.getByTestId('not-supported')).toContainText(
    'This deployment does not support stopping and starting sessions.',
  );
  await expect(table.getByRole('button', { name: 'Stop', exact: true })).toHaveCount(0);
  await expect(table.getByRole('button', { name: 'Start', exact: true })).toHaveCount(0);
  await page.goto(`/workspaces/${DEMO}/sessions/1`);
  const bar = page.getByTestId('session-bar');
  await expect(bar.getByRole('button', { name: 'Details' })).toBeVisible();
  await expect(bar.getByRole('button', { name: 'Stop', exact: true })).toHaveCount(0);
  const stops = (await requestsSince(request, seq)).requests.filter((r) => /\/(stop|start)$/.test(r.path));
  expect(stops).toHaveLength(0);
});

test('a session deleted from the table stays gone while CHORUS still lists it from its cache', async ({
  page,
  request,
}) => {
  // CHORUS keeps a list of sessions a second (`ListWorkbenches`' cache): a running CHORUS listed
  // a session again on a reload 0.4 s after its delete. Here the cache keeps a minute, so that
  // every read after the delete is the list from before it.
  await loginAs(page, 'admin');
  const id = await createHealthySession(page, 'Deleted at once');
  const ttl = await request.post('/api/dev/session-list-cache?ms=60000', { data: {} });
  expect(ttl.status(), 'POST /api/dev/session-list-cache').toBe(200);
  await page.goto(`/workspaces/${DEMO}`);
  const row = page.locator(`tr[data-workbench-id="${id}"]`);
  await expect(row).toBeVisible();
  const seq = await currentSeq(request);
  await row.getByRole('button', { name: 'Delete', exact: true }).click();
  await row.getByRole('button', { name: 'Confirm', exact: true }).click();
  await expect(row).toHaveCount(0);
  // The table read its list again at once and past CHORUS's second, and both still had the
  // session: its row stays gone, the others stay.
  const listReads = async () =>
    (await requestsSince(request, seq)).requests.filter(
      (r) => r.method === 'GET' && r.path === '/api/rest/v1/workbenches' && r.status === 200,
    ).length;
  await expect.poll(listReads, { message: 'the list read again after the delete, twice' }).toBeGreaterThanOrEqual(2);
  await expect(row).toHaveCount(0);
  await expect(page.getByTestId('workbench-table').locator('tr[data-workbench-id]', { hasText: 'Healthy desktop' })).toBeVisible();
});

// CHORUS answers `GET /workbenches/{id}` from a one-second cache that a rename does not clear
// (fixtures/chorus/workbench_update.json, `read_within_the_second`; the dev server does the same).
// The form's read before the save fills it with the old name; a ready session's page no longer
// polls, so a read at once after the save showed the old name for good.
test('a ready session renamed on its page keeps its new name past the session cache', async ({ page }) => {
  await loginAs(page, 'admin');
  const id = await createHealthySession(page, 'Named before');
  await page.goto(`/workspaces/${DEMO}/sessions/${id}`);
  // Ready: the desktop is there and the status no longer polls.
  await expect(page.getByTestId('session-iframe')).toHaveCount(1, { timeout: 30_000 });
  await expect(page.getByRole('heading', { name: 'Named before', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Edit session', exact: true }).click();
  await page.getByLabel('Session name', { exact: true }).fill('Named after');
  // Every name the heading shows from here on, and the session's reads after the save.
  await page.evaluate(() => {
    const h1 = () => document.querySelector('h1')?.textContent ?? '';
    const seen: string[] = [h1()];
    (window as unknown as { headingsSeen: string[] }).headingsSeen = seen;
    new MutationObserver(() => {
      if (seen[seen.length - 1] !== h1()) seen.push(h1());
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  let saved = false;
  const readsAfter: string[] = [];
  page.on('response', async (r) => {
    const u = new URL(r.url());
    if (r.request().method() === 'PUT' && u.pathname === '/api/rest/v1/workbenches') saved = true;
    else if (saved && r.request().method() === 'GET' && u.pathname === `/api/rest/v1/workbenches/${id}`) {
      const body = (await r.json().catch(() => null)) as { result?: { workbench?: { name?: string } } } | null;
      readsAfter.push(body?.result?.workbench?.name ?? `(${r.status()})`);
    }
  });
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Named after', level: 1 })).toBeVisible();
  // A read past the cache has come: the name stays.
  await expect.poll(() => readsAfter, { timeout: 10_000 }).toContain('Named after');
  await expect(page.getByRole('heading', { name: 'Named after', level: 1 })).toBeVisible();
  const shown = await page.evaluate(() => (window as unknown as { headingsSeen: string[] }).headingsSeen);
  test.info().annotations.push({ type: 'reads after the save', description: readsAfter.join(', ') });
  expect(shown[0], 'the heading before the save').toBe('Named before');
  expect(shown.slice(1), 'the heading never went back to the old name').not.toContain('Named before');
  expect(shown).toContain('Named after');
});

test('without a job service the indicator still shows what the console is doing', async ({ page, request }) => {
  await loginAs(page, 'admin');
  await page.goto(`/workspaces/${DEMO}`);
  await expect(page.getByTestId('workbench-table')).toBeVisible();
  // A slow create: its label shows while the request is in flight.
  await setFaults(request, { latencyMs: 2500, pathPrefix: '/api/rest/v1/workbenches' });
  await page.getByLabel('Session name', { exact: true }).fill('Watched');
  await page.getByRole('button', { name: 'Start session', exact: true }).click();
  const indicator = page.getByTestId('activity-indicator');
  await expect(indicator).toContainText('Starting session…');
  await expect(indicator).toHaveAttribute('aria-label', '1 action in progress. Latest: Starting session…');
  await clearFaults(request);
  await expect(page).toHaveURL(new RegExp(`/workspaces/${DEMO}/sessions/\\d+$`));
  await expect(indicator).toHaveText('Idle', { timeout: 15_000 });
});

test('without a job service: no builds polling, no run stream, and /activity says so', async ({ page, request }) => {
  const seq = await currentSeq(request);
  await loginAs(page, 'alice');
  // In-app navigation: the job service is asked once per page load.
  await navLink(page, 'Activity').click();
  const unavailable = page.getByTestId('jobs-unavailable');
  await expect(unavailable).toBeVisible();
  await expect(unavailable).toContainText('no build service');
  await expect(page.getByTestId('builds-table')).toHaveCount(0);
  await expect(page.getByTestId('runs-table')).toHaveCount(0);
  // The header still shows request-based actions; with nothing in flight it is idle.
  await expect(page.getByTestId('activity-indicator')).toContainText('Idle');
  // Anchor: a request made after the page settled; up to it, the job service was asked once.
  await navLink(page, 'Workspaces').click();
  await expect(page.getByRole('link', { name: WORKSPACES.demo.name })).toBeVisible();
  const log = (await requestsSince(request, seq)).requests;
  const jobCalls = log.filter((r) => r.path === '/api/builds' || r.path.startsWith('/api/runs'));
  expect(jobCalls.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/builds']);
});
