import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { WORKSPACES, expectNoA11yViolations, loginAs, pathIs, resetServer } from './helpers';

// The condition timeline, session phase and the reasons explained in words (ui.md "condition
// timeline", "session phase"; api.md "Reasons the UI must explain"), against the dev server's
// seeded sessions (devserver/README.md "Demo data" and "Scenarios"; the e2e server runs at speed 5).

const HOSTILE_NAME = '<img src=x onerror=alert(1)> hostile';

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

type WorkbenchSummary = { id: string; name: string };

/** The id of a seeded session of workspace Demo, through the page's (logged-in) request context. */
async function sessionId(page: Page, name: string): Promise<string> {
  const response = await page.request.get('/api/rest/v1/workbenches', {
    params: { 'filter.workspaceIdsIn': WORKSPACES.demo.id, 'pagination.limit': '100' },
  });
  expect(response.status(), 'GET /api/rest/v1/workbenches').toBe(200);
  const body = (await response.json()) as { result: { workbenches: WorkbenchSummary[] } };
  const found = body.result.workbenches.find((w) => w.name === name);
  expect(found, `the seeded session "${name}"`).toBeTruthy();
  return found!.id;
}

/** Logs in as admin and opens a seeded session's page. */
async function openSession(page: Page, name: string): Promise<string> {
  await loginAs(page, 'admin');
  const id = await sessionId(page, name);
  const path = `/workspaces/${WORKSPACES.demo.id}/sessions/${id}`;
  await page.goto(path);
  await expect(page).toHaveURL(pathIs(path));
  return id;
}

/**
 * The condition timeline of the page. If the page keeps it behind a toggle (a collapsed details
 * panel), opens it.
 */
async function conditionTimeline(page: Page): Promise<Locator> {
  const timeline = page.getByTestId('condition-timeline').first();
  try {
    await timeline.waitFor({ state: 'attached', timeout: 8_000 });
  } catch {
    const toggle = page
      .getByRole('button', { name: /details|conditions|timeline/i })
      .or(page.locator('summary').filter({ hasText: /details|conditions|timeline/i }))
      .first();
    if ((await toggle.count()) > 0) await toggle.click();
  }
  await expect(timeline).toBeAttached({ timeout: 20_000 });
  return timeline;
}

function conditionRow(timeline: Locator, type: string): Locator {
  return timeline.locator(`li[data-condition-type="${type}"]`);
}

test('the "Missing secret" session shows SecretsReady False, waiting for the secret', async ({ page }) => {
  await openSession(page, 'Missing secret');
  const timeline = await conditionTimeline(page);
  await expect(timeline).toHaveAttribute('aria-label', 'Condition timeline');

  const secrets = conditionRow(timeline, 'SecretsReady');
  await expect(secrets).toHaveAttribute('data-status', 'False', { timeout: 20_000 });
  await expect(secrets).toContainText('Secrets ready');
  await expect(secrets).toContainText('SecretNotFound');
  await expect(secrets).toContainText("Secret 'ambient-runner-secrets' not found");
  // Transient: waiting and retrying, not failed; the hint names the secret.
  await expect(secrets).toContainText(/waiting, retrying/i);
  await expect(secrets).not.toContainText('Failed');
  await expect(secrets).toContainText(/Secret 'ambient-runner-secrets' is missing/);
  // When it changed: a <time> with the exact time on hover.
  const time = secrets.locator('time').first();
  await expect(time).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  await expect(time).toHaveAttribute('title', /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);

  await expect(conditionRow(timeline, 'PVCReady')).toHaveAttribute('data-status', 'True');
  await expect(page.getByTestId('session-phase').first()).toContainText('Pending');
  await expectNoA11yViolations(page);
});

test('the "Image pull failure" session shows the failure explained, with its hint', async ({ page }) => {
  await openSession(page, 'Image pull failure');
  const timeline = await conditionTimeline(page);

  const failed = conditionRow(timeline, 'Failed');
  await expect(failed).toHaveAttribute('data-status', 'True', { timeout: 30_000 });
  await expect(failed).toContainText('Failed');
  await expect(failed).toContainText('ImagePullBackOff');
  await expect(failed).toContainText('The desktop image could not be downloaded');
  await expect(failed).toContainText("Check that the image 'registry.example.org/desktop:1.4' exists");
  await expect(failed).toContainText(/press Retry/i);
  await expect(failed).not.toContainText(/retrying/i);

  const runner = conditionRow(timeline, 'RunnerStarted');
  await expect(runner).toHaveAttribute('data-status', 'False');
  await expect(runner).toContainText(/ImagePullBackOff|ErrImagePull/);

  await expect(page.getByTestId('session-phase').first()).toContainText('Failed');
  await expectNoA11yViolations(page);
});

test('the hostile session renders its texts as text', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  // Hostile data is the test's own (the demo seed shows a newcomer none).
  const made = await page.request.post('/api/dev/sessions/hostile', {
    data: { workspaceId: WORKSPACES.demo.id },
  });
  expect(made.status(), 'POST /api/dev/sessions/hostile').toBe(200);
  await openSession(page, HOSTILE_NAME);
  const timeline = await conditionTimeline(page);

  const pvc = conditionRow(timeline, 'PVCReady');
  await expect(pvc).toContainText('<script>alert("xss")</script>');
  await expect(timeline.locator('script')).toHaveCount(0);
  await expect(timeline.locator('img')).toHaveCount(0);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);

  await expectNoA11yViolations(page);
  expect(dialogs, 'no script ran').toEqual([]);
});
