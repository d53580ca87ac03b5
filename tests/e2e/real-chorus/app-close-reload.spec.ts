import { expect, test, type Response } from '@playwright/test';
import { NOT_READY, READY, USER, PASSWORD, call, signIn, tokenOf, workspaceWithSessions } from './chorus-api';

// On a running CHORUS (run by real-chorus.config.ts only when CHORUS_URL and the steward's login
// are given): CHORUS answers `GET /app-instances` from a cache that a delete does not clear (with
// plain requests on 0978bc77 the list still held a deleted instance 0.2–0.8 s after the
// delete), so a reload right after closing an app tab could read a list that still held the
// instance, and the tab came back (then said the app instance no longer exists). The steward
// opens an app in a session, the list is read as the page reads it (filling CHORUS's cache with
// the instance), the tab is closed and the page reloaded at once, three times: no tab comes
// back. A browser's reload is mostly slower than that cache, so whether a reload's list still
// held the closed instance is only noted in the report (`cached list`); tabs.spec.ts checks it
// against the dev server's cache kept a minute. Leaves behind a workspace, an app and a session
// named `walk-cr<time>`.

test.skip(!READY, NOT_READY);

test('a reload right after closing an app tab does not bring it back from CHORUS’s cached list', async ({ page, request }) => {
  const stamp = Date.now().toString(36);
  const steward = await tokenOf(request, USER, PASSWORD);
  const name = `walk-cr${stamp} viewer`;
  await call(request, steward, 'POST', '/apps', {
    name,
    description: 'made by the app-close-reload walk',
    dockerImageRegistry: '',
    dockerImageName: `walk-close-reload/${stamp}`,
    dockerImageTag: '1.0',
    status: 'active',
  });
  const { wsId, sessionIds } = await workspaceWithSessions(
    request,
    { name: `walk-cr${stamp}`, shortName: stamp.slice(-10), description: 'made by the app-close-reload walk' },
    [`walk-cr${stamp} session`],
  );
  const sessionId = sessionIds[0];
  const INSTANCES = '/api/rest/v1/app-instances';
  const lists: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'GET' && new URL(r.url()).pathname === INSTANCES) lists.push(r.url());
  });

  await signIn(page, USER, PASSWORD);
  await page.goto(`/workspaces/${wsId}/sessions/${sessionId}`);
  const tab = page.getByRole('tab', { name: new RegExp(`^${name}(\\s|,|$)`) });
  const openIt = async () => {
    await page.getByRole('button', { name: 'Open app', exact: true }).click();
    const search = page.getByRole('searchbox', { name: 'Search apps', exact: true });
    if (await search.isVisible()) await search.fill(name);
    await page.getByRole('button', { name, exact: true }).or(page.getByRole('menuitem', { name, exact: true })).first().click({ timeout: 2_000 });
  };
  // CHORUS caches its app list 5 s: the menu is opened again until the new app is in it.
  await expect(async () => {
    await page.reload();
    await openIt();
  }).toPass({ timeout: 30_000 });
  const listed = async () =>
    (
      (await call(request, steward, 'GET', `/app-instances?filter.workbenchIdsIn=${sessionId}`)) as {
        result: { appInstances?: { id: string }[] };
      }
    ).result.appInstances?.map((i) => String(i.id)) ?? [];

  // Three tries (each a close and a reload at once); each time, no tab comes back.
  let held = 0;
  for (let attempt = 1; attempt <= 3; attempt++) {
    if (attempt > 1) await openIt();
    await expect(tab).toBeVisible();
    await expect.poll(listed, { timeout: 20_000 }).toHaveLength(1);
    expect(lists.length, "the page's list request").toBeGreaterThan(0);
    // The page's own list request, read now: CHORUS keeps it (with the instance) a moment.
    await call(request, steward, 'GET', `/app-instances${new URL(lists[0]).search}`);
    const deleted = page.waitForResponse((r) => r.request().method() === 'DELETE' && r.url().includes(`${INSTANCES}/`));
    await page.getByRole('button', { name: `Close ${name}`, exact: true }).click();
    expect((await deleted).ok(), 'the delete').toBe(true);
    // Every list the reload read (the start-up script's early one, the app's own if it asks
    // again): "held" when each of them still had the closed instance.
    const replies: Promise<number>[] = [];
    const onReply = (r: Response) => {
      const url = new URL(r.url());
      if (r.request().method() === 'GET' && url.pathname === INSTANCES && url.searchParams.get('filter.workbenchIdsIn') === sessionId)
        replies.push(r.json().then((b: { result?: { appInstances?: unknown[] } }) => b.result?.appInstances?.length ?? 0));
    };
    page.on('response', onReply);
    await page.reload();
    await expect(page.getByRole('tab', { name: /^Desktop(\s|,|$)/ })).toBeVisible();
    await expect.poll(() => replies.length, { timeout: 20_000 }).toBeGreaterThan(0);
    await expect(page.getByRole('button', { name: 'Open app', exact: true })).toBeVisible();
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    page.off('response', onReply);
    const counts = await Promise.all(replies);
    if (counts.every((n) => n > 0)) held ||= attempt;
    await expect(tab, `attempt ${attempt}: no tab back`).toHaveCount(0);
    await expect(page.getByText('no longer exists')).toHaveCount(0);
    await expect.poll(listed, { timeout: 10_000 }).toEqual([]);
  }
  test.info().annotations.push({ type: 'cached list', description: held ? `held the closed instance at try ${held}` : 'never held it' });
});
