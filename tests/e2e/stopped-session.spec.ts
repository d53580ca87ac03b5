import { expect, test } from './fixtures';
import { USERS, WORKSPACES, loginAs, resetServer } from './helpers';

// Issue 56, point 6: a session its user stopped reads `Stopped` (`domain::session_list::stop_state`)
// on the workspace page, `/sessions` and home, never `Unknown`, where the walk on CHORUS saw
// `Unknown` beside a message saying the user stopped it. Both flavors.

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

test('a stopped session reads Stopped on the workspace page, /sessions and home', async ({ page }) => {
  // The chorus flavor's stopped session is what CHORUS sends, no phase and no conditions:
  // `k8sStatus` "", `serverPodStatus` "Terminated", `serverPodMessage` "Session stopped by user
  // (exit code 143)" (devserver/src/sim/stop.rs): it once read `Unknown` there.
  // One session of Demo, stopped by its user (the admin).
  const made = await page.request.post('/api/dev/sessions', {
    data: { workspaceId: WORKSPACES.demo.id, userId: USERS.admin.id, sessions: 1 },
  });
  expect(made.status(), await made.text()).toBe(200);
  const id = ((await made.json()) as { first: string }).first;
  await loginAs(page, 'admin');
  const status = page.locator(`[data-status]`).filter({ hasText: /^(Stopped|Unknown|Stopping)$/ });
  for (const path of [`/workspaces/${WORKSPACES.demo.id}`, '/sessions', '/']) {
    await page.goto(path);
    const row = page.locator('tr, li, article').filter({ has: page.locator(`a[href$="/sessions/${id}"]`) }).last();
    await expect(row, path).toBeVisible();
    await expect(row.locator('[data-status]'), path).toHaveAttribute('data-status', 'stopped');
    await expect(row.locator('[data-status]'), path).toHaveText('Stopped');
    await expect(row.locator('[data-status="unknown"]'), path).toHaveCount(0);
  }
  await expect(status.filter({ hasText: 'Unknown' })).toHaveCount(0);
});
