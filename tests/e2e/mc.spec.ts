import { expect, test } from './fixtures';
import { WORKSPACES, apiLogin, resetServer, setSpeed } from './helpers';

// The header indicator against an mc-server-manager-like job service (the dev server's
// `--jobs mc`, project `mc`): UUID ids, project slugs, starts answering 202, `run-log` events on
// the run stream (ignored), a keep-alive every 25 s.

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

test('a run of a project slug shows in the indicator by its slug, with its UUID on the page', async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  // Pending 4 s, then running until stopped.
  await setSpeed(request, 0.5);
  await apiLogin(page.request, 'admin');
  await page.goto('/activity');
  const indicator = page.getByTestId('activity-indicator');
  await expect(page.getByTestId('runs-table')).toBeVisible({ timeout: 15_000 });
  await expect(indicator).toHaveText('Idle');

  // Started elsewhere (another client of the job service): the run stream brings it.
  const started = await request.post('/api/projects/demo-server/run', { data: {} });
  expect(started.status(), 'mc answers a start with 202').toBe(202);
  const run = ((await started.json()) as { run: { id: string; projectId: string } }).run;
  expect(run.id).toMatch(UUID);
  expect(run.projectId).toBe('demo-server');

  await expect(indicator).toContainText('Starting server…', { timeout: 10_000 });
  await expect(indicator).toContainText('Server running (demo-server)', { timeout: 20_000 });
  const row = page.getByTestId('runs-table').locator(`tr[data-run-id="${run.id}"]`);
  await expect(row).toContainText('demo-server');
  await expect(row).toHaveAttribute('data-status', 'running');

  // Stopping it from the page: the reply and the stream agree.
  await row.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(indicator).toContainText('Stopping server…', { timeout: 10_000 });
  await expect(indicator).toHaveText('Idle', { timeout: 30_000 });
});

test('a build started from the page is accepted (202) and followed to the end', async ({ page, request }) => {
  test.setTimeout(90_000);
  await setSpeed(request, 0.5);
  await apiLogin(page.request, 'admin');
  await page.goto('/activity');
  const indicator = page.getByTestId('activity-indicator');
  await expect(page.getByTestId('builds-table')).toBeVisible({ timeout: 15_000 });
  const row = page
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: WORKSPACES.demo.name, exact: true }) })
    .filter({ has: page.getByRole('button', { name: 'Start build', exact: true }) });
  await row.getByRole('button', { name: 'Start build', exact: true }).click();
  await expect(indicator).toContainText(/Build queued…|Building \(Demo\)/, { timeout: 10_000 });
  await expect(indicator).toContainText('Building (Demo)', { timeout: 20_000 });
  const build = page.getByTestId('builds-table').locator('tbody tr[data-status="running"]');
  await expect(build).toHaveCount(1);
  expect(await build.getAttribute('data-build-id')).toMatch(UUID);
  await expect(indicator).toHaveText('Idle', { timeout: 40_000 });
});
