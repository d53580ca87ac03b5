import { expect, test } from './fixtures';
import { loginAs, WORKSPACES } from './helpers';
import { expectFits, expectReadable, long } from './long-names';

// Issue 47, point 1: a name of 300 unbroken characters made /workspaces, the workspace page, Data
// and Members 1,597–2,883 px wide at 1280 and at 375 px. Names wrap (or are cut with an ellipsis
// and the whole name in a title): no page is wider than the window. The checks are shared with
// the walk on a running CHORUS (long-names.ts, real-chorus/long-names.spec.ts).

test('a name of 100 unbroken characters never makes a page wider than the window', async ({ page, flavor }) => {
  // The dev server stops workspace names at 100 characters, still many times wider than 375 px
  // (CHORUS 0978bc77 takes 300, and sessions of 301: real-chorus/long-names.spec.ts).
  const n = 100;
  const LONG = long('Workspace', n);
  await loginAs(page, 'admin');
  const created = await page.request.post('/api/rest/v1/workspaces', {
    data: { name: LONG, shortName: 'long', description: `A description ${'y'.repeat(400)}` },
  });
  expect(created.status(), await created.text()).toBe(200);
  const id = String(((await created.json()) as { result: { workspace: { id: string } } }).result.workspace.id);
  const session = await page.request.post('/api/rest/v1/workbenches', {
    data: { tenantId: '1', workspaceId: id, name: long('Session', n), status: 'active' },
  });
  expect(session.status(), await session.text()).toBe(200);
  // In the demo workspace too, where the other sessions are.
  const demo = await page.request.post('/api/rest/v1/workbenches', {
    data: { tenantId: '1', workspaceId: WORKSPACES.demo.id, name: long('Demo session', n), status: 'active' },
  });
  expect(demo.status(), await demo.text()).toBe(200);
  // A member with a long name (the dev server takes usernames of up to 32 characters, CHORUS
  // 255), and a file with one.
  const FIRST = long('First', n);
  const USERNAME = long('long-user-', 32);
  const user = await page.request.post('/api/rest/v1/users', {
    data: { username: USERNAME, firstName: FIRST, lastName: 'Tester', email: 'long@example.org', password: 'Long-name-Pw1!', source: 'internal', status: 'active' },
  });
  expect(user.status(), await user.text()).toBe(200);
  const userId = String(((await user.json()) as { result: { user: { id: string } } }).result.user.id);
  const role = await page.request.post(`/api/rest/v1/workspaces/${id}/user/${userId}/role`, {
    data: { role: { name: 'WorkspaceMember' } },
  });
  expect(role.status(), await role.text()).toBe(200);
  const FILE = `${long('File', n - 4)}.csv`;
  // In the store the data page opens first (the chorus flavor's `archive` is turned off).
  const store = flavor === 'chorus' ? 'disk' : 'archive';
  const file = await page.request.post(`/api/rest/v1/workspaces/${id}/file`, {
    data: { path: `/${store}/${FILE}`, name: FILE, mimeType: 'text/csv', content: Buffer.from('id\n1\n').toString('base64') },
  });
  expect(file.status(), await file.text()).toBe(200);

  // CHORUS serves the workspace list from a one-second cache: the new one shows on a later load.
  // Counted once the list is drawn (a count right after the load raced it: on a loaded machine
  // every look of the poll came before the list).
  await expect
    .poll(async () => {
      await page.goto('/workspaces');
      await expect(page.getByRole('list', { name: 'Your workspaces', exact: true })).toBeVisible();
      return page.getByRole('link', { name: LONG }).count();
    })
    .toBeGreaterThan(0);
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 800 });
    for (const [path, ready, shown] of [
      ['/workspaces', page.getByRole('link', { name: LONG }), [LONG]],
      [`/workspaces/${id}`, page.getByTestId('workbench-table'), [LONG, long('Session', n)]],
      [`/workspaces/${WORKSPACES.demo.id}`, page.getByTestId('workbench-table'), [long('Demo session', n)]],
      [`/workspaces/${id}/members`, page.getByRole('heading', { level: 1, name: 'Members' }), [FIRST, USERNAME]],
      [`/workspaces/${id}/data`, page.getByRole('navigation', { name: 'Folder' }), [FILE]],
    ] as const) {
      await page.goto(path);
      await expect(ready.first()).toBeVisible();
      await expectReadable(page, [...shown], `${path} at ${width} px`);
      await expectFits(page, width, path);
    }
    // The requests page's Workspace filter names every workspace: its select grew as wide as
    // the longest name (999 px at 375, issue 56).
    await page.goto('/requests');
    await expect(page.locator('.filters option', { hasText: LONG })).toHaveCount(1);
    await expectFits(page, width, '/requests');
  }
});
