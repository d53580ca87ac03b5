import type { APIRequestContext } from '@playwright/test';

import { expect, test } from './fixtures';
import { USERS, WORKSPACES, apiLogin, appHeader, expectNoA11yViolations, pathIs, resetServer, setScenario } from './helpers';

// Issue 48 (ui.md, "sessions", "session edit"): `/sessions` lists every session the user can
// see across workspaces, searchable by session, workspace and app names, with the status live;
// `New session` starts one in a chosen workspace; a session's page edits its name and
// description (`PUT /workbenches`). Both flavors.

const DEMO = WORKSPACES.demo.id;
const GENOMICS = WORKSPACES.genomics.id;

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

async function createSession(request: APIRequestContext, workspaceId: string, name: string): Promise<string> {
  const r = await request.post('/api/rest/v1/workbenches', {
    data: { tenantId: '1', userId: USERS.alice.id, workspaceId, name, status: 'active' },
  });
  expect(r.ok(), await r.text()).toBeTruthy();
  return String(((await r.json()) as { result: { workbench: { id: string | number } } }).result.workbench.id);
}

/** Opens app `appName` in session `workbenchId` of `workspaceId` (an app instance). */
async function openApp(request: APIRequestContext, workspaceId: string, workbenchId: string, appName: string): Promise<void> {
  const apps = await request.get('/api/rest/v1/apps');
  expect(apps.ok(), await apps.text()).toBeTruthy();
  const list = ((await apps.json()) as { result: { apps: { id: string | number; name: string }[] } }).result.apps;
  const app = list.find((a) => a.name === appName);
  expect(app, `app ${appName} in the catalogue`).toBeTruthy();
  // CHORUS makes the session's creator its admin, but a token made within its one-second user
  // cache lacks that role: log in again until the create is allowed.
  await expect(async () => {
    await apiLogin(request, 'alice');
    const r = await request.post('/api/rest/v1/app-instances', {
      data: { tenantId: '1', userId: USERS.alice.id, workspaceId, workbenchId, appId: String(app?.id), status: 'active' },
    });
    expect(r.ok(), await r.text()).toBeTruthy();
  }).toPass();
  // And until a renewed login lists it (the page's login is renewed at its load: CHORUS builds
  // it from the user it cached, which must hold the session's new role by then).
  await expect
    .poll(async () => {
      await request.post('/api/rest/v1/authentication/refresh-token', { data: {} });
      const r = await request.get('/api/rest/v1/app-instances');
      const rows = ((await r.json()) as { result?: { appInstances?: { workbenchId: string | number }[] } }).result?.appInstances ?? [];
      return rows.some((i) => String(i.workbenchId) === workbenchId);
    })
    .toBe(true);
}

test('/sessions finds a session by an app name, a workspace name or its own; New session starts one in the workspace chosen', async ({
  page,
  flavor,
}) => {
  await setScenario(page.request, 'healthy');
  await apiLogin(page.request, 'alice');
  const plain = await createSession(page.request, DEMO, 'Plain session');
  const stats = await createSession(page.request, DEMO, 'Stats session');
  const genomics = await createSession(page.request, GENOMICS, 'Sequencing run');
  await openApp(page.request, DEMO, stats, 'RStudio');

  // page.request's login is the page's (apiLogin above).
  await page.goto('/sessions');
  const table = page.getByTestId('sessions-table');
  const row = (id: string) => table.locator(`tbody tr[data-workbench-id="${id}"]`);
  await expect(row(plain)).toBeVisible();
  await expect(row(stats)).toBeVisible();
  await expect(row(genomics)).toContainText(WORKSPACES.genomics.name);
  await expect(row(stats).getByRole('link', { name: 'Stats session' })).toHaveAttribute(
    'href',
    `/workspaces/${DEMO}/sessions/${stats}`,
  );
  await expect(row(plain).getByTestId('k8s-status')).toHaveText(/^(Starting|Running)$/);
  if (flavor !== 'chorus') {
    // Live: the status follows the start without a reload.
    await expect(row(plain).getByTestId('k8s-status')).toHaveText('Running', { timeout: 60_000 });
  }

  const search = page.getByLabel('Search sessions', { exact: true });
  // By an app's name: only the session that has it.
  await search.fill('rstudio');
  await expect(row(stats)).toBeVisible();
  await expect(row(plain)).toHaveCount(0);
  await expect(row(genomics)).toHaveCount(0);
  // By the workspace's name.
  await search.fill(WORKSPACES.genomics.name.toLowerCase());
  await expect(row(genomics)).toBeVisible();
  await expect(row(plain)).toHaveCount(0);
  // By the session's own name.
  await search.fill('plain');
  await expect(row(plain)).toBeVisible();
  await expect(row(stats)).toHaveCount(0);
  await search.fill('nothing like this');
  await expect(page.getByText('No session matches this search.')).toBeVisible();
  await search.fill('');
  await expect(row(plain)).toBeVisible();
  await expectNoA11yViolations(page);

  // A new session from here, in the workspace chosen, with its description.
  await page.getByRole('button', { name: 'New session', exact: true }).click();
  await page.getByLabel('Workspace', { exact: true }).selectOption({ label: WORKSPACES.genomics.name });
  // Nothing without a name.
  await page.getByRole('button', { name: 'Start session', exact: true }).click();
  await expect(page.getByText('Enter a name for the session.')).toBeVisible();
  await page.getByLabel('Session name', { exact: true }).fill('From all sessions');
  await page.getByLabel('Description', { exact: true }).fill('Made on /sessions');
  await page.getByRole('button', { name: 'Start session', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/workspaces/${GENOMICS}/sessions/\\d+$`));
  const made = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
  // On CHORUS the cookie the create set can come from its user cache of the second before
  // (without the creator's new role): read once that second is past.
  const wb = { name: '', description: '' };
  await expect(async () => {
    const got = await page.request.get(`/api/rest/v1/workbenches/${made}`);
    expect(got.status(), await got.text()).toBe(200);
    Object.assign(wb, ((await got.json()) as { result: { workbench: typeof wb } }).result.workbench);
  }).toPass();
  expect(wb.name).toBe('From all sessions');
  expect(wb.description).toBe('Made on /sessions');

  await page.goto('/sessions');
  await expect(row(made)).toContainText(WORKSPACES.genomics.name);
  await expect(appHeader(page)).toBeVisible();
});

test("a session's page edits its name and description", async ({ page }) => {
  await apiLogin(page.request, 'alice');
  const id = await createSession(page.request, DEMO, 'Before the edit');
  await page.goto(`/workspaces/${DEMO}/sessions/${id}`);
  await expect(page.getByRole('heading', { name: 'Before the edit', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Edit session', exact: true }).click();
  const name = page.getByLabel('Session name', { exact: true });
  await expect(name).toHaveValue('Before the edit');
  // An empty name is refused before anything is sent.
  await name.fill('  ');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Enter a name for the session.')).toBeVisible();
  await name.fill('After the edit');
  await page.getByLabel('Description', { exact: true }).fill('Renamed from its page');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'After the edit', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Edit session', exact: true })).toBeFocused();

  // Stored: on CHORUS a read within a second of the save can come from its session cache (the
  // form read the session just before it saved), so the stored record is polled past that second.
  await expect(async () => {
    const got = await page.request.get(`/api/rest/v1/workbenches/${id}`);
    expect(got.status(), await got.text()).toBe(200);
    const wb = ((await got.json()) as { result: { workbench: { name: string; description: string } } }).result.workbench;
    expect(wb.name).toBe('After the edit');
    expect(wb.description).toBe('Renamed from its page');
  }).toPass();
  await page.goto('/sessions');
  await expect(page.getByTestId('sessions-table').locator(`tbody tr[data-workbench-id="${id}"]`)).toContainText('After the edit');
  await expect(page).toHaveURL(pathIs('/sessions'));
});
