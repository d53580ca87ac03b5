import type { APIRequestContext } from '@playwright/test';
import { expect, test } from './fixtures';
import { USERS, WORKSPACES, apiLogin, loginAs, resetServer } from './helpers';

// Issue 45: a workspace edit keeps its settings. CHORUS's `PUT /workspaces` sets every setting
// from the body and resets one left out (api.md, "Workspace settings beyond name…"): one rename
// without them turned a running CHORUS's `FQDNAllowlist`/`["pypi.org"]`/`both`/public/contact
// into `Airgapped`/`[]`/`disabled`/private/none. The dev server's chorus flavor does the same;
// the seed's Genomics has these settings (devserver/README.md, "Demo data").

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

const GENOMICS = WORKSPACES.genomics;

/** The seed's Genomics, as CHORUS spells its settings. */
const SETTINGS = {
  networkPolicy: 'FQDNAllowlist',
  allowedFqdns: ['pypi.org'],
  clipboard: 'both',
  visibility: 'WORKSPACE_VISIBILITY_PUBLIC',
  contactUserId: USERS.alice.id,
  isMain: false,
};

type WorkspaceReply = { result: { workspace: Record<string, unknown> } };

/** Genomics's name and settings as the API has them. */
async function genomics(request: APIRequestContext): Promise<Record<string, unknown>> {
  const r = await request.get(`/api/rest/v1/workspaces/${GENOMICS.id}`);
  expect(r.status(), await r.text()).toBe(200);
  const w = ((await r.json()) as WorkspaceReply).result.workspace;
  const { name, networkPolicy, allowedFqdns, clipboard, visibility, contactUserId, isMain } = w;
  return { name, networkPolicy, allowedFqdns, clipboard, visibility, contactUserId, isMain };
}

test('renaming a workspace keeps its network policy, allowed hosts, clipboard, visibility and contact', async ({
  page,
  request,
}) => {
  await apiLogin(request, 'admin');
  expect(await genomics(request)).toEqual({ name: GENOMICS.name, ...SETTINGS });
  await loginAs(page, 'admin');
  await page.goto(`/workspaces/${GENOMICS.id}`);
  await expect(page.getByRole('heading', { level: 1, name: GENOMICS.name })).toBeVisible();
  const sent: unknown[] = [];
  page.on('request', (r) => {
    if (r.method() === 'PUT' && new URL(r.url()).pathname === '/api/rest/v1/workspaces') sent.push(r.postDataJSON());
  });
  await page.getByRole('button', { name: 'Edit workspace', exact: true }).click();
  await page.getByLabel('Name', { exact: true }).fill('Genomics Core');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Genomics Core' })).toBeVisible();
  // Every setting went back as read, with the status.
  expect(sent).toHaveLength(1);
  expect(sent[0]).toMatchObject({ id: GENOMICS.id, name: 'Genomics Core', status: 'WORKSPACE_STATUS_ACTIVE', ...SETTINGS });
  // And the backend still has them (CHORUS serves a workspace from a one-second cache).
  await expect.poll(() => genomics(request)).toEqual({ name: 'Genomics Core', ...SETTINGS });
});
