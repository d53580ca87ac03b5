import type { APIRequestContext, Page, Request } from '@playwright/test';

import { expect, test } from '../fixtures';
import { WORKSPACES, apiLogin, loginAs, resetServer } from '../helpers';

// Issue 55, point 4: a service's secrets are never fetched without a click. The start-up memory
// of a page load's GETs (`console.startGets`, src/domain/start_gets.rs) is replayed by the next
// load of the page before the app starts (scripts/finish-dist.cjs): it keeps, and the start-up
// script sends, only lists and catalogues (its REPLAYED), never `/secrets` nor anything else.
// Both flavors. Requests are observed, never intercepted.

const DEMO = WORKSPACES.demo.id;
const SERVICES = '/api/rest/v1/workspace-service-instances';
const PAGE = `/workspaces/${DEMO}/services`;
const START_GETS = 'console.startGets';

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

/** A PostgreSQL service in Demo (named apart from the default flavor's own `postgres`), made through the API as wendy (Demo's admin); its id. */
async function addService(request: APIRequestContext): Promise<string> {
  await apiLogin(request, 'wendy');
  const r = await request.post(SERVICES, {
    data: {
      workspaceId: DEMO,
      name: 'replay-pg',
      state: 'Running',
      chartRegistry: 'harbor.int.chorus-tre.ch',
      chartRepository: 'services/postgres',
      chartTag: '0.0.4',
      valuesOverrideJson: '{}',
    },
  });
  expect(r.status(), await r.text()).toBe(200);
  return String(
    ((await r.json()) as { result: { workspaceServiceInstance: { id: string | number } } }).result.workspaceServiceInstance.id,
  );
}

/** Every request the page sends from now on, by path (`page.on('request')`: observed only). */
function watch(page: Page): string[] {
  const sent: string[] = [];
  page.on('request', (r: Request) => sent.push(new URL(r.url()).pathname));
  return sent;
}

/** What this page's load asked first, as kept (empty when nothing is). */
async function kept(page: Page, path: string): Promise<string[]> {
  return page.evaluate(
    ([key, path]) => {
      const list = JSON.parse(localStorage.getItem(key) || '[]') as [string, string[]][];
      return (Array.isArray(list) ? list.find((e) => e[0] === path)?.[1] : undefined) ?? [];
    },
    [START_GETS, path],
  );
}

/** Waits until the operator has made service `id`'s secret (the dev server's runs it `Running`
 * after its start, `{}` before): the page's `Show secrets` must then show entries, whenever in
 * the load it is clicked. Asked through the API, never by the page. */
async function secretMade(request: APIRequestContext, id: string): Promise<void> {
  await expect
    .poll(
      async () => {
        const r = await request.get(`${SERVICES}/${id}/secrets`);
        if (r.status() !== 200) return 0;
        return Object.keys(((await r.json()) as { result: { secrets?: object } }).result.secrets ?? {}).length;
      },
      { message: `the secret of service ${id}`, timeout: 30_000 },
    )
    .toBeGreaterThan(0);
}

function postgres(page: Page) {
  return page.getByTestId('services-table').locator('tr[data-service-id]').filter({ hasText: 'replay-pg' });
}

test('secrets shown in the first seconds of a load are not asked again by the next load before a click', async ({
  page,
  request,
}) => {
  // A secret that exists before the load: one shown as `no secret yet` would not be the list
  // the test waits for (the click comes seconds after the create, under 5 s on a quick run).
  await secretMade(request, await addService(request));
  await loginAs(page, 'wendy');
  // The load whose GETs are kept (the first of this page): Show secrets at once, while the
  // list is being made (until 3 s after the sign-in check).
  await page.goto(PAGE);
  await postgres(page).getByRole('button', { name: 'Show secrets', exact: true }).click();
  await expect(postgres(page).getByTestId('service-secrets')).toBeVisible();
  await expect.poll(() => kept(page, PAGE), { message: 'the GETs of that load, kept' }).toContain('/api/rest/v1/users/me');
  expect((await kept(page, PAGE)).filter((u) => u.includes('/secrets'))).toEqual([]);

  // The next load: nothing asks for the secrets until Show secrets is clicked.
  const sent = watch(page);
  await page.reload();
  await expect(postgres(page).getByRole('button', { name: 'Show secrets', exact: true })).toBeVisible();
  await expect(postgres(page).getByTestId('service-status')).toBeVisible();
  expect(sent.filter((p) => p.endsWith('/secrets')), 'a secrets request before any click').toEqual([]);
  expect(sent, 'the load did ask its lists').toContain('/api/rest/v1/users/me');
  await postgres(page).getByRole('button', { name: 'Show secrets', exact: true }).click();
  await expect(postgres(page).getByTestId('service-secrets')).toBeVisible();
  expect(sent.filter((p) => p.endsWith('/secrets'))).toHaveLength(1);
});

test('a kept list naming other reads (an older console, a hand) sends only its lists and catalogues', async ({
  page,
  request,
}) => {
  const id = await addService(request);
  await loginAs(page, 'wendy');
  await page.goto(PAGE);
  await expect(postgres(page)).toBeVisible();
  const allowed = ['/api/rest/v1/users/me', `${SERVICES}?filter.workspaceIdsIn=${DEMO}`, '/api/rest/v1/authorization/roles'];
  const others = [
    `${SERVICES}/${id}/secrets`,
    `${SERVICES}/${id}`,
    `/api/rest/v1/audit/workspaces/${DEMO}`,
    `/api/rest/v1/workspaces/${DEMO}/file/disk/raw/notes.txt`,
    '/api/rest/v1/devstore/user',
  ];
  await page.evaluate(
    ([key, path, urls]) => localStorage.setItem(key, JSON.stringify([[path, urls]])),
    [START_GETS, PAGE, [...others, ...allowed]] as const,
  );
  // What the start-up script leaves for the app (window.__consoleEarly), noted as it is set.
  await page.addInitScript(() => {
    let early: unknown;
    Object.defineProperty(window, '__consoleEarly', {
      configurable: true,
      get: () => early,
      set: (v) => {
        early = v;
        if (v) (window as unknown as { earlySent: string[] }).earlySent = Object.keys(v);
      },
    });
  });
  const sent = watch(page);
  await page.reload();
  await expect(postgres(page).getByRole('button', { name: 'Show secrets', exact: true })).toBeVisible();
  const early = await page.evaluate(() => (window as unknown as { earlySent?: string[] }).earlySent ?? null);
  expect(early, 'what the start-up script sent').toEqual(allowed);
  expect(sent.filter((p) => p.endsWith('/secrets') || p.includes('/audit') || p.includes('/file/'))).toEqual([]);
});
