import { expect, test } from './fixtures';
import {
  LOGIN_URL,
  WORKSPACES,
  appRequestsSettled,
  clearFaults,
  expectHeader,
  expectNoA11yViolations,
  expectNoRawJsonOrBlank,
  expireLogins,
  loginAs,
  navLink,
  nextParam,
  pathIs,
  resetServer,
  setFaults,
  trackAppRequests,
  visibleAlert,
  workspaceLink,
  type Faults,
} from './helpers';

// Error replies of the backend as the user sees them (api.md "Conventions"; ui.md "Behaviour the
// tests check": a malformed or unexpected reply shows an error where the data would be, the rest of
// the app keeps working; 401 returns to the login page and back).

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

const WORKSPACES_API = '/api/rest/v1/workspaces';

// alertText: what the alert must say. The dev server's injected 500 carries the CHORUS message
// "injected fault: internal error (devserver --error-rate)", which the app shows.
const faultCases: { name: string; faults: Faults; alertText: RegExp[] }[] = [
  { name: 'a 500 with a CHORUS error body', faults: { errorRate: 1 }, alertText: [/500/, /injected fault/] },
  { name: 'a 502 with a proxy HTML page', faults: { htmlErrorRate: 1 }, alertText: [/502/] },
  // The app says it could not read the reply: any words will do, as long as it says something.
  { name: 'a JSON body cut in half', faults: { malformedRate: 1 }, alertText: [/\S/] },
];

for (const { name, faults, alertText } of faultCases) {
  test(`the workspaces list shows ${name} as an alert, keeps the header, and Retry recovers`, async ({
    page,
    request,
  }) => {
    await page.goto('/login');
    await loginAs(page, 'admin');
    await expect(page).toHaveURL(pathIs('/workspaces'));
    await expect(workspaceLink(page, WORKSPACES.demo.name)).toBeVisible();

    await setFaults(request, { ...faults, pathPrefix: WORKSPACES_API });
    await page.reload();

    const alert = visibleAlert(page, alertText[0]).first();
    await expect(alert).toBeVisible();
    for (const text of alertText) await expect(alert).toContainText(text);
    await expect(workspaceLink(page, WORKSPACES.demo.name)).toHaveCount(0);
    await expectHeader(page);
    await expectNoRawJsonOrBlank(page);
    await expectNoA11yViolations(page);

    await clearFaults(request);
    await alert.getByRole('button', { name: 'Retry', exact: true }).click();
    await expect(workspaceLink(page, WORKSPACES.demo.name)).toBeVisible();
    await expect(workspaceLink(page, WORKSPACES.imaging.name)).toBeVisible();
    await expect(visibleAlert(page)).toHaveCount(0);
    await expectNoA11yViolations(page);
  });
}

test('an expired login found while navigating in the app returns to the login page and back', async ({
  page,
  request,
}) => {
  // Its streams stay open while it is signed in.
  const waiting = trackAppRequests(page, { streams: false });
  await page.goto('/login');
  await loginAs(page, 'admin');
  await expect(workspaceLink(page, WORKSPACES.demo.name)).toBeVisible();
  // The header comes after the page's heading, and its feeds ask at once: a reply of theirs
  // after the expiry would find it before the navigation does (CI found that race).
  await expectHeader(page);
  await appRequestsSettled(waiting);

  await expireLogins(request);
  await workspaceLink(page, WORKSPACES.demo.name).click();

  await expect(page).toHaveURL(LOGIN_URL);
  await expect.poll(() => nextParam(page)).toBe('/workspaces/1');
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  await expectNoRawJsonOrBlank(page);
  await expectNoA11yViolations(page);

  await loginAs(page, 'admin');
  await expect(page).toHaveURL(pathIs('/workspaces/1'));
  await expect(page.getByTestId('workbench-table')).toBeVisible();
  await expectHeader(page);
});

test('an expired login found on reload returns to the login page and back', async ({ page, request }) => {
  await page.goto('/login');
  await loginAs(page, 'admin');
  await workspaceLink(page, WORKSPACES.demo.name).click();
  await expect(page).toHaveURL(pathIs('/workspaces/1'));
  await expect(page.getByTestId('workbench-table')).toBeVisible();
  await navLink(page, 'Workspaces').click();
  await expect(page).toHaveURL(pathIs('/workspaces'));
  await expect(workspaceLink(page, WORKSPACES.demo.name)).toBeVisible();

  await expireLogins(request);
  await page.reload();

  await expect(page).toHaveURL(LOGIN_URL);
  await expect.poll(() => nextParam(page)).toBe('/workspaces');
  await expectNoRawJsonOrBlank(page);

  await loginAs(page, 'admin');
  await expect(page).toHaveURL(pathIs('/workspaces'));
  await expect(workspaceLink(page, WORKSPACES.demo.name)).toBeVisible();
  await expectNoA11yViolations(page);
});
