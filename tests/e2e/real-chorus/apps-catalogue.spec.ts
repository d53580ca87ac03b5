import { expect, test, type APIRequestContext } from '@playwright/test';
import { NOT_READY, READY, USER, PASSWORD, call, signIn, tokenOf, type Json } from './chorus-api';

// Issue 49, point 1, on a running CHORUS (run by real-chorus.config.ts only when CHORUS_URL and
// the steward's login are given): the steward adds an app in two versions (and an inactive one)
// through the API; a plain user made by the walk finds it by search in `/apps`, sees its
// category and stability, picks a version and opens it in a new session (CHORUS without its
// Kubernetes client runs no session, so none is ready: `Start a new session`). CHORUS caches
// the app list 5 s: the page is read again until the new app shows. Leaves behind a user, a
// workspace, three apps and a session named `walk-ac<time>`.

test.skip(!READY, NOT_READY);

async function newApp(request: APIRequestContext, steward: string, body: Json): Promise<string> {
  const made = (await call(request, steward, 'POST', '/apps', {
    description: 'made by the apps-catalogue walk',
    dockerImageRegistry: '',
    status: 'active',
    ...body,
  })) as { result: { app: { id: string } } };
  return String(made.result.app.id);
}

test('a plain user finds an app the steward added by search in /apps and opens it in a session on a running CHORUS', async ({ page, request }) => {
  const stamp = Date.now().toString(36);
  const steward = await tokenOf(request, USER, PASSWORD);
  const username = `walk-ac${stamp}`;
  const password = `${username}-Pw1!`;
  const user = (await call(request, steward, 'POST', '/users', {
    username,
    firstName: 'Catalogue',
    lastName: 'Walker',
    email: `${username}@example.org`,
    password,
    source: 'internal',
    status: 'active',
  })) as { result: { user: { id: string } } };
  const ws = (await call(request, steward, 'POST', '/workspaces', {
    name: `walk-ac${stamp}`,
    shortName: stamp.slice(-10),
    description: 'made by the apps-catalogue walk',
  })) as { result: { workspace: { id: string } } };
  const wsId = String(ws.result.workspace.id);
  await call(request, steward, 'POST', `/workspaces/${wsId}/user/${user.result.user.id}/role`, { role: { name: 'WorkspaceMember' } });

  const name = `walk-ac${stamp} viewer`;
  const image = `walk-apps-catalogue/${stamp}`;
  const category = `walk-cat-${stamp}`;
  const common = { name, dockerImageName: image, category, stabilityStatus: 'beta' };
  const v1 = await newApp(request, steward, { ...common, dockerImageTag: '1.0' });
  const v2 = await newApp(request, steward, { ...common, dockerImageTag: '2.0' });
  const v3 = await newApp(request, steward, { ...common, dockerImageTag: '3.0' });
  await newApp(request, steward, { name: `walk-ac${stamp} retired`, dockerImageName: `${image}-old`, dockerImageTag: '1', category, status: 'inactive' });

  await signIn(page, username, password);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Apps', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Apps' })).toBeVisible();
  const card = page.locator('article[data-app-id]').filter({ has: page.getByRole('heading', { level: 2, name, exact: true }) });
  // CHORUS's 5-s list cache: read again until the new apps are listed.
  await expect(async () => {
    await page.reload();
    await page.getByRole('searchbox', { name: 'Search apps', exact: true }).fill(`walk-ac${stamp}`);
    await expect(card).toHaveCount(1, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  // The inactive app is hidden; the card is the newest version, with its stability and category.
  await expect(page.locator('article[data-app-id]')).toHaveCount(1);
  await expect(card).toHaveAttribute('data-app-id', v3);
  await expect(card.locator('.app-stability')).toHaveText('Beta');
  await page.getByRole('tab', { name: category, exact: true }).click();
  await expect(card).toBeVisible();
  // Every version (CHORUS's own grouping would list only one other: the console reads them ungrouped).
  const version = card.getByLabel('Version', { exact: true });
  await expect(version.locator('option')).toHaveText(['3.0', '2.0', '1.0']);
  expect(await version.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual([v3, v2, v1]);
  await version.selectOption({ label: '2.0' });

  const created: Json[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/rest/v1/app-instances') created.push(r.postDataJSON() as Json);
  });
  await card.getByRole('button', { name: 'Open in session', exact: true }).click();
  const chooser = card.getByRole('group', { name: `Open ${name} in a session` });
  await expect(chooser.getByText('You have no session ready.')).toBeVisible({ timeout: 20_000 });
  await chooser.getByRole('button', { name: 'Start a new session', exact: true }).click();
  await chooser.getByLabel('Workspace', { exact: true }).selectOption({ label: `walk-ac${stamp}` });
  await chooser.getByLabel('Session name', { exact: true }).fill(`walk-ac${stamp} session`);
  await chooser.getByRole('button', { name: 'Start session', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/workspaces/${wsId}/sessions/\\d+$`));
  const sessionId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
  await expect(page.getByRole('tab', { name: new RegExp(`^${name}(\\s|,|$)`) })).toBeVisible();
  await expect.poll(() => created.length, { timeout: 30_000 }).toBeGreaterThan(0);
  expect(created[0]).toMatchObject({ appId: v2, workbenchId: sessionId, workspaceId: wsId, status: 'active' });
  // CHORUS has the instance, of version 2.0, in that session.
  await expect(async () => {
    const listed = (await call(request, steward, 'GET', `/app-instances?filter.workbenchIdsIn=${sessionId}`)) as {
      result: { appInstances: { appId: string }[] };
    };
    expect(listed.result.appInstances.map((i) => String(i.appId))).toContain(v2);
  }).toPass({ timeout: 20_000 });
});
