import type { APIRequestContext, Browser, Page } from '@playwright/test';

import { expect, test } from './fixtures';
import { USERS, WORKSPACES, apiLogin, appHeader, loginAs, resetServer } from './helpers';

// Issue 47, points 3 (reviewing a request) and 6 (members and roles), in both flavors: the
// chorus flavor answers as CHORUS 0978bc77 did (it keeps no approver's comment, leaves the
// "pending your approval" notification unread, refuses a requester's cancel, lets a member
// read no other user).

const DEMO = WORKSPACES.demo;

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

function approverOf(flavor: string): 'wendy' | 'admin' {
  return flavor === 'chorus' ? 'admin' : 'wendy';
}

async function otherBrowser(browser: Browser, baseURL: string | undefined, user: 'wendy' | 'admin'): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await loginAs(page, user);
  return page;
}

/** The unread notifications of `user` about request `id` (through the API). */
async function unreadAbout(request: APIRequestContext, user: 'wendy' | 'admin', id: string): Promise<number> {
  await apiLogin(request, user);
  const r = await request.get('/api/rest/v1/notifications?isRead=false&pagination.offset=0&pagination.limit=50');
  expect(r.status()).toBe(200);
  const list = ((await r.json()) as { result: { content?: { approvalRequestNotification?: { approvalRequestId?: string } } }[] })
    .result;
  return list.filter((n) => n.content?.approvalRequestNotification?.approvalRequestId === id).length;
}

test('point 3: an empty Reject is said at the field; where the comment is dropped the approver is told first; the requester reads “an approver”; the waiting notification is read after the decision', async ({
  page,
  browser,
  baseURL,
  flavor,
  request,
}) => {
  test.setTimeout(120_000);
  await loginAs(page, 'alice');
  await page.goto(`/workspaces/${DEMO.id}/data?store=disk`);
  await page.getByRole('checkbox', { name: 'Select notes.txt', exact: true }).check();
  await page.getByRole('button', { name: 'Request extraction' }).click();
  await page.getByLabel('Title', { exact: true }).fill('Careful notes');
  await page.getByRole('button', { name: 'Submit request' }).click();
  await expect(page).toHaveURL(/\/requests\/[^/?#]+$/);
  const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
  await expect(page.getByTestId('request-status')).toHaveText('Waiting for approval');

  const who = approverOf(flavor);
  expect(await unreadAbout(request, who, id)).toBe(1);
  const approver = await otherBrowser(browser, baseURL, who);
  await approver.goto('/workspaces');
  // The header's link leads where its count is: `To review`.
  await expect(appHeader(approver).getByTestId('requests-count')).toBeVisible({ timeout: 15_000 });
  await appHeader(approver).getByRole('link', { name: /^Requests/ }).click();
  await expect(approver).toHaveURL(/\/requests\?tab=review$/);
  await expect(approver.getByRole('tab', { name: /To review/ })).toHaveAttribute('aria-selected', 'true');
  await approver.getByTestId('requests-table').locator(`tr[data-request-id="${id}"]`).getByRole('link').click();
  await expect(approver.getByRole('heading', { level: 1 })).toHaveText('Careful notes');

  const comment = approver.getByLabel('Comment', { exact: true });
  // Before a word is written: where the backend keeps no comment (CHORUS), the approver is told.
  const notKept = approver.getByTestId('comment-not-kept');
  if (flavor === 'chorus') {
    await expect(notKept).toContainText('does not keep the comment');
    await expect(comment).toHaveAttribute('aria-describedby', /decision-comment-hint/);
  } else {
    await expect(notKept).toHaveCount(0);
  }
  // Reject with nothing written: said at the field, which takes the focus; nothing is sent.
  let sent = 0;
  approver.on('request', (r) => {
    if (r.method() === 'POST' && r.url().includes(`/approval-requests/${id}/approve`)) sent += 1;
  });
  await approver.getByRole('button', { name: 'Reject', exact: true }).click();
  await expect(comment).toHaveAttribute('aria-invalid', 'true');
  await expect(comment).toBeFocused();
  await expect(approver.locator('#decision-comment-error')).toHaveText(/A rejection needs a comment/);
  await expect(comment).toHaveAttribute('aria-describedby', /decision-comment-error/);
  await expect(approver.getByTestId('request-status')).toHaveText('Waiting for approval');
  expect(sent).toBe(0);
  await comment.fill('Not these notes.');
  await expect(comment).not.toHaveAttribute('aria-invalid', 'true');
  await approver.getByRole('button', { name: 'Reject', exact: true }).click();
  await expect(approver.getByTestId('request-status')).toHaveText('Rejected');
  expect(sent).toBe(1);
  // The notification that asked for the decision is answered: read.
  await expect.poll(() => unreadAbout(request, who, id), { timeout: 15_000 }).toBe(0);

  // The requester: who decided in words, never an id.
  const steps = page.getByTestId('approval-steps');
  await expect(page.getByTestId('request-status')).toHaveText('Rejected', { timeout: 15_000 });
  await expect(steps.locator('li[data-step="1"]')).toHaveAttribute('data-status', 'rejected');
  await expect(steps).not.toContainText(/user \d/);
  if (flavor === 'chorus') {
    // alice may not read the steward: "an approver"; and CHORUS kept no comment.
    await expect(steps).toContainText('Rejected by an approver');
    await expect(steps).toContainText('does not keep the approver');
  } else {
    await expect(steps.locator('.step-comment')).toHaveText('Not these notes.');
  }
  await approver.context().close();
});

test('point 3: a requester who may not cancel is told why where Cancel request would be; the status filter has no Cancelled', async ({
  page,
  flavor,
}) => {
  await loginAs(page, 'alice');
  // The seeded request 1: alice's, pending.
  await page.goto('/requests/1');
  await expect(page.getByTestId('request-status')).toHaveText('Waiting for approval');
  const note = page.getByTestId('cancel-not-offered');
  if (flavor === 'chorus') {
    await expect(note).toContainText('You cannot cancel this request here');
    await expect(note).toContainText('ask an approver to reject it');
    await expect(page.getByRole('button', { name: 'Cancel request' })).toHaveCount(0);
  } else {
    await expect(page.getByRole('button', { name: 'Cancel request' })).toBeVisible();
    await expect(note).toHaveCount(0);
  }
  await page.goto('/requests');
  const status = page.locator('.filters select').nth(1);
  await expect(status.locator('option')).toHaveText(['Any status', 'Waiting for approval', 'Approved', 'Rejected']);
  // A link narrowed to it still says what it shows.
  await page.goto('/requests?status=cancelled');
  await expect(status.locator('option:checked')).toHaveText('Cancelled');
});

/** nora in Demo with two roles, given through the API as the flavor lets. */
async function noraWithTwoRoles(request: APIRequestContext, flavor: string): Promise<[string, string]> {
  await apiLogin(request, flavor === 'chorus' ? 'admin' : 'wendy');
  const roles: [string, string] = [flavor === 'chorus' ? 'WorkspaceGuest' : 'WorkspaceViewer', 'WorkspaceMember'];
  for (const name of roles) {
    const r = await request.post(`/api/rest/v1/workspaces/${DEMO.id}/user/${USERS.nora.id}/role`, {
      data: { role: { name } },
    });
    expect(r.status(), await r.text()).toBe(200);
  }
  return roles;
}

test('point 6: a member with two roles shows both; a role change asks to confirm before anything is sent', async ({
  page,
  request,
  flavor,
}) => {
  const [first, second] = await noraWithTwoRoles(request, flavor);
  await loginAs(page, 'admin');
  const roleCalls: string[] = [];
  page.on('request', (r) => {
    if (/\/role(\/|$)/.test(new URL(r.url()).pathname) && r.method() !== 'GET') roleCalls.push(`${r.method()} ${r.url()}`);
  });
  await page.goto(`/workspaces/${DEMO.id}/members`);
  const row = page.getByTestId('members-table').locator(`tr[data-user-id="${USERS.nora.id}"]`);
  const [a, b] = [first, second].sort();
  await expect(row.locator('td').nth(2)).toHaveText(`${a}, ${b}`);
  const select = page.getByLabel('Role for nora', { exact: true });
  await expect(select.locator('option:checked')).toHaveText(`${a} and ${b}`);

  await select.selectOption('WorkspaceMember');
  const confirm = page.getByRole('group', { name: 'Confirm role change' });
  await expect(confirm).toContainText('Make nora WorkspaceMember here?');
  await expect(confirm).toContainText(`loses ${first} here`);
  expect(roleCalls).toEqual([]);
  // Cancel: nothing changed, the select says both roles again.
  await confirm.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(confirm).toHaveCount(0);
  await expect(select.locator('option:checked')).toHaveText(`${a} and ${b}`);
  expect(roleCalls).toEqual([]);

  await select.selectOption('WorkspaceMember');
  await confirm.getByRole('button', { name: 'Change role', exact: true }).click();
  await expect(row.locator('td').nth(2)).toHaveText('WorkspaceMember', { timeout: 15_000 });
  await expect(select.locator('option:checked')).toHaveText('WorkspaceMember');
  // Only the other role was taken: the one she kept was not given again.
  expect(roleCalls.filter((c) => c.startsWith('POST'))).toEqual([]);
  expect(roleCalls.filter((c) => c.startsWith('DELETE'))).toHaveLength(1);
});

test('point 6: role chips name their remove buttons apart and read in words; Edit user names workspaces', async ({
  page,
  request,
  flavor,
}) => {
  const [first, second] = await noraWithTwoRoles(request, flavor);
  await loginAs(page, 'admin');
  await page.goto('/admin/users');
  const row = page.getByTestId('users-table').locator(`tr[data-user-id="${USERS.nora.id}"]`);
  for (const role of [first, second]) {
    await expect(row.getByRole('button', { name: `Remove role ${role} · ${DEMO.name} from nora`, exact: true })).toHaveCount(1);
  }
  await expect(row).not.toContainText(/user \d/);
  if (flavor === 'chorus') {
    // CHORUS gives every user `Authenticated` for themselves.
    await expect(row).toContainText('Authenticated · only this user');
  }
  await row.getByRole('button', { name: 'Edit nora', exact: true }).click();
  const current = page.getByTestId('current-roles');
  await expect(current).toContainText(`${first} · ${DEMO.name}`);
  await expect(current).toContainText(`${second} · ${DEMO.name}`);
  await expect(current).not.toContainText(/\(\d+\)|user \d/);
});
