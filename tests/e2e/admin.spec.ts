import { expect, test } from './fixtures';
import {
  LOGIN_URL,
  WORKSPACES,
  apiLogin,
  appHeader,
  clearFaults,
  currentSeq,
  expectHeader,
  expectNoA11yViolations,
  loginAs,
  navLink,
  requestsSince,
  resetServer,
  setFaults,
} from './helpers';
import { replyShown } from './waits';

// The admin pages: /admin/roles (permission matrix) and /admin/users (ui.md "Stable hooks":
// permission matrix, users table, no access).

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

function matrix(page: import('@playwright/test').Page) {
  return page.getByTestId('permission-matrix');
}

function cell(page: import('@playwright/test').Page, role: string, permission: string) {
  return matrix(page).getByRole('checkbox', { name: `${role}: ${permission}`, exact: true });
}

test('built-in roles are read-only in the permission matrix', async ({ page, flavor }) => {
  // CHORUS's 19 × 85 matrix: axe alone takes tens of seconds on a slow machine.
  test.slow(flavor === 'chorus');
  const admin = flavor === 'chorus' ? 'SuperAdmin' : 'PlatformAdmin';
  await loginAs(page, 'admin');
  await page.goto('/admin/roles');
  await expect(page.getByRole('heading', { name: 'Roles and permissions' })).toBeVisible();
  await expect(cell(page, 'WorkspaceMember', 'createWorkbench')).toBeDisabled();
  await expect(cell(page, admin, 'listUsers')).toBeDisabled();
  await expect(cell(page, admin, 'listUsers')).toBeChecked();
  if (flavor !== 'chorus') {
    await expect(cell(page, 'DataSteward', 'createWorkbench')).toBeEnabled();
  }
  await expect(page.getByRole('button', { name: 'Save', exact: true })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Discard', exact: true })).toBeDisabled();
  await expectNoA11yViolations(page);
});

test('a dynamic role gains a permission, is saved, and keeps it after reload', async ({ page, flavor }) => {
  test.skip(flavor === 'chorus', 'CHORUS cannot edit roles: chorus.spec.ts checks that editing is withdrawn');
  await loginAs(page, 'admin');
  await page.goto('/admin/roles');
  const box = cell(page, 'DataSteward', 'createWorkbench');
  await expect(box).not.toBeChecked();
  await box.check();
  await expect(box).toBeChecked();
  await expect(page.getByText('1 unsaved change')).toBeVisible();
  const save = page.getByRole('button', { name: 'Save', exact: true });
  await expect(save).toBeEnabled();
  const put = page.waitForResponse(
    (r) => r.request().method() === 'PUT' && r.url().includes('/authorization/roles/DataSteward'),
  );
  await save.click();
  expect((await put).status()).toBe(200);
  await expect(page.getByText('Saved DataSteward.')).toBeVisible();
  await expect(save).toBeDisabled();
  await page.reload();
  await expect(cell(page, 'DataSteward', 'createWorkbench')).toBeChecked();
  await expectNoA11yViolations(page);
});

test('discard reverts the edits', async ({ page, flavor }) => {
  test.skip(flavor === 'chorus', 'no dynamic role is seeded on CHORUS');
  await loginAs(page, 'admin');
  await page.goto('/admin/roles');
  const box = cell(page, 'DataSteward', 'listUsers');
  await box.check();
  await page.getByRole('button', { name: 'Discard', exact: true }).click();
  await expect(box).not.toBeChecked();
  await expect(page.getByRole('button', { name: 'Save', exact: true })).toBeDisabled();
});

test('a new role is created and deleted', async ({ page, flavor }) => {
  // CHORUS's 19 × 85 matrix: axe alone takes tens of seconds on a slow machine.
  test.slow(flavor === 'chorus');
  await loginAs(page, 'admin');
  await page.goto('/admin/roles');
  await page.getByRole('button', { name: 'New role', exact: true }).click();
  // Client validation first.
  await page.getByLabel('Name', { exact: true }).fill('curator');
  await page.getByRole('button', { name: 'Create role', exact: true }).click();
  await expect(page.getByText('A role name starts with a capital letter')).toBeVisible();
  await page.getByLabel('Name', { exact: true }).fill('Curator');
  await page.getByLabel('Description', { exact: true }).fill('Curates <b>data</b>');
  await page.getByLabel('Workspace', { exact: true }).selectOption({ label: WORKSPACES.demo.name });
  await page.getByLabel('Copy permissions from').selectOption('WorkspaceMember');
  // The form; the matrix below it is unchanged and checked by the first test.
  await expectNoA11yViolations(page, { exclude: ['[data-testid="permission-matrix"]'] });
  await page.getByRole('button', { name: 'Create role', exact: true }).click();
  await expect(page.getByText('Created role Curator.')).toBeVisible();
  // Copied from WorkspaceMember (what fits a workspace role), and editable.
  await expect(cell(page, 'Curator', 'getWorkspace')).toBeChecked();
  await expect(cell(page, 'Curator', 'createWorkbench')).toBeChecked();
  await expect(cell(page, 'Curator', 'listUsers')).toBeEnabled();

  await page.getByRole('button', { name: 'Delete role Curator', exact: true }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText('Delete role Curator?');
  await dialog.getByRole('button', { name: 'Delete role', exact: true }).click();
  if (flavor === 'chorus') {
    // CHORUS cannot delete roles: the first try learns it; the action goes, a note says why.
    await expect(page.getByTestId('not-supported')).toContainText('does not support deleting roles');
    await expect(page.getByRole('button', { name: 'Delete role Curator', exact: true })).toHaveCount(0);
    await expect(cell(page, 'Curator', 'getWorkspace')).toBeChecked();
    return;
  }
  await expect(page.getByText('Deleted role Curator.')).toBeVisible();
  await expect(cell(page, 'Curator', 'getWorkspace')).toHaveCount(0);
});

// Issue 18, point 2: the acceptance flow on CHORUS, and each rule CHORUS answers with a bare 500
// refused before sending, in words next to its field.
test('admin creates a workspace role for Demo', async ({ page, request, flavor }) => {
  // CHORUS's 19 × 85 matrix: axe alone takes tens of seconds on a slow machine.
  test.slow(flavor === 'chorus');
  await loginAs(page, 'admin');
  await page.goto('/admin/roles');
  await page.getByRole('button', { name: 'New role', exact: true }).click();
  const name = page.getByLabel('Name', { exact: true });
  const workspace = page.getByLabel('Workspace', { exact: true });
  const copy = page.getByLabel('Copy permissions from');
  const create = page.getByRole('button', { name: 'Create role', exact: true });
  const seq = await currentSeq(request);

  // A built-in role's name.
  await name.fill('WorkspaceMember');
  await create.click();
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#new-role-name-error')).toHaveText(
    'WorkspaceMember is the name of a built-in role: choose another name',
  );
  // No workspace chosen, no permission.
  await name.fill('DemoCurator');
  await create.click();
  await expect(workspace).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#new-role-workspace-error')).toHaveText('Choose the workspace the role is created in');
  await expect(page.locator('#new-role-copy-error')).toContainText('A role needs at least one permission');
  const posted = (await requestsSince(request, seq)).requests.filter(
    (r) => r.method === 'POST' && r.path === '/api/rest/v1/authorization/roles',
  );
  expect(posted, 'nothing sent while a rule is broken').toEqual([]);

  // Each workspace by name.
  const options = await workspace.locator('option').allTextContents();
  expect(options).toEqual(['Choose a workspace…', ...Object.values(WORKSPACES).map((w) => w.name)]);
  await workspace.selectOption({ label: WORKSPACES.demo.name });
  await copy.selectOption('WorkspaceMember');
  if (flavor === 'chorus') {
    // CHORUS's WorkspaceMember holds permissions of other dimensions (user, workbench): they
    // are left out of a workspace role, and the form says why.
    await expect(page.locator('#new-role-copy-hint')).toContainText('do not fit a workspace role');
  } else {
    // In our dialect a workspace role's permissions all fit a workspace role.
    await expect(page.locator('#new-role-copy-hint')).toContainText('Copies the');
  }
  await expect(workspace).toHaveAttribute('aria-invalid', 'false');

  const post = page.waitForRequest(
    (r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/rest/v1/authorization/roles',
  );
  await create.click();
  const body = (await post).postDataJSON();
  // CHORUS's CreateDynamicRoleRequest: nothing else (it refuses unknown fields at any depth).
  expect(Object.keys(body).sort()).toEqual(['role', 'validationContext']);
  expect(body.validationContext).toEqual({ workspace: WORKSPACES.demo.id });
  for (const key of Object.keys(body.role)) {
    expect(['name', 'description', 'context', 'permissions', 'scope', 'dynamic']).toContain(key);
  }
  expect(body.role.scope).toBe('workspace');
  expect(body.role.name).toBe('DemoCurator');
  expect(body.role.permissions).toContain('createWorkbench');
  await expect(page.getByText('Created role DemoCurator.')).toBeVisible();
  await expect(cell(page, 'DemoCurator', 'createWorkbench')).toBeChecked();

  // The matrix: a permission checked per session does not fit a workspace role. (In our
  // dialect sessions are governed by workspace roles: every permission fits one.)
  if (flavor === 'chorus') {
    const unfit = cell(page, 'DemoCurator', 'listWorkbenches');
    await expect(unfit).toBeDisabled();
    await expect(unfit).toHaveAttribute('title', /^Does not fit a workspace role: .* is checked per session/);
    await expect(unfit.locator('xpath=..')).toHaveAttribute('title', /Does not fit a workspace role/);
  } else {
    await expect(cell(page, 'DemoCurator', 'getWorkbench')).toBeEnabled();
  }
  // Built-in roles stay read-only.
  await expect(cell(page, 'WorkspaceMember', 'createWorkbench')).toBeDisabled();
  await expectNoA11yViolations(page);
});

test('a user is created with two roles and appears with both chips', async ({ page, flavor }) => {
  const viewerRole = flavor === 'chorus' ? 'WorkspaceGuest' : 'WorkspaceViewer';
  await loginAs(page, 'admin');
  await page.goto('/admin/users');
  const table = page.getByTestId('users-table');
  await expect(table.locator('tr[data-user-id="2"]')).toContainText('alice');
  await expect(table.locator('tr[data-user-id="2"]')).toContainText(/Workspace\w+ · Demo/);
  await expectNoA11yViolations(page);

  await page.getByRole('button', { name: 'New user', exact: true }).click();
  // Client validation: messages next to the fields.
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByLabel('Username', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Enter a username')).toBeVisible();

  await page.getByLabel('Username', { exact: true }).fill('carol');
  await page.getByLabel('First name', { exact: true }).fill('Carol');
  await page.getByLabel('Last name', { exact: true }).fill('Danvers');
  await page.getByLabel('Email', { exact: true }).fill('carol@example.org');
  await page.getByLabel('Password', { exact: true }).fill('Carol-Danvers-2026!');
  await page.getByLabel('Role WorkspaceMember', { exact: true }).check();
  await page.getByLabel('Workspace for WorkspaceMember', { exact: true }).selectOption({ label: WORKSPACES.demo.name });
  await page.getByLabel(`Role ${viewerRole}`, { exact: true }).check();
  await page.getByLabel(`Workspace for ${viewerRole}`, { exact: true }).selectOption({ label: WORKSPACES.genomics.name });
  await expectNoA11yViolations(page);
  const post = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/rest/v1/users'));
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  expect((await post).status()).toBe(200);

  const row = table.locator('tr[data-user-id]').filter({ hasText: 'carol' });
  await expect(row).toContainText('WorkspaceMember · Demo');
  await expect(row).toContainText(`${viewerRole} · Genomics`);
  await expect(row).toContainText('Active');
});

// Issue 47, point 2: a new user gets the platform's password rule (the profile page's), stated
// under the field before anything is sent; an e-mail that is not one and a username with a
// space are said next to their fields, and nothing is sent.
test("a new user's password follows the platform's rule, said before sending", async ({ page, request }) => {
  await loginAs(page, 'admin');
  await page.goto('/admin/users');
  await page.getByRole('button', { name: 'New user', exact: true }).click();
  const password = page.getByLabel('Password', { exact: true });
  await expect(page.locator('#user-form-password-hint')).toContainText('At least 14 characters');
  await page.getByLabel('Username', { exact: true }).fill('new user');
  await page.getByLabel('First name', { exact: true }).fill('New');
  await page.getByLabel('Last name', { exact: true }).fill('User');
  await page.getByLabel('Email', { exact: true }).fill('not-an-email');
  await password.fill('abc');
  const seq = await currentSeq(request);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#user-form-password-error')).toContainText(
    'The password needs at least 14 characters, an uppercase letter and a special character',
  );
  await expect(password).toHaveAttribute('aria-describedby', 'user-form-password-hint user-form-password-error');
  await expect(page.locator('#user-form-email-error')).toContainText('Enter an e-mail address');
  await expect(page.locator('#user-form-username-error')).toContainText('may not contain spaces');
  const sent = (await requestsSince(request, seq)).requests.filter((r) => r.method === 'POST');
  expect(sent, 'nothing sent').toEqual([]);
  // Fixed, it goes.
  await page.getByLabel('Username', { exact: true }).fill('newuser');
  await page.getByLabel('Email', { exact: true }).fill('new.user@example.org');
  await password.fill('A-Good-Password-2026');
  const post = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/rest/v1/users'));
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  expect((await post).status()).toBe(200);
});

test('a duplicate username is reported next to Username', async ({ page, flavor }) => {
  await loginAs(page, 'admin');
  await page.goto('/admin/users');
  await page.getByRole('button', { name: 'New user', exact: true }).click();
  await page.getByLabel('Username', { exact: true }).fill('alice');
  await page.getByLabel('First name', { exact: true }).fill('Alice');
  await page.getByLabel('Last name', { exact: true }).fill('Again');
  await page.getByLabel('Email', { exact: true }).fill('alice2@example.org');
  await page.getByLabel('Password', { exact: true }).fill('Alice-Again-2026!');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  // CHORUS answers a duplicate with a bare 500: the form can only say the name may be taken.
  const words = flavor === 'chorus' ? 'the username alice may be taken' : 'The username alice is already taken';
  await expect(page.locator('#user-form-username-error')).toContainText(words);
  await expect(page.getByLabel('Username', { exact: true })).toHaveAttribute('aria-invalid', 'true');
});

// Issue 18, point 7: field errors from the backend (CHORUS: Go field names and validator tags)
// in words next to their input; characters CHORUS refuses are refused before sending.
test('field errors are shown in words next to their input', async ({ page, request, flavor }) => {
  await loginAs(page, 'admin');
  await page.goto('/admin/users');
  await page.getByRole('button', { name: 'New user', exact: true }).click();
  const username = page.getByLabel('Username', { exact: true });
  const first = page.getByLabel('First name', { exact: true });
  const last = page.getByLabel('Last name', { exact: true });
  const save = page.getByRole('button', { name: 'Save', exact: true });
  await username.fill('erin');
  await page.getByLabel('Password', { exact: true }).fill('Erin-Password-2026!');

  // `| < > ~` refused before anything is sent.
  const seq = await currentSeq(request);
  await first.fill('Er|in');
  await last.fill('<b>');
  await save.click();
  await expect(first).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#user-form-firstName-error')).toContainText('may not contain |');
  await expect(page.locator('#user-form-lastName-error')).toContainText('may not contain < >');
  await expect(first).toHaveAttribute('aria-describedby', 'user-form-firstName-error');
  const sent = (await requestsSince(request, seq)).requests.filter((r) => r.method === 'POST');
  expect(sent, 'nothing sent').toEqual([]);

  // The backend's own field error, in words next to its input.
  let field: string;
  let words: string;
  if (flavor === 'chorus') {
    // CHORUS: {"field":"FirstName","reason":"required"}.
    await first.fill('');
    await last.fill('Evans');
    field = 'firstName';
    words = 'First name is required';
  } else {
    // Ours wants lowercase usernames, a rule the console leaves to the backend (CHORUS has none);
    // an e-mail that is not one is now said before sending (issue 47).
    await first.fill('Erin');
    await last.fill('Evans');
    await username.fill('Erin');
    field = 'username';
    words = 'Username ';
  }
  const post = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/rest/v1/users'));
  await save.click();
  expect((await post).status()).toBe(400);
  const input = page.locator(`#user-form-${field}`);
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  await expect(input).toHaveAttribute('aria-describedby', `user-form-${field}-error`);
  await expect(page.locator(`#user-form-${field}-error`)).toContainText(words);
  await expectNoA11yViolations(page);
});

// Issue 27: CHORUS stores a role's context exactly as sent, so a role whose context lists `user`
// (PlatformUserManager) asks which users (`Users for <role>`: `All users` by default, `"*"`) and
// sends it: given `{}` it would grant nothing that needs a user (fixtures/chorus/user_role_context.json).
// The user is read again after the last role call; the search box is offered only to who may
// searchUsers (CHORUS's PlatformUserManager may not).
test('an admin gives bob PlatformUserManager for all users; bob then manages users without a search box', async ({
  page,
  request,
  flavor,
}) => {
  test.skip(flavor !== 'chorus', 'PlatformUserManager and searchUsers are CHORUS roles and permissions');
  await loginAs(page, 'admin');
  const seq = await currentSeq(request);
  await page.goto('/admin/users');
  const table = page.getByTestId('users-table');
  await expect(page.getByLabel('Search users')).toBeVisible();
  // No filter.search until something is typed (CHORUS then needs searchUsers).
  const lists = (await requestsSince(request, seq)).requests.filter((r) => r.path === '/api/rest/v1/users');
  expect(lists.length).toBeGreaterThan(0);
  for (const r of lists) {
    expect(r.query ?? '').not.toContain('filter.search');
    expect(r.query ?? '').toMatch(/pagination\.limit=(\d{1,2}|100)(&|$)/);
  }

  const row = table.locator('tr[data-user-id="3"]');
  await row.getByRole('button', { name: 'Edit bob' }).click();
  await expect(page.getByLabel('Users for PlatformUserManager', { exact: true })).toHaveCount(0);
  await page.getByLabel('Role PlatformUserManager', { exact: true }).check();
  await expect(page.getByLabel('Workspace for PlatformUserManager', { exact: true })).toHaveCount(0);
  const users = page.getByLabel('Users for PlatformUserManager', { exact: true });
  await expect(users).toHaveValue('*');
  await expect(users.locator('option')).toHaveText(['All users', 'Only this user']);
  await expectNoA11yViolations(page);
  const give = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/users/3/role'));
  const reload = page.waitForRequest((r) => r.method() === 'GET' && new URL(r.url()).pathname === '/api/rest/v1/users/3');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  expect((await give).postDataJSON()).toEqual({ role: { name: 'PlatformUserManager', context: { user: '*' } } });
  await reload;
  await expect(row).toContainText('PlatformUserManager');

  // bob, signed in again, may manage users but not search them. A password login's sign-out is
  // `{}` on CHORUS too: straight to the login page.
  await appHeader(page).getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(LOGIN_URL);
  await loginAs(page, 'bob');
  await expectHeader(page);
  // The box would appear once the permissions are known: check after their reply is shown (a
  // fresh load of the page asks for them once).
  const catalogue = replyShown(page, '/api/rest/v1/authorization/permissions');
  await page.goto('/admin/users');
  await expect(page.getByTestId('users-table')).toBeVisible();
  await catalogue;
  await expect(page.getByLabel('Search users')).toHaveCount(0);
  // The role binds every user: bob gives dora a role (manageUserRoles on dora), which
  // PlatformUserManager `{}` could not.
  const dora = page.getByTestId('users-table').locator('tr[data-user-id="4"]');
  await dora.getByRole('button', { name: 'Edit dora' }).click();
  await page.getByLabel('Role WorkspaceGuest', { exact: true }).check();
  await page.getByLabel('Workspace for WorkspaceGuest', { exact: true }).selectOption({ label: 'Demo' });
  const given = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/users/4/role'));
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  expect((await given).status()).toBe(200);
  await expect(dora).toContainText('WorkspaceGuest · Demo');
});

// Issue 27: `Only this user` binds the role to the user's own id, known once a new user exists:
// the role call after the create names it. Every dimension the role lists is sent.
test('a new user is given a role for itself only, and a workspace role with its workspace', async ({ page, flavor }) => {
  await loginAs(page, 'admin');
  await page.goto('/admin/users');
  await page.getByRole('button', { name: 'New user', exact: true }).click();
  await page.getByLabel('Username', { exact: true }).fill('carol');
  await page.getByLabel('First name', { exact: true }).fill('Carol');
  await page.getByLabel('Last name', { exact: true }).fill('Shaw');
  await page.getByLabel('Password', { exact: true }).fill('Carol-Danvers-2026!');
  await page.getByLabel('Role WorkspaceMember', { exact: true }).check();
  await page.getByLabel('Workspace for WorkspaceMember', { exact: true }).selectOption({ label: 'Demo' });
  // A workspace role lists no `user`: no users select.
  await expect(page.getByLabel('Users for WorkspaceMember', { exact: true })).toHaveCount(0);
  if (flavor === 'chorus') {
    await page.getByLabel('Role PlatformAuditor', { exact: true }).check();
    await page.getByLabel('Users for PlatformAuditor', { exact: true }).selectOption({ label: 'Only this user' });
  }
  const roleCalls: { url: string; body: unknown }[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && /\/users\/[^/]+\/role$/.test(new URL(r.url()).pathname)) {
      roleCalls.push({ url: r.url(), body: r.postDataJSON() });
    }
  });
  const created = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/rest/v1/users'));
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const id = (await (await created).json()).result.user.id as string;
  const row = page.getByTestId('users-table').locator(`tr[data-user-id="${id}"]`);
  await expect(row).toContainText('WorkspaceMember · Demo');
  expect(roleCalls.map((c) => new URL(c.url).pathname)).toEqual(
    Array(flavor === 'chorus' ? 2 : 1).fill(`/api/rest/v1/users/${id}/role`),
  );
  expect(roleCalls[0].body).toEqual({ role: { name: 'WorkspaceMember', context: { workspace: WORKSPACES.demo.id } } });
  if (flavor === 'chorus') {
    expect(roleCalls[1].body).toEqual({ role: { name: 'PlatformAuditor', context: { user: id } } });
    await expect(row).toContainText('PlatformAuditor');
  }
});

test('a role is removed from a user', async ({ page, flavor }) => {
  await loginAs(page, 'admin');
  await page.goto('/admin/users');
  const row = page.getByTestId('users-table').locator('tr[data-user-id="3"]');
  // bob looks at Demo: WorkspaceViewer here, CHORUS's WorkspaceGuest (or the like) there.
  await expect(row).toContainText(/Workspace\w+ · Demo/);
  const chip = (await row.textContent())?.match(/(Workspace\w+) · Demo/);
  const viewerRole = chip ? chip[1] : 'WorkspaceViewer';
  await row.getByRole('button', { name: `Remove role ${viewerRole} · Demo from bob`, exact: true }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText(`Remove ${viewerRole} · Demo from bob?`);
  await expectNoA11yViolations(page);
  const del = page.waitForResponse((r) => r.request().method() === 'DELETE' && r.url().includes('/users/3/role/'));
  await dialog.getByRole('button', { name: 'Remove role', exact: true }).click();
  expect((await del).status()).toBe(200);
  await expect(row).not.toContainText(viewerRole);
  if (flavor !== 'chorus') {
    await expect(row).toContainText('No roles');
  }
});

test('a user is edited: status and a new role', async ({ page }) => {
  await loginAs(page, 'admin');
  await page.goto('/admin/users');
  const row = page.getByTestId('users-table').locator('tr[data-user-id="3"]');
  await row.getByRole('button', { name: 'Edit bob' }).click();
  await expect(page.getByLabel('Username', { exact: true })).toHaveValue('bob');
  await expect(page.getByLabel('Password', { exact: true })).toHaveCount(0);
  await page.getByLabel('Status', { exact: true }).selectOption('disabled');
  await page.getByLabel('Role WorkspaceMember', { exact: true }).check();
  await page.getByLabel('Workspace for WorkspaceMember', { exact: true }).selectOption({ label: 'All workspaces' });
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(row).toContainText('Disabled');
  await expect(row).toContainText('WorkspaceMember · all workspaces');
});

test('search narrows the users table', async ({ page }) => {
  await loginAs(page, 'admin');
  await page.goto('/admin/users');
  const table = page.getByTestId('users-table');
  await expect(table.locator('tr[data-user-id]')).toHaveCount(6);
  await page.getByLabel('Search users').fill('ali');
  await expect(table.locator('tr[data-user-id]')).toHaveCount(1);
  await expect(table.locator('tr[data-user-id="2"]')).toBeVisible();
  await expect(page.getByText('Showing 1–1 of 1')).toBeVisible();
});

/** Records, in a MutationObserver (in the same task as each change of the document, so that
 * nothing shown for one frame only is missed), what the users page showed: a chip saying a
 * workspace is out of the viewer's reach, and the users table in the document without `Search
 * users` above it (the field coming later pushes the table down under the pointer). */
async function watchUsersPage(page: import('@playwright/test').Page) {
  await page.addInitScript(() => {
    const seen = { outOfReach: '', tableWithoutSearch: false };
    (window as unknown as { __usersSeen: typeof seen }).__usersSeen = seen;
    new MutationObserver(() => {
      const table = document.querySelector('[data-testid="users-table"]');
      if (!table) return;
      if (!document.getElementById('users-search')) seen.tableWithoutSearch = true;
      const text = (table as HTMLElement).innerText;
      if (!seen.outOfReach && text.includes('may not see its name')) seen.outOfReach = text.slice(0, 300);
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });
  return () =>
    page.evaluate(() => (window as unknown as { __usersSeen: { outOfReach: string; tableWithoutSearch: boolean } }).__usersSeen);
}

test('before the names of the workspaces come, no user\'s role says its workspace is out of reach', async ({
  page,
  request,
}) => {
  await loginAs(page, 'admin');
  // The list of workspaces (their names) held back: the users come first.
  await setFaults(request, { latencyMs: 4000, pathPrefix: '/api/rest/v1/workspaces' });
  const seen = await watchUsersPage(page);
  await page.goto('/admin/users');
  const table = page.getByTestId('users-table');
  // A platform admin reads every workspace: its name comes, and nothing said otherwise before.
  await expect(table.locator('tr[data-user-id="2"]')).toContainText('WorkspaceMember · Demo', { timeout: 15_000 });
  await clearFaults(request);
  expect((await seen()).outOfReach, 'a chip said a workspace is out of the admin\'s reach').toBe('');
});

test('the users table comes with the search field above it, never before it', async ({ page, request }) => {
  await loginAs(page, 'admin');
  // The permissions (whether the admin may search) answer after the users.
  await setFaults(request, { latencyMs: 1500, pathPrefix: '/api/rest/v1/authorization/permissions' });
  const seen = await watchUsersPage(page);
  await page.goto('/admin/users');
  await expect(page.getByTestId('users-table').locator('tr[data-user-id="2"]')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByLabel('Search users')).toBeVisible();
  await clearFaults(request);
  expect((await seen()).tableWithoutSearch, 'the table was shown before the search field').toBe(false);
});

test('a viewer sees No access on the admin pages and no Admin link', async ({ page }) => {
  // What bob may see depends on the roles, which load after the login: check once they show.
  // The permission catalogue loads last (after the user and the roles).
  let roles = replyShown(page, '/api/rest/v1/authorization/permissions');
  await loginAs(page, 'bob');
  await expectHeader(page);
  await roles;
  // On CHORUS bob's WorkspaceGuest lists users, but no admin page is open to him (users need
  // manageUserRoles, roles manageDynamicRoles or manageUsersInWorkspace): no Admin link, no
  // dead end, on either flavor.
  await expect(navLink(page, 'Admin')).toHaveCount(0);
  for (const path of ['/admin/users', '/admin/roles']) {
    const dataRequests: string[] = [];
    const watch = (r: import('@playwright/test').Request) => {
      const u = new URL(r.url());
      // The page's own data (the permission catalogue is the app's: every check needs it).
      if (u.pathname === '/api/rest/v1/users') {
        dataRequests.push(u.pathname);
      }
    };
    page.on('request', watch);
    roles = replyShown(page, '/api/rest/v1/authorization/roles');
    await page.goto(path);
    await expect(page.getByRole('heading', { name: 'No access', exact: true })).toBeVisible();
    await roles;
    await expect(page.getByRole('link', { name: /workspaces/i }).last()).toHaveAttribute('href', '/workspaces');
    await expect(page.getByTestId('permission-matrix')).toHaveCount(0);
    await expect(page.getByTestId('users-table')).toHaveCount(0);
    await expectNoA11yViolations(page);
    page.off('request', watch);
    expect(dataRequests, `${path} fetched its data`).toEqual([]);
  }
});

test('the API refuses a viewer with 403', async ({ request, flavor }) => {
  await apiLogin(request, 'bob');
  if (flavor === 'chorus') {
    // CHORUS's WorkspaceGuest may list users, not search them (searchUsers).
    expect((await request.get('/api/rest/v1/users?pagination.limit=10')).status()).toBe(200);
    const r = await request.get('/api/rest/v1/users?filter.search=a&pagination.limit=10');
    expect(r.status()).toBe(403);
    return;
  }
  const r = await request.get('/api/rest/v1/users');
  expect(r.status()).toBe(403);
});

// A narrow screen: tables scroll inside their box, the page never sideways (visually hidden text
// in a cell once escaped the box and widened the users page to 708 px at 375).
test('at 375 px wide the pages with tables do not scroll sideways', async ({ page, flavor }) => {
  await page.setViewportSize({ width: 375, height: 700 });
  await loginAs(page, 'admin');
  const pages = [
    ['/admin/users', 'users-table'],
    [`/workspaces/${WORKSPACES.demo.id}`, 'workbench-table'],
    ['/admin/roles', 'permission-matrix'],
  ];
  // No job service on CHORUS: no runs table.
  if (flavor !== 'chorus') pages.push(['/activity', 'runs-table']);
  for (const [path, table] of pages) {
    await page.goto(path);
    await expect(page.getByTestId(table)).toBeVisible();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, `the document's width on ${path}`).toBeLessThanOrEqual(375);
  }
});
