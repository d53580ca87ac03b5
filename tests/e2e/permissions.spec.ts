import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  LOGIN_URL,
  USERS,
  WORKSPACES,
  apiLogin,
  currentSeq,
  expectNoA11yViolations,
  login,
  loginAs,
  nextParam,
  requestsSince,
  resetServer,
  setScenario,
} from './helpers';
import { getOf, mark, replyShown, serverTimePast } from './waits';

// What a user may do, where, and for how long, as a real CHORUS decides it (issue 18): checks
// in their context (internal/api/v1/middleware/*-authorization.go, pkg/authorization/service/
// policy.go), the token's roles and its renewal (pkg/authentication/service/
// authentication-service.go RefreshToken), sessions the backend removed. Run against both
// flavors: the default one follows the same rules.

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

const DEMO = WORKSPACES.demo.id;
const IMAGING = WORKSPACES.imaging.id;

/** Gives `userId` a role in a workspace, as admin, through the API (the users page's call). */
async function giveRole(request: APIRequestContext, userId: string, role: string, workspace: string): Promise<void> {
  await apiLogin(request, 'admin');
  const r = await request.post(`/api/rest/v1/users/${userId}/role`, {
    data: { role: { name: role, context: { workspace } } },
  });
  expect(r.status(), await r.text()).toBe(200);
}

/** Sets the lifetime of login tokens and the maximum refresh time (dev server addition). */
async function setTokenTimes(request: APIRequestContext, ttlSecs: number, maxRefreshSecs: number): Promise<void> {
  const r = await request.put('/api/dev/token-times', { data: { ttlSecs, maxRefreshSecs } });
  expect(r.status(), await r.text()).toBeLessThan(300);
}

/** Starts a session through the form of the Demo workspace; returns its id. */
async function startSession(page: Page, name: string): Promise<string> {
  await page.goto(`/workspaces/${DEMO}`);
  await page.getByLabel('Session name', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Start session', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/workspaces/${DEMO}/sessions/\\d+$`));
  return new URL(page.url()).pathname.split('/').pop()!;
}

test('Start session shows only in the workspaces where the user may start one', async ({ page, request, flavor }) => {
  // alice is a member of Demo; she is given a look-only role in Imaging Lab.
  await giveRole(request, USERS.alice.id, flavor === 'chorus' ? 'WorkspaceGuest' : 'WorkspaceViewer', IMAGING);
  await loginAs(page, 'alice');

  await page.goto(`/workspaces/${DEMO}`);
  await expect(page.getByRole('button', { name: 'Start session', exact: true })).toBeVisible();

  const shown = replyShown(page, '/api/rest/v1/authorization/permissions');
  await page.goto(`/workspaces/${IMAGING}`);
  await shown;
  await expect(page.getByRole('heading', { level: 1, name: WORKSPACES.imaging.name })).toBeVisible();
  // Only once the permissions are known does the page say anything (it fails closed).
  await expect(page.getByText('You may look at the sessions of this workspace, but not start new ones.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Start session', exact: true })).toHaveCount(0);
  await expect(page.getByLabel('Session name', { exact: true })).toHaveCount(0);
  await expectNoA11yViolations(page);
});

test('a user opens an app in a session it started (the create carries status "active")', async ({
  page,
  request,
  flavor,
}) => {
  await loginAs(page, 'alice');
  const id = await startSession(page, 'Alice works');
  await expect(page.getByTestId('session-iframe')).toHaveCount(1, { timeout: 40_000 });
  const seq = await currentSeq(request);
  await page.getByRole('button', { name: 'Open app', exact: true }).click();
  await page.getByRole('button', { name: 'JupyterLab', exact: true }).click();
  const tab = page.getByRole('tab', { name: /JupyterLab/ });
  await expect(tab).toHaveAttribute('data-tab-state', 'ready', { timeout: 40_000 });
  const creates = (await requestsSince(request, seq)).requests.filter(
    (r) => r.method === 'POST' && r.path === '/api/rest/v1/app-instances',
  );
  expect(creates.map((r) => r.status), `one accepted create (${flavor})`).toEqual([200]);
  await page.reload();
  await expect(page.getByRole('tab', { name: /JupyterLab/ })).toHaveAttribute('data-tab-state', 'ready', {
    timeout: 20_000,
  });
  expect(id).toMatch(/^\d+$/);
});

test('the login is renewed before it expires while the app is open; a refused renewal returns through the login page', async ({
  page,
  request,
}) => {
  // Tokens that live 6 s; renewal allowed for an hour after the login.
  await setTokenTimes(request, 6, 3600);
  await loginAs(page, 'alice');
  await page.goto(`/workspaces/${DEMO}`);
  await expect(page.getByRole('button', { name: 'Start session', exact: true })).toBeVisible();
  const seq = await currentSeq(request);
  // Three lifetimes later the page still works without a new login: it renewed in between.
  await serverTimePast(request, await mark(request), 18_000);
  const renewals = (await requestsSince(request, seq)).requests.filter(
    (r) => r.method === 'POST' && r.path === '/api/rest/v1/authentication/refresh-token',
  );
  expect(renewals.length, 'renewals over three lifetimes').toBeGreaterThanOrEqual(3);
  expect(renewals.every((r) => r.status === 200), 'every renewal accepted').toBe(true);
  await page.getByRole('link', { name: 'Workspaces', exact: true }).click();
  await expect(page.getByRole('link', { name: WORKSPACES.demo.name, exact: true })).toBeVisible();
  await expect(page).not.toHaveURL(LOGIN_URL);

  // Past the maximum refresh time the backend refuses (401): the login is over, and after a
  // new one the user is back where they were.
  await page.goto(`/workspaces/${DEMO}`);
  await setTokenTimes(request, 6, 1);
  await expect(page).toHaveURL(LOGIN_URL, { timeout: 20_000 });
  expect(nextParam(page)).toBe(`/workspaces/${DEMO}`);
  await setTokenTimes(request, 3600, 3600);
  await login(page, USERS.alice.username, USERS.alice.password);
  await expect(page).toHaveURL(new RegExp(`/workspaces/${DEMO}$`));
});

test('a session the backend removed says it no longer exists, links to its workspace and polls no more', async ({
  page,
  request,
}) => {
  await setScenario(request, 'slow');
  await loginAs(page, 'admin');
  const id = await startSession(page, 'Soon removed');
  const poll = getOf(`/api/rest/v1/workbenches/${id}`);
  const r = await request.post(`/api/dev/workbenches/${id}/remove`, { data: {} });
  expect(r.status(), await r.text()).toBeLessThan(300);

  const gone = page.getByTestId('session-gone');
  await expect(gone).toBeVisible({ timeout: 15_000 });
  await expect(gone).toContainText('This session no longer exists.');
  await expect(gone.getByRole('link', { name: 'Back to the workspace' })).toHaveAttribute(
    'href',
    `/workspaces/${DEMO}`,
  );
  // One message, nothing around it that still looks alive: no tabs (a Desktop tab "starting"),
  // no phase badge, no details of a session that is not there.
  await expectOnlyTheMessage(page);
  await expectNoA11yViolations(page);
  // No poll after the one that learnt it (two intervals and more of the server's clock).
  const seq = await currentSeq(request);
  await serverTimePast(request, await mark(request), 6_000);
  expect((await requestsSince(request, seq)).requests.filter(poll)).toHaveLength(0);
});

/** The session page of a session out of reach shows its message and the way back, nothing else. */
async function expectOnlyTheMessage(page: Page): Promise<void> {
  const bar = page.getByTestId('session-bar');
  await expect(bar.getByRole('tablist')).toHaveCount(0);
  await expect(bar.getByRole('button', { name: 'Details' })).toHaveCount(0);
  await expect(bar.getByRole('button', { name: 'Open app' })).toHaveCount(0);
  await expect(page.getByTestId('session-phase')).toHaveCount(0);
  await expect(page.getByRole('complementary', { name: 'Session details' })).toBeHidden();
  await expect(page.getByText('Could not load the apps open in this session')).toHaveCount(0);
}

test('a session the user may not open says so once, with the way back', async ({ page, request }) => {
  // Seen on a running CHORUS (0978bc77): a workspace member lists every session of the
  // workspace, but GET /workbenches/{id} of one not shared with them is a 403
  // (`required permission: getWorkbench@workbench=<id>`), and so is its app-instance list.
  // Here: a session of Genomics, opened by bob, who is no member there.
  await apiLogin(request, 'admin');
  const created = await request.post('/api/rest/v1/workbenches', {
    data: {
      tenantId: '1',
      userId: USERS.admin.id,
      workspaceId: WORKSPACES.genomics.id,
      name: 'Not for bob',
      status: 'active',
      initialResolutionWidth: 1280,
      initialResolutionHeight: 800,
    },
  });
  expect(created.status(), await created.text()).toBe(200);
  const id = ((await created.json()) as { result: { workbench: { id: string } } }).result.workbench.id;

  await loginAs(page, 'bob');
  await page.goto(`/workspaces/${WORKSPACES.genomics.id}/sessions/${id}`);
  const overlay = page.getByTestId('session-overlay');
  await expect(overlay).toContainText('You do not have access to this session.');
  await expect(overlay.getByRole('link', { name: 'Back to the workspace' })).toBeVisible();
  await expectOnlyTheMessage(page);
  await expectNoA11yViolations(page);
});
