import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { USERS, WORKSPACES, apiLogin, expectNoA11yViolations, loginAs, resetServer, setScenario } from './helpers';

// Issue 49, point 1: the app catalogue for researchers (`/apps`; ui.md "app catalogue"), the
// session's `Open app` search and `Browse all apps`, and the platform's app-instance limit
// (dev-store `instance.limits`), against both flavors. The seed's catalogue (both flavors):
// JupyterLab, VS Code, RStudio, Legacy Viewer, Napari (beta), QGIS (alpha), Orthanc in two
// versions (1.0 and 2.0, one image) and Old Notebook (inactive: hidden).

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

const DEMO = WORKSPACES.demo;
const INSTANCES = '/api/rest/v1/app-instances';

type Row = { id: string; name: string; dockerImageTag: string; status: string };

/** Every app row (ungrouped), as the API lists them to `request`'s login. */
async function appRows(request: APIRequestContext): Promise<Row[]> {
  const r = await request.get('/api/rest/v1/apps?disableGrouping=true&pagination.limit=100');
  expect(r.ok(), await r.text()).toBeTruthy();
  return ((await r.json()) as { result: { apps: Row[] } }).result.apps.map((a) => ({ ...a, id: String(a.id) }));
}

/** A session of alice's in Demo that runs (created through the API); returns its id. */
async function runningSession(request: APIRequestContext, name: string): Promise<string> {
  await setScenario(request, 'healthy');
  await apiLogin(request, 'alice');
  const r = await request.post('/api/rest/v1/workbenches', {
    data: { tenantId: '1', userId: USERS.alice.id, workspaceId: DEMO.id, name, status: 'active' },
  });
  expect(r.ok(), await r.text()).toBeTruthy();
  return String(((await r.json()) as { result: { workbench: { id: string | number } } }).result.workbench.id);
}

function card(page: Page, name: string): Locator {
  return page.locator('article[data-app-id]').filter({
    has: page.getByRole('heading', { level: 2, name, exact: true }),
  });
}

function tab(page: Page, name: string): Locator {
  return page.getByRole('tablist', { name: 'Categories' }).getByRole('tab', { name, exact: true });
}

/** The app-instance creates the page sends. */
function watchCreates(page: Page): Record<string, unknown>[] {
  const created: Record<string, unknown>[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === INSTANCES) created.push(r.postDataJSON());
  });
  return created;
}

test('a researcher finds an app by search, sees its category and stability, picks a version and opens it in a running session', async ({
  page,
  request,
}) => {
  const sessionName = 'Catalogue run';
  const session = await runningSession(request, sessionName);
  const rows = await appRows(request);
  const orthanc1 = rows.find((r) => r.name === 'Orthanc' && r.dockerImageTag === '1.0');
  expect(orthanc1, 'the seed has Orthanc 1.0').toBeTruthy();
  const created = watchCreates(page);

  await loginAs(page, 'alice');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Apps', exact: true }).click();
  await expect(page).toHaveURL(/\/apps$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Apps' })).toBeVisible();
  // One card per app: Orthanc's two versions are one card, Old Notebook (inactive) is hidden.
  await expect(page.locator('article[data-app-id]')).toHaveCount(7);
  await expect(page.getByRole('status').filter({ hasText: '7 apps.' })).toBeVisible();
  await expect(card(page, 'Old Notebook')).toHaveCount(0);

  // The tabs come from the apps' own categories, `All` first then sorted.
  await expect(page.getByRole('tab')).toHaveText(['All', 'Data science', 'Development', 'Imaging', 'Maps']);
  await expect(tab(page, 'All')).toHaveAttribute('aria-selected', 'true');
  await tab(page, 'Imaging').click();
  await expect(page.locator('article[data-app-id]')).toHaveCount(3);
  // The arrow keys, Home and End move between the tabs.
  await page.keyboard.press('End');
  await expect(tab(page, 'Maps')).toBeFocused();
  await expect(tab(page, 'Maps')).toHaveAttribute('aria-selected', 'true');
  await expect(card(page, 'QGIS').locator('.app-stability')).toHaveText('Alpha');
  await page.keyboard.press('Home');
  await expect(tab(page, 'All')).toHaveAttribute('aria-selected', 'true');

  // Search: name, description and category, any case.
  const search = page.getByRole('searchbox', { name: 'Search apps', exact: true });
  await search.fill('old notebook');
  await expect(page.getByText('No app matches “old notebook”.')).toBeVisible();
  await search.fill('NAPARI');
  await expect(page.locator('article[data-app-id]')).toHaveCount(1);
  await expect(card(page, 'Napari').locator('.app-stability')).toHaveText('Beta');
  await search.fill('dicom');
  await expect(page.locator('article[data-app-id]')).toHaveCount(1);
  await expect(page.getByText('1 of 7 apps matches.')).toBeVisible();
  const orthanc = card(page, 'Orthanc');
  await expect(orthanc).toContainText('DICOM server and viewer');
  await expect(orthanc).toContainText('Imaging');
  // `ready` says nothing.
  await expect(orthanc.locator('.app-stability')).toHaveCount(0);
  await tab(page, 'Imaging').click();
  await expect(orthanc).toBeVisible();
  await tab(page, 'Development').click();
  await expect(page.locator('article[data-app-id]')).toHaveCount(0);
  await tab(page, 'Imaging').click();

  // The versions: newest first; choosing 1.0 picks that app id.
  const version = orthanc.getByLabel('Version', { exact: true });
  await expect(version.locator('option')).toHaveText(['2.0', '1.0']);
  await version.selectOption({ label: '1.0' });
  await expectNoA11yViolations(page);

  await orthanc.getByRole('button', { name: 'Open in session', exact: true }).click();
  const chooser = orthanc.getByRole('group', { name: 'Open Orthanc in a session' });
  const mine = chooser.getByRole('button', { name: new RegExp(`^${sessionName} in ${DEMO.name}`) });
  await expect(mine).toBeVisible({ timeout: 30_000 });
  // Escape closes the chooser, focus back on its button.
  await page.keyboard.press('Escape');
  await expect(chooser).toHaveCount(0);
  await expect(orthanc.getByRole('button', { name: 'Open in session', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await chooser.getByRole('button', { name: new RegExp(`^${sessionName} in ${DEMO.name}`) }).click();

  await expect(page).toHaveURL(new RegExp(`/workspaces/${DEMO.id}/sessions/${session}$`));
  await expect(page.getByRole('tab', { name: /^Orthanc(\s|,|$)/ })).toBeVisible();
  await expect.poll(() => created.length).toBe(1);
  expect(created[0]).toMatchObject({ appId: orthanc1!.id, workbenchId: session, workspaceId: DEMO.id, status: 'active' });
});

test('Open in session without a session ready starts a new one and opens the app there', async ({ page, request }) => {
  await setScenario(request, 'healthy');
  const created = watchCreates(page);
  // wendy administers Demo and has no session.
  await loginAs(page, 'wendy');
  await page.goto('/apps');
  const jupyter = card(page, 'JupyterLab');
  await jupyter.getByRole('button', { name: 'Open in session', exact: true }).click();
  const chooser = jupyter.getByRole('group', { name: 'Open JupyterLab in a session' });
  await expect(chooser.getByText('You have no session ready.')).toBeVisible();
  await chooser.getByRole('button', { name: 'Start a new session', exact: true }).click();
  await expect(chooser.getByLabel('Workspace', { exact: true })).toBeFocused();
  await expect(chooser.getByLabel('Session name', { exact: true })).toHaveValue('JupyterLab');
  await chooser.getByLabel('Session name', { exact: true }).fill('From the catalogue');
  await chooser.getByRole('button', { name: 'Start session', exact: true }).click();

  await expect(page).toHaveURL(new RegExp(`/workspaces/${DEMO.id}/sessions/[^/?#]+$`));
  const session = page.url().split('/').pop();
  await expect(page.getByRole('tab', { name: /^JupyterLab(\s|,|$)/ })).toBeVisible();
  await expect.poll(() => created.length, { timeout: 30_000 }).toBe(1);
  expect(created[0]).toMatchObject({ workbenchId: session, appId: '1', userId: USERS.wendy.id });
  // The session is wendy's, by the name she gave it.
  await apiLogin(request, 'wendy');
  const r = await request.get(`/api/rest/v1/workbenches/${session}`);
  expect(((await r.json()) as { result: { workbench: { name: string } } }).result.workbench.name).toBe('From the catalogue');
});

test("the session's Open app menu is searched when the list is long and leads to the catalogue", async ({
  page,
  request,
}) => {
  const seeded = await request.post('/api/dev/apps', { data: { count: 12 } });
  expect(seeded.ok(), await seeded.text()).toBeTruthy();
  const session = await runningSession(request, 'Menu search');
  await loginAs(page, 'alice');
  await page.goto(`/workspaces/${DEMO.id}/sessions/${session}`);
  const open = page.getByRole('button', { name: 'Open app', exact: true });
  await open.click();
  const search = page.getByRole('searchbox', { name: 'Search apps', exact: true });
  await expect(search).toBeFocused();
  const items = page.locator('.open-app-list button');
  // 7 apps of the seed (Orthanc once, Old Notebook hidden) and 12 more.
  await expect(items).toHaveCount(19);
  await search.fill('orTH');
  await expect(items).toHaveText(['Orthanc']);
  await page.keyboard.press('ArrowDown');
  await expect(items.first()).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(items).toHaveCount(0);
  await expect(open).toBeFocused();

  await open.click();
  const browse = page.locator('.open-app-menu').getByRole('link', { name: 'Browse all apps', exact: true });
  await expect(browse).toBeVisible();
  // The list drawn whole first: the link below it does not move under the pointer.
  await expect(items).toHaveCount(19);
  await browse.click();
  await expect(page).toHaveURL(/\/apps$/);
  await expect(page.locator('article[data-app-id]')).toHaveCount(19);
});

test('at the platform limit of app instances the researcher is told in words and cannot open more', async ({
  page,
  request,
  playwright,
  baseURL,
}) => {
  const session = await runningSession(request, 'Limit run');
  // alice's own app instances that are not deleted, as the API lists them.
  const r = await request.get(`${INSTANCES}?pagination.limit=100`);
  expect(r.ok(), await r.text()).toBeTruthy();
  const own = ((await r.json()) as { result: { appInstances: { userId: string | number; status?: string }[] } }).result
    .appInstances.filter((i) => String(i.userId) === USERS.alice.id && i.status !== 'deleted').length;
  const admin = await playwright.request.newContext({ baseURL });
  await apiLogin(admin, 'admin');
  const set = await admin.post('/api/rest/v1/devstore/global', {
    data: { key: 'instance.limits', value: JSON.stringify({ maxAppInstancesPerUser: own, maxSessionsPerUser: null }) },
  });
  expect(set.ok(), await set.text()).toBeTruthy();
  await admin.dispose();
  const created = watchCreates(page);
  const words = `You have ${own} of ${own} ${own === 1 ? 'app' : 'apps'} open: the platform's limit`;

  await loginAs(page, 'alice');
  await page.goto('/apps');
  const jupyter = card(page, 'JupyterLab');
  await jupyter.getByRole('button', { name: 'Open in session', exact: true }).click();
  const chooser = jupyter.getByRole('group', { name: 'Open JupyterLab in a session' });
  await expect(chooser.getByText(words)).toBeVisible();
  const mine = chooser.getByRole('button', { name: /^Limit run in Demo/ });
  await expect(mine).toBeDisabled({ timeout: 30_000 });
  await expect(chooser.getByRole('button', { name: 'Start a new session', exact: true })).toBeDisabled();

  await page.goto(`/workspaces/${DEMO.id}/sessions/${session}`);
  await page.getByRole('button', { name: 'Open app', exact: true }).click();
  const menu = page.locator('.open-app-menu');
  await expect(menu.getByText(words)).toBeVisible();
  await expect(menu.getByRole('button', { name: 'JupyterLab', exact: true })).toBeDisabled();
  expect(created).toHaveLength(0);
});
