import type { Page } from '@playwright/test';
import { test, expect } from '../fixtures';
import { apiLogin, resetServer } from '../helpers';
import { axeEverywhere, pageShown, violationWords } from './run';

// Every dialog and inline form a button opens (and the header's panels), open, at 1280, 375 and
// 320 px, light and dark: no WCAG 2.2 A/AA violation (axe-core).

type Opened = { what: string; user: 'admin' | 'alice'; path: string; open: (page: Page) => Promise<void> };

const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true }).first();

async function press(page: Page, name: string, field: string): Promise<void> {
  await button(page, name).click();
  await expect(page.getByLabel(field, { exact: true }).first()).toBeVisible();
}

const OPENED: Opened[] = [
  { what: 'New workspace', user: 'admin', path: '/workspaces', open: (p) => press(p, 'New workspace', 'Short name') },
  { what: 'Edit workspace', user: 'admin', path: '/workspaces/1', open: (p) => press(p, 'Edit workspace', 'Short name') },
  { what: 'New session', user: 'alice', path: '/sessions', open: (p) => press(p, 'New session', 'Session name') },
  { what: 'Add member', user: 'admin', path: '/workspaces/1/members', open: (p) => press(p, 'Add member', 'Find a user') },
  { what: 'New role', user: 'admin', path: '/admin/roles', open: (p) => press(p, 'New role', 'Description') },
  { what: 'New user', user: 'admin', path: '/admin/users', open: (p) => press(p, 'New user', 'First name') },
  { what: 'New app', user: 'admin', path: '/admin/apps', open: (p) => press(p, 'New app', 'Image registry') },
  { what: 'New organization', user: 'admin', path: '/admin/organizations', open: (p) => press(p, 'New organization', 'City') },
  { what: 'New service', user: 'admin', path: '/workspaces/1/services', open: (p) => press(p, 'New service', 'Chart registry') },
  { what: 'New folder', user: 'alice', path: '/workspaces/1/data', open: (p) => press(p, 'New folder', 'Folder name') },
  {
    what: 'Request extraction',
    user: 'alice',
    path: '/workspaces/1/data',
    open: async (p) => {
      await p.locator('[data-testid="files-table"] input[type="checkbox"][aria-label^="Select "]').first().check();
      await press(p, 'Request extraction', 'Title');
    },
  },
  {
    what: 'Before you upload (dialog)',
    user: 'alice',
    path: '/workspaces/1/data',
    open: async (p) => {
      await p.locator('#files-to-upload').setInputFiles({ name: 'a11y.txt', mimeType: 'text/plain', buffer: Buffer.from('x') });
      await expect(p.getByRole('dialog', { name: 'Before you upload' })).toBeVisible();
    },
  },
  {
    what: 'Share (session)',
    // Alice may use session 1, not share it (no manageUsersInWorkbench on it): the admin may.
    user: 'admin',
    path: '/workspaces/1/sessions/1',
    open: (p) => press(p, 'Share', 'Find a user'),
  },
  {
    // The terms page after `Accept` found another version published (pages/terms.rs).
    what: 'Terms changed (notice)',
    user: 'alice',
    path: '/',
    open: async (p) => {
      expect((await p.request.put('/api/dev/terms', { data: { required: true } })).ok()).toBeTruthy();
      await p.goto('/');
      const box = p.getByRole('checkbox', { name: 'I have read and accept these terms' });
      await expect(box).toBeVisible();
      await expect(p.locator('.markdown h2').first()).toBeVisible();
      expect((await p.request.post('/api/dev/terms/publish', { data: {} })).ok()).toBeTruthy();
      await box.check();
      await button(p, 'Accept').click();
      await expect(p.getByTestId('terms-changed')).toBeVisible();
    },
  },
  {
    what: 'Notifications (header)',
    user: 'alice',
    path: '/workspaces',
    open: async (p) => {
      await p.getByRole('button', { name: /^Notifications/ }).first().click();
      await expect(p.getByRole('button', { name: 'Mark all read' }).or(p.getByText(/no notifications/i)).first()).toBeVisible();
    },
  },
];

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

for (const o of OPENED) {
  test(`${o.what} on ${o.path} (${o.user})`, async ({ page }) => {
    await apiLogin(page.request, o.user);
    await page.goto(o.path);
    await pageShown(page);
    await o.open(page);
    const record = await axeEverywhere(page, `${o.what} on ${o.path}`, o.user);
    const words = violationWords(record);
    expect(words, `WCAG violations with ${o.what} open on ${o.path} as ${o.user}:\n${words}`).toBe('');
  });
}
