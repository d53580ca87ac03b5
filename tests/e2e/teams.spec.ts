import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { USERS, WORKSPACES, apiLogin, loginAs, resetServer, workspaceLink } from './helpers';
import { setHidden } from './waits';

// Issue 29: workspaces as teams run them — notifications (the bell, and roles that arrive
// without a reload), new workspaces and their settings, members, sharing a session. Both flavors
// (the chorus flavor answers as CHORUS 0978bc77 did: devserver/tests/fixtures/chorus-ws29.json).

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

const DEMO = WORKSPACES.demo;

/** A second browser (its own cookies) signed in as `user`, on /workspaces. */
async function otherBrowser(browser: Browser, baseURL: string | undefined, user: 'nora' | 'dora'): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  // Its clock is the test's to move: the notification poll's 30 s pass at `untilNextLook`.
  await context.clock.install();
  const page = await context.newPage();
  await loginAs(page, user);
  await page.goto('/workspaces');
  return page;
}

/**
 * Moves `page`'s clock past the notification poll's 30 s (while visible) instead of waiting for
 * them, until `seen` holds: a poll still on its way when the clock moved, or one that CHORUS
 * answered from its two-second cache of the list (the chorus flavor too), needs the next look.
 */
async function untilNextLook(page: Page, seen: () => Promise<void>): Promise<void> {
  await expect(async () => {
    await page.clock.fastForward('00:31');
    await seen();
  }).toPass({ timeout: 45_000 });
}

/** Adds nora to Demo as a member through the API, as whoever CHORUS lets do it. */
async function addNoraThroughApi(request: APIRequestContext, flavor: string): Promise<void> {
  // Default flavor: Demo's own admin may (api.md's extension); CHORUS refuses her: the super admin.
  await apiLogin(request, flavor === 'chorus' ? 'admin' : 'wendy');
  const role = flavor === 'chorus' ? 'WorkspaceGuest' : 'WorkspaceViewer';
  const r = await request.post(`/api/rest/v1/workspaces/${DEMO.id}/user/${USERS.nora.id}/role`, {
    data: { role: { name: role } },
  });
  expect(r.status(), await r.text()).toBe(200);
}

test('a user added to a workspace sees it appear without a reload (the notification poll)', async ({
  browser,
  baseURL,
  request,
  flavor,
}) => {
  test.setTimeout(90_000);
  const nora = await otherBrowser(browser, baseURL, 'nora');
  await expect(nora.getByText('You are not a member of any workspace yet.')).toBeVisible();
  const refreshes: string[] = [];
  nora.on('request', (r) => {
    if (r.url().includes('/authentication/refresh-token')) refreshes.push(r.url());
  });
  const before = refreshes.length;
  await addNoraThroughApi(request, flavor);
  // At the next notification poll (30 s while visible), and the refresh's wait past CHORUS's
  // user cache (1.2 s): no reload, no click.
  await untilNextLook(nora, () => expect(workspaceLink(nora, DEMO.name)).toBeVisible({ timeout: 4_000 }));
  // One refresh for the role change (the system notification is acted on).
  expect(refreshes.length - before).toBe(1);
  // Issue 38: the words naming the workspace role (CHORUS's `… in workspace <id>`) are listed
  // in words, with the workspace's name (not its id) and a link to it; the generic ones are not.
  await expect(nora.getByTestId('notification-count')).toHaveText('1');
  await nora.getByRole('button', { name: 'Notifications', exact: true }).click();
  const link = nora
    .locator('#notification-panel')
    .getByRole('link', { name: `You can now look at the workspace ${DEMO.name}`, exact: true });
  await expect(link).toHaveAttribute('href', `/workspaces/${DEMO.id}`);
  await expect(nora.locator('#notification-panel')).not.toContainText('assigned new roles');
  await nora.context().close();
});

test('a role given within a second of a renewal still reaches the user: the refresh waits past CHORUS\'s user cache', async ({
  browser,
  baseURL,
  request,
  flavor,
}) => {
  // CHORUS renews a token from a copy of the user up to a second old. A role given within that
  // second after a renewal (the page load's) and acted on at once got the old roles for good:
  // the workspace never came (CI, 2026-11-28, the test above).
  test.skip(flavor !== 'chorus', 'the user cache is CHORUS\'s');
  const off = await request.post('/api/dev/notification-cache?ms=0', { data: {} });
  expect(off.status(), await off.text()).toBe(200);
  const nora = await (await browser.newContext({ baseURL })).newPage();
  await loginAs(nora, 'nora');
  // The poll's first look on the page (the count, then the list) is done before the role.
  const count = nora.waitForResponse((r) => r.url().includes('/notifications/count'));
  const list = nora.waitForResponse((r) => r.url().includes('/notifications?'));
  await nora.goto('/workspaces');
  await Promise.all([count, list]);
  await expect(nora.getByText('You are not a member of any workspace yet.')).toBeVisible();
  await setHidden(nora, true);
  await apiLogin(request, 'admin');
  const refreshes: string[] = [];
  nora.on('request', (r) => {
    if (r.url().includes('/authentication/refresh-token')) refreshes.push(r.url());
  });
  // A renewal fills the cache with nora's roles of now; the role comes within that second,
  // and the tab, visible again, looks at once.
  const renewed = await nora.evaluate(async () => {
    const r = await fetch('/api/rest/v1/authentication/refresh-token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    return r.status;
  });
  expect(renewed).toBe(200);
  const given = await request.post(`/api/rest/v1/workspaces/${DEMO.id}/user/${USERS.nora.id}/role`, {
    data: { role: { name: 'WorkspaceGuest' } },
  });
  expect(given.status(), await given.text()).toBe(200);
  await setHidden(nora, false);
  // Well before the next look (30 s): this one acted on it.
  await expect(workspaceLink(nora, DEMO.name)).toBeVisible({ timeout: 15_000 });
  // The test's renewal, and one for the role change.
  expect(refreshes.length).toBe(2);
  await nora.context().close();
});

test('the bell lists messages for the user and marks them read', async ({ page, request }) => {
  // The chorus flavor keeps a count for 2 s as CHORUS does (messages.spec tests that): here the
  // reload is to show the new message at once.
  const off = await request.post('/api/dev/notification-cache?ms=0', { data: {} });
  expect(off.status(), await off.text()).toBe(200);
  await loginAs(page, 'nora');
  const bell = page.getByRole('button', { name: 'Notifications', exact: true });
  await expect(bell).toBeVisible();
  await expect(page.getByTestId('notification-count')).toHaveCount(0);
  const r = await request.post('/api/dev/notifications', {
    data: { username: 'nora', message: 'Your data request <b>7</b> was approved' },
  });
  expect(r.status()).toBe(200);
  // The poll runs at once when the tab becomes visible again; a fresh page load looks at once.
  await page.reload();
  await expect(page.getByTestId('notification-count')).toHaveText('1');
  await bell.click();
  const panel = page.getByRole('region', { name: 'Notifications' });
  // Text from the server is text, never markup.
  await expect(panel.getByText('Your data request <b>7</b> was approved')).toBeVisible();
  await panel.getByRole('button', { name: 'Mark all read', exact: true }).click();
  await expect(page.getByTestId('notification-count')).toHaveCount(0);
  await expect(panel.getByText('No unread notifications.')).toBeVisible();
});

test('a backend without notifications has no bell and is not asked again', async ({ page }) => {
  let counts = 0;
  await page.route('**/api/rest/v1/notifications/count', async (route) => {
    counts += 1;
    await route.fulfill({ status: 404, contentType: 'application/json', body: '{"code":5,"message":"Not Found","details":[]}' });
  });
  await loginAs(page, 'alice');
  await expect(workspaceLink(page, DEMO.name)).toBeVisible();
  await expect.poll(() => counts).toBe(1);
  await expect(page.getByRole('button', { name: 'Notifications', exact: true })).toHaveCount(0);
  // Becoming visible again does not ask either.
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await page.getByRole('link', { name: 'Activity', exact: true }).click();
  await page.getByRole('link', { name: 'Workspaces', exact: true }).click();
  await expect(workspaceLink(page, DEMO.name)).toBeVisible();
  expect(counts).toBe(1);
});

/** Signs dora in through the form (she needs the one-time code). */
async function loginDora(page: Page): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Username', { exact: true }).fill(USERS.dora.username);
  await page.getByLabel('Password', { exact: true }).fill(USERS.dora.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByLabel('One-time code', { exact: true }).fill('424242');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/** On the members page: finds `username`, picks `role`, `Add`. */
async function addMember(page: Page, username: string, role: string): Promise<void> {
  await page.getByRole('button', { name: 'Add member', exact: true }).click();
  await page.getByLabel('Find a user', { exact: true }).fill(username);
  await page.getByRole('button', { name: new RegExp(`\\(${username}\\)$`) }).click();
  await page.getByLabel('Role', { exact: true }).selectOption(role);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
}

/** A platform user manager (chorus flavor): created by the super admin, as CHORUS's UI would. */
async function createUserManager(request: APIRequestContext): Promise<{ username: string; password: string }> {
  await apiLogin(request, 'admin');
  const u = { username: 'umgr', password: 'umgr12345' };
  const r = await request.post('/api/rest/v1/users', {
    data: { ...u, firstName: 'Uma', lastName: 'Manager', email: 'u@example.org', status: 'active', source: 'internal' },
  });
  expect(r.status(), await r.text()).toBe(200);
  const id = ((await r.json()) as { result: { user: { id: string } } }).result.user.id;
  for (const role of [
    { name: 'PlatformUserManager', context: { user: '*' } },
  ]) {
    const g = await request.post(`/api/rest/v1/users/${id}/role`, { data: { role } });
    expect(g.status(), await g.text()).toBe(200);
  }
  return u;
}

test('members are listed with their roles in the workspace, read-only for a member', async ({ page }) => {
  await loginAs(page, 'alice');
  await page.goto(`/workspaces/${DEMO.id}`);
  await page.getByRole('link', { name: 'Members', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/workspaces/${DEMO.id}/members$`));
  const table = page.getByTestId('members-table');
  await expect(table.locator(`tr[data-user-id="${USERS.wendy.id}"]`)).toContainText('WorkspaceAdmin');
  // Sorted by username.
  const names = await table.locator('tr[data-user-id] td:nth-child(2)').allTextContents();
  expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  expect(names).not.toContain('nora');
  await expect(page.getByRole('button', { name: 'Add member', exact: true })).toHaveCount(0);
  await expect(page.getByLabel(`Role for ${USERS.bob.username}`)).toHaveCount(0);
});

test('the workspace admin adds the user in no workspace, who sees it without a reload and starts a session', async ({
  page,
  browser,
  baseURL,
  flavor,
}) => {
  test.skip(flavor === 'chorus', 'CHORUS refuses a workspace admin: see the next test');
  test.setTimeout(120_000);
  const nora = await otherBrowser(browser, baseURL, 'nora');
  await loginAs(page, 'wendy');
  await page.goto(`/workspaces/${DEMO.id}/members`);
  await addMember(page, 'nora', 'WorkspaceMember');
  await expect(page.getByRole('status').filter({ hasText: 'nora was given WorkspaceMember' })).toBeVisible();
  await expect(page.getByTestId('members-table').locator(`tr[data-user-id="${USERS.nora.id}"]`)).toContainText(
    'WorkspaceMember',
  );
  // nora, already signed in elsewhere: Demo appears at the next notification poll.
  await untilNextLook(nora, () => expect(workspaceLink(nora, DEMO.name)).toBeVisible({ timeout: 4_000 }));
  await workspaceLink(nora, DEMO.name).click();
  await nora.getByLabel('Session name', { exact: true }).fill('nora first');
  await nora.getByRole('button', { name: 'Start session', exact: true }).click();
  await expect(nora).toHaveURL(/\/sessions\/\d+$/);
  await expect(nora.getByRole('heading', { name: 'nora first' })).toBeVisible();
  // The same role again is not offered; changing it works (the old role is taken through the
  // workspace route only once she is read with the new one, past CHORUS's user cache).
  await page.getByLabel(`Role for nora`).selectOption('WorkspaceViewer');
  // Nothing changes before it is confirmed (issue 47).
  await page.getByRole('group', { name: 'Confirm role change' }).getByRole('button', { name: 'Change role', exact: true }).click();
  const noraRow = page.getByTestId('members-table').locator(`tr[data-user-id="${USERS.nora.id}"]`);
  // The roles cell (the row's select lists every role it may offer).
  await expect(noraRow.locator('td').nth(2)).toHaveText('WorkspaceViewer');
  // Removing her is not offered to a workspace admin (issue 45: through the workspace route her
  // last role stops CHORUS); the page says who can, and where.
  await expect(page.getByRole('button', { name: 'Remove nora', exact: true })).toHaveCount(0);
  await expect(page.getByTestId('who-can-remove')).toContainText('platform user manager or a super admin');
  await expect(page.getByTestId('who-can-remove')).toContainText('Admin → Users');
  await nora.context().close();
});

test('on CHORUS the workspace admin is told in words why the role is refused', async ({ page, flavor }) => {
  test.skip(flavor !== 'chorus', 'CHORUS only');
  await loginAs(page, 'wendy');
  await page.goto(`/workspaces/${DEMO.id}/members`);
  const deletes: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'DELETE') deletes.push(r.url());
  });
  await addMember(page, 'nora', 'WorkspaceMember');
  const alert = page.getByRole('alert').filter({ hasText: 'platform user manager or a super admin' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('refuses workspace roles given by a workspace admin');
  await expect(page.getByTestId('members-table').locator(`tr[data-user-id="${USERS.nora.id}"]`)).toHaveCount(0);
  expect(deletes).toEqual([]);
});

test('on CHORUS the super admin and a platform user manager add members, each by the route CHORUS accepts', async ({
  page,
  browser,
  baseURL,
  request,
  flavor,
}) => {
  test.skip(flavor !== 'chorus', 'CHORUS only');
  test.setTimeout(120_000);
  const nora = await otherBrowser(browser, baseURL, 'nora');
  const umgr = await createUserManager(request);
  // The platform user manager: the user route (it lacks manageUsersInWorkspace).
  const posted: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().includes('/role')) posted.push(new URL(r.url()).pathname);
    if (r.method() === 'DELETE') posted.push(`DELETE ${new URL(r.url()).pathname}`);
  });
  await page.goto('/login');
  await page.getByLabel('Username', { exact: true }).fill(umgr.username);
  await page.getByLabel('Password', { exact: true }).fill(umgr.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).not.toHaveURL(/\/login/);
  // A new user: the terms of use first (issue 41; the demo users accepted them in the seed).
  await page.getByRole('checkbox', { name: 'I have read and accept these terms' }).check();
  await page.getByRole('button', { name: 'Accept', exact: true }).click();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await page.goto(`/workspaces/${DEMO.id}/members`);
  await addMember(page, 'nora', 'WorkspaceMember');
  await expect(page.getByTestId('members-table').locator(`tr[data-user-id="${USERS.nora.id}"]`)).toContainText(
    'WorkspaceMember',
  );
  expect(posted).toEqual([`/api/rest/v1/users/${USERS.nora.id}/role`]);
  await untilNextLook(nora, () => expect(workspaceLink(nora, DEMO.name)).toBeVisible({ timeout: 4_000 }));
  // The super admin takes her role away again: one call per assignment, through the user route
  // (issue 45: the workspace route's last role stops CHORUS; the dev server's chorus flavor
  // stops then too, and the fixtures fail the test).
  // A browser of its own: one signed in as nora and cleared could get her cookie back from the
  // renewal her page makes for the role just given (a race the CI of stop 43 lost once).
  const admin = await (await browser.newContext({ baseURL })).newPage();
  await loginAs(admin, 'admin');
  const seen: string[] = [];
  admin.on('request', (r) => {
    if (r.method() === 'DELETE') seen.push(new URL(r.url()).pathname);
  });
  await admin.goto(`/workspaces/${DEMO.id}/members`);
  await admin.getByRole('button', { name: 'Remove nora', exact: true }).click();
  await admin.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(admin.getByTestId('members-table').locator(`tr[data-user-id="${USERS.nora.id}"]`)).toHaveCount(0);
  expect(seen).toHaveLength(1);
  expect(seen[0]).toMatch(new RegExp(`^/api/rest/v1/users/${USERS.nora.id}/role/[^/]+$`));
  // The backend is still there.
  await admin.reload();
  await expect(admin.getByTestId('members-table')).toBeVisible();
  // And adds her through the workspace route.
  await addMember(admin, 'nora', 'WorkspaceGuest');
  const noraRow = admin.getByTestId('members-table').locator(`tr[data-user-id="${USERS.nora.id}"]`);
  await expect(noraRow).toContainText('WorkspaceGuest');
  // A role change at once: the old role goes through the user route (through the workspace route
  // CHORUS would take it for her last, its user cache not holding the new one yet, and stop).
  seen.length = 0;
  await admin.getByLabel('Role for nora').selectOption('WorkspaceMember');
  await admin.getByRole('group', { name: 'Confirm role change' }).getByRole('button', { name: 'Change role', exact: true }).click();
  await expect(noraRow.locator('td').nth(2)).toHaveText('WorkspaceMember');
  expect(seen).toHaveLength(1);
  expect(seen[0]).toMatch(new RegExp(`^/api/rest/v1/users/${USERS.nora.id}/role/[^/]+$`));
  await nora.context().close();
  await admin.context().close();
});

test('the admin creates a workspace and lands in it; edits it; deletes it after typing its name', async ({ page }) => {
  await loginAs(page, 'admin');
  await page.getByRole('button', { name: 'New workspace', exact: true }).click();
  await page.getByLabel('Name', { exact: true }).fill('Proteomics');
  await page.getByLabel('Short name', { exact: true }).fill('proteomics');
  await page.getByLabel('Description', { exact: true }).fill('Mass spectrometry');
  await page.getByRole('button', { name: 'Create workspace', exact: true }).click();
  await expect(page).toHaveURL(/\/workspaces\/\d+$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Proteomics' })).toBeVisible();
  // It works at once: no error where the sessions are.
  await expect(page.getByText('No sessions yet')).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await page.getByRole('button', { name: 'Edit workspace', exact: true }).click();
  await page.getByLabel('Name', { exact: true }).fill('Proteomics Lab');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Proteomics Lab' })).toBeVisible();
  await page.getByRole('button', { name: 'Delete workspace', exact: true }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Delete workspace' });
  await expect(confirm.getByRole('button', { name: 'Delete workspace', exact: true })).toBeDisabled();
  await confirm.getByLabel('Workspace name', { exact: true }).fill('Proteomics Lab');
  await confirm.getByRole('button', { name: 'Delete workspace', exact: true }).click();
  await expect(page).toHaveURL(/\/workspaces$/);
  await expect(workspaceLink(page, DEMO.name)).toBeVisible();
  await expect(workspaceLink(page, 'Proteomics Lab')).toHaveCount(0);
});

test('a member without the right sees no workspace settings and no New workspace', async ({ page }) => {
  await loginAs(page, 'alice');
  await expect(workspaceLink(page, DEMO.name)).toBeVisible();
  await expect(page.getByRole('button', { name: 'New workspace', exact: true })).toHaveCount(0);
  await page.goto(`/workspaces/${DEMO.id}`);
  await expect(page.getByRole('link', { name: 'Members', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Edit workspace', exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Delete workspace', exact: true })).toHaveCount(0);
});

test('a session is shared and opened by the other user', async ({ page, browser, baseURL, flavor }) => {
  test.setTimeout(120_000);
  // dora: a member of Demo who may open none of its sessions on CHORUS.
  const context = await browser.newContext({ baseURL });
  await context.clock.install();
  const dora = await context.newPage();
  await loginDora(dora);
  await loginAs(page, 'admin');
  await page.goto(`/workspaces/${DEMO.id}/sessions/1`);
  const bar = page.getByTestId('session-bar');
  await bar.getByRole('button', { name: 'Share', exact: true }).click();
  const panel = page.getByRole('region', { name: 'Share this session' });
  await panel.getByLabel('Find a user', { exact: true }).fill('dora');
  await panel.getByRole('button', { name: 'Dora Diaz (dora)', exact: true }).click();
  await panel.getByLabel('Access', { exact: true }).selectOption({ label: 'Use' });
  await panel.getByRole('button', { name: 'Share', exact: true }).click();
  await expect(panel.getByRole('status')).toContainText('Shared with dora');
  await expect(panel.getByRole('button', { name: 'Stop sharing with dora', exact: true })).toBeVisible();
  // dora's next refresh (the notification poll) brings the access; then the session opens.
  await dora.goto(`/workspaces/${DEMO.id}`);
  await expect(dora.locator('[data-workbench-id="1"]').first()).toBeVisible();
  if (flavor === 'chorus') {
    // At the next notification poll her login is refreshed with the new role.
    await untilNextLook(dora, () =>
      expect.poll(async () => (await dora.request.get('/api/rest/v1/workbenches/1')).status(), { timeout: 4_000 }).toBe(200),
    );
  }
  await dora.goto(`/workspaces/${DEMO.id}/sessions/1`);
  await expect(dora.getByTestId('session-bar')).toBeVisible();
  await expect(dora.getByText(/no access/i)).toHaveCount(0);
  await expect(dora.getByTestId('session-iframe').or(dora.getByTestId('session-overlay')).first()).toBeVisible();
  // Stop sharing.
  await panel.getByRole('button', { name: 'Stop sharing with dora', exact: true }).click();
  await expect(panel.getByRole('button', { name: 'Stop sharing with dora', exact: true })).toHaveCount(0);
  await context.close();
});

test('the admin pages link to each other and the header keeps Admin marked on both', async ({ page }) => {
  await loginAs(page, 'admin');
  await page.getByRole('link', { name: 'Admin', exact: true }).click();
  // The overview (issue 60.4), then its Users card.
  await expect(page.getByRole('link', { name: 'Admin', exact: true })).toHaveAttribute('aria-current', 'page');
  await page.locator('[data-testid="admin-card"][data-area="users"]').click();
  const nav = page.getByRole('navigation', { name: 'Administration' });
  await expect(nav.getByRole('link', { name: 'Users', exact: true })).toHaveAttribute('aria-current', 'page');
  await nav.getByRole('link', { name: 'Roles', exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/roles$/);
  await expect(nav.getByRole('link', { name: 'Roles', exact: true })).toHaveAttribute('aria-current', 'page');
  await expect(nav.getByRole('link', { name: 'Users', exact: true })).not.toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('link', { name: 'Admin', exact: true })).toHaveAttribute('aria-current', 'page');
});

test('the workspace page offers its actions near the top and shows sessions as cards at 375 px', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 700 });
  await loginAs(page, 'alice');
  await page.goto(`/workspaces/${DEMO.id}`);
  const table = page.getByTestId('workbench-table');
  const row = table.locator('tr[data-workbench-id]').first();
  await expect(row).toBeVisible();
  // The new-session form and Members come before the sessions.
  const formTop = (await page.getByLabel('Session name', { exact: true }).boundingBox())!.y;
  const membersTop = (await page.getByRole('link', { name: 'Members', exact: true }).boundingBox())!.y;
  const tableTop = (await table.boundingBox())!.y;
  expect(formTop).toBeLessThan(tableTop);
  expect(membersTop).toBeLessThan(tableTop);
  // No sideways scroll; every card's message is whole (not cut by its box).
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const cut = await table.locator('td.pod-message').evaluateAll((cells) =>
    cells.filter((c) => c.scrollWidth > c.clientWidth + 1 || c.getBoundingClientRect().right > window.innerWidth).length,
  );
  expect(cut).toBe(0);
  await expect(row.getByTestId('k8s-status')).toBeVisible();
  // The members page too: cards, nothing behind a sideways scroll.
  await page.getByRole('link', { name: 'Members', exact: true }).click();
  const members = page.getByTestId('members-table');
  await expect(members.locator(`tr[data-user-id="${USERS.wendy.id}"]`)).toBeVisible();
  const wide = await members.evaluate((t) => t.getBoundingClientRect().right - window.innerWidth);
  expect(wide).toBeLessThanOrEqual(0);
});
