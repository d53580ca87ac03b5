import { expect, test } from './fixtures';
import {
  LOGIN_URL,
  WORKSPACES,
  expectHeader,
  expectNoA11yViolations,
  expectNoRawJsonOrBlank,
  loginAs,
  pathIs,
  resetServer,
  setConfig,
  workspaceLink,
} from './helpers';

// Runtime configuration (/config.json, ui.md "Runtime configuration") and deep links on a fresh
// load (the server falls back to index.html).

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

const invalidConfigs: { name: string; config: Record<string, unknown> }[] = [
  { name: 'a string where a number belongs', config: { pollIntervalMs: 'fast' } },
  {
    name: 'wrong types in every field',
    config: {
      apiBaseUrl: 42,
      pollIntervalMs: 'fast',
      startTimeoutMs: [1, 2],
      backoffMaxMs: { ms: 5 },
      buildPollIntervalMs: true,
    },
  },
];

for (const { name, config } of invalidConfigs) {
  test(`an invalid /config.json (${name}) gives the defaults and a console warning`, async ({
    page,
    request,
  }) => {
    await setConfig(request, config);
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });

    await page.goto('/login');
    await loginAs(page, 'admin');
    await expect(page).toHaveURL(pathIs('/workspaces'));
    await expect(workspaceLink(page, WORKSPACES.demo.name)).toBeVisible();
    await expectHeader(page);
    await expectNoRawJsonOrBlank(page);

    // Still talks to the API at the site root (apiBaseUrl fell back to "").
    await workspaceLink(page, WORKSPACES.demo.name).click();
    await expect(page).toHaveURL(pathIs('/workspaces/1'));
    await expect(page.getByTestId('workbench-table')).toBeVisible();
    await expectNoA11yViolations(page);

    expect(warnings.filter((w) => /config/i.test(w)), 'a console warning about the config').not.toHaveLength(0);
  });
}

test('a deep link to a session on a fresh load gets the app, which loads /config.json from the root', async ({
  page,
  baseURL,
}) => {
  const requested: string[] = [];
  page.on('request', (r) => requested.push(r.url()));

  const response = await page.goto('/workspaces/1/sessions/1');
  expect(response?.status(), 'the server answers a deep route with index.html').toBe(200);
  expect(response?.headers()['content-type'] ?? '').toContain('text/html');

  await expect(page).toHaveURL(LOGIN_URL);
  await loginAs(page, 'admin');
  await expect(page).toHaveURL(pathIs('/workspaces/1/sessions/1'));
  await expectHeader(page);
  await expectNoRawJsonOrBlank(page);
  await expectNoA11yViolations(page);

  expect(requested, 'the app fetches /config.json at the site root').toContain(`${baseURL}/config.json`);
  expect(
    requested.filter((url) => url.endsWith('config.json') && url !== `${baseURL}/config.json`),
    'no /config.json relative to the route',
  ).toEqual([]);
});
