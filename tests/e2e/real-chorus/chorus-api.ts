import { expect, type APIRequestContext, type Page } from '@playwright/test';

// What the walks on a running CHORUS share (real-chorus.config.ts; not a spec itself): the
// backend and the steward's login from the environment, CHORUS's REST API called directly to
// set the scene, and a sign-in through the console that accepts the terms when they wait.

export const CHORUS = process.env.CHORUS_URL ?? '';
export const USER = process.env.CHORUS_USER ?? '';
export const PASSWORD = process.env.CHORUS_PASSWORD ?? '';
export const LOGIN_URL = /\/login(?:[?#].*)?$/;
/** Why a walk is skipped: `test.skip(!READY, NOT_READY)`. */
export const READY = Boolean(CHORUS && USER && PASSWORD);
export const NOT_READY = 'CHORUS_URL, CHORUS_USER and CHORUS_PASSWORD are not all set';

export type Json = Record<string, unknown>;

/** `method path` on CHORUS's REST API as `token`'s user; fails unless 200; the whole reply. */
export async function call(request: APIRequestContext, token: string, method: string, path: string, data?: unknown): Promise<Json> {
  const r = await request.fetch(`${CHORUS}/api/rest/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}` },
    data,
  });
  expect(r.status(), `${method} ${path}: ${await r.text()}`).toBe(200);
  return (await r.json()) as Json;
}

/** [`call`]'s `result`. */
export async function result(request: APIRequestContext, token: string, method: string, path: string, data?: unknown): Promise<Json> {
  return (await call(request, token, method, path, data)).result as Json;
}

/** A token of `username` (CHORUS's password login). */
export async function tokenOf(request: APIRequestContext, username: string, password: string): Promise<string> {
  const r = await request.post(`${CHORUS}/api/rest/v1/authentication/login`, { data: { username, password } });
  expect(r.status(), await r.text()).toBe(200);
  return ((await r.json()) as { result: { token: string } }).result.token;
}

/** A workspace the steward makes (`name`, `shortName`, `description`) with a session in it for
 * each of `sessions` (the names), in order: each session is made with a new login, retried
 * until CHORUS takes it (the steward's role in the new workspace reaches a token only past
 * CHORUS's one-second user cache). The workspace's id and the sessions'. */
export async function workspaceWithSessions(
  request: APIRequestContext,
  workspace: { name: string; shortName: string; description: string },
  sessions: string[],
): Promise<{ wsId: string; sessionIds: string[] }> {
  const steward = await tokenOf(request, USER, PASSWORD);
  const ws = (await call(request, steward, 'POST', '/workspaces', workspace)) as { result: { workspace: { id: string } } };
  const wsId = ws.result.workspace.id;
  const sessionIds: string[] = [];
  for (const name of sessions) {
    await expect(async () => {
      const token = await tokenOf(request, USER, PASSWORD);
      const made = (await call(request, token, 'POST', '/workbenches', {
        tenantId: '1',
        workspaceId: wsId,
        name,
        initialResolutionWidth: 1280,
        initialResolutionHeight: 720,
      })) as { result: { workbench: { id: string } } };
      sessionIds.push(made.result.workbench.id);
    }).toPass({ timeout: 15_000 });
  }
  return { wsId, sessionIds };
}

/** Signs in through the console's login page, accepting the terms of use when they wait. */
export async function signIn(page: Page, user: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Username', { exact: true }).fill(user);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).not.toHaveURL(LOGIN_URL);
  const box = page.getByRole('checkbox', { name: 'I have read and accept these terms' });
  const main = page.getByRole('navigation', { name: 'Main' });
  await expect(box.or(main).first()).toBeVisible({ timeout: 20_000 });
  if (await box.isVisible()) {
    await box.check();
    await page.getByRole('button', { name: 'Accept', exact: true }).click();
    await expect(box).toHaveCount(0, { timeout: 15_000 });
  }
}
