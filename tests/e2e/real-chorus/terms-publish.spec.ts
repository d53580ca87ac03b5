import { expect, test } from '@playwright/test';
import { NOT_READY, READY, USER, PASSWORD, call, result, tokenOf } from './chorus-api';

// On a running CHORUS: its acceptance names no version and records whichever is published when
// it arrives (fixtures/chorus/terms_publish.json). A researcher reads the terms, the steward
// publishes another version meanwhile, and `Accept` shows the new one instead of accepting it
// unseen; read, it is accepted. Then a version published while she is elsewhere is hers to
// accept on `/terms`, never said to be accepted. Leaves behind a user `tp<time>` and three
// published versions (`Terms tp<time> A`, `… B`, `… C`: the last one stays published, accepted
// by the steward).

test.skip(!READY, NOT_READY);

test('a version published while a researcher reads the terms is shown before it is accepted', async ({ page, request }) => {
  const stamp = Date.now().toString(36);
  const steward = await tokenOf(request, USER, PASSWORD);
  const username = `tp${stamp}`;
  const password = `${username}-Pw1!`;
  await call(request, steward, 'POST', '/users', {
    username,
    firstName: 'Tara',
    lastName: 'Terms',
    email: `${username}@example.org`,
    password,
    source: 'internal',
    status: 'active',
  });
  const publish = async (content: string): Promise<string> => {
    const made = (await call(request, steward, 'POST', '/terms-of-use/versions', { content })) as {
      result: { termsOfUseVersion: { id: string } };
    };
    const id = made.result.termsOfUseVersion.id;
    await call(request, steward, 'POST', `/terms-of-use/versions/${id}/publish`, {});
    return id;
  };
  await publish(`# Terms ${stamp} A\n\nThe first text.`);

  await page.goto('/login');
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  const box = page.getByRole('checkbox', { name: 'I have read and accept these terms' });
  await expect(box).toBeVisible({ timeout: 20_000 });
  // CHORUS keeps the published version a second: the page may have read it just before.
  await expect(async () => {
    await page.reload();
    await expect(page.locator('.markdown h2')).toHaveText(`Terms ${stamp} A`, { timeout: 3_000 });
  }).toPass({ timeout: 20_000 });

  // Published while Tara reads version A.
  await publish(`# Terms ${stamp} B\n\nThe second text.`);
  await box.check();
  await page.getByRole('button', { name: 'Accept', exact: true }).click();
  const notice = page.getByTestId('terms-changed');
  await expect(notice).toContainText('The terms of use changed while you read them');
  await expect(page.locator('.markdown h2')).toHaveText(`Terms ${stamp} B`);
  await expect(box).not.toBeChecked();
  // Nothing accepted: CHORUS says so (past its one-second cache of the status).
  const tara = await tokenOf(request, username, password);
  const status = async () =>
    ((await result(request, tara, 'GET', '/terms-of-use/acceptances/status')) as { status: { accepted: boolean } }).status.accepted;
  expect(await status()).toBe(false);

  // Read, version B is accepted, and the console opens.
  await box.check();
  await page.getByRole('button', { name: 'Accept', exact: true }).click();
  await expect(box).toHaveCount(0, { timeout: 15_000 });
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect.poll(status, { timeout: 10_000 }).toBe(true);

  // `/terms` says "accepted" only of a version Tara accepted: version C, published while she is
  // elsewhere and reached by the browser's Back (the console's own navigation, within the 30 s
  // the gate's last answer is kept), is hers to accept, not said to be accepted.
  await page.goto('/terms');
  await expect(page.getByText('You have accepted these terms of use.')).toBeVisible({ timeout: 15_000 });
  await expect(page.locator('.markdown h2')).toHaveText(`Terms ${stamp} B`);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Workspaces', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Workspaces', level: 1 })).toBeVisible();
  await publish(`# Terms ${stamp} C\n\nThe third text.`);
  await page.goBack();
  await expect(box).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText('You have accepted these terms of use.')).toHaveCount(0);
  // CHORUS keeps the published version a second: B may show first, then `Accept` shows C.
  await box.check();
  await page.getByRole('button', { name: 'Accept', exact: true }).click();
  await expect(page.getByText('You have accepted these terms of use.').or(notice)).toBeVisible({ timeout: 15_000 });
  if (await notice.isVisible()) {
    await expect(page.locator('.markdown h2')).toHaveText(`Terms ${stamp} C`);
    await box.check();
    await page.getByRole('button', { name: 'Accept', exact: true }).click();
  }
  await expect(page.getByText('You have accepted these terms of use.')).toBeVisible({ timeout: 15_000 });
  await expect(page.locator('.markdown h2')).toHaveText(`Terms ${stamp} C`);
  await expect.poll(status, { timeout: 10_000 }).toBe(true);
  // The steward accepts version C too, as the other walks sign in without terms to accept.
  await call(request, steward, 'POST', '/terms-of-use/acceptances', {});
});
