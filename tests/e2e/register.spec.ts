import { expect, test } from './fixtures';
import {
  currentSeq,
  expectNoA11yViolations,
  login,
  pathIs,
  requestsSince,
  resetServer,
  USERS,
} from './helpers';
import type { APIRequestContext, Page } from '@playwright/test';

// Creating one's own account (issue 60, part 6; ui.md "register"; api.md "Self-registration"),
// in both flavors: `/login` links to `/register` only where the internal mode has
// `publicRegistrationEnabled`; the password rule of `Change password` is said and checked
// before anything is sent; a taken username (CHORUS: a 500) is said in words; a new account
// opens `/login?username=<u>`, which says so, and signs in.

/** Self-registration on or off in the dev server (`PUT /api/dev/auth-modes`; reset: on). */
async function setRegistration(request: APIRequestContext, on: boolean): Promise<void> {
  const r = await request.put('/api/dev/auth-modes', { data: { registration: on } });
  expect(r.status(), await r.text()).toBe(200);
}

const GOOD_PASSWORD = 'Correct-horse-battery!';

async function fill(page: Page, fields: Record<string, string>): Promise<void> {
  for (const [label, value] of Object.entries(fields)) {
    await page.getByLabel(label, { exact: true }).fill(value);
  }
}

async function registerForm(page: Page, username: string, password = GOOD_PASSWORD, repeat = password) {
  await fill(page, {
    'First name': 'Rita',
    'Last name': 'Register',
    Username: username,
    Email: 'rita@example.org',
    Password: password,
    'Repeat password': repeat,
  });
}

/** The `POST /users` the dev server saw from `seq` on. */
async function userPosts(request: APIRequestContext, seq: number) {
  const { requests } = await requestsSince(request, seq);
  return requests.filter((r) => r.method === 'POST' && r.path === '/api/rest/v1/users');
}

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

test('the login page links to Create an account, which creates one that signs in', async ({ page }) => {
  await page.goto('/login');
  const link = page.getByRole('link', { name: 'Create an account' });
  await expect(link).toBeVisible();
  await link.click();
  await expect(page).toHaveURL(pathIs('/register'));
  await expect(page.getByRole('heading', { level: 1, name: 'Create an account' })).toBeVisible();
  await expect(page).toHaveTitle(/Create an account/);
  // The rule is said under the password before anything is typed.
  await expect(page.getByText('At least 14 characters, with a lowercase and an uppercase letter')).toBeVisible();
  await expectNoA11yViolations(page);

  await registerForm(page, 'rita');
  const seq = await currentSeq(page.request);
  await page.getByRole('button', { name: 'Create account', exact: true }).click();
  await expect(page).toHaveURL(/\/login\?username=rita$/);
  await expect(page.getByRole('status').filter({ hasText: 'Account created. Sign in.' })).toBeVisible();
  await expect(page.getByLabel('Username', { exact: true })).toHaveValue('rita');
  const posts = await userPosts(page.request, seq);
  expect(posts.map((p) => p.status)).toEqual([200]);

  await page.getByLabel('Password', { exact: true }).fill(GOOD_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).not.toHaveURL(/\/login/);
  const me = await page.request.get('/api/rest/v1/users/me');
  expect(me.status()).toBe(200);
  expect((await me.json()).result.me.username).toBe('rita');
});

test('the password rule is said and checked before anything is sent', async ({ page }) => {
  await page.goto('/register');
  await registerForm(page, 'rita', 'short');
  const seq = await currentSeq(page.request);
  await page.getByRole('button', { name: 'Create account', exact: true }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'The account was not created' });
  await expect(alert).toContainText(
    'The password needs at least 14 characters, an uppercase letter and a special character such as ! or %.',
  );
  await expect(page.getByLabel('Password', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  // Focus is on the first field said to be wrong.
  await expect(page.getByLabel('Password', { exact: true })).toBeFocused();

  // A repeat that differs is said too.
  await fill(page, { Password: GOOD_PASSWORD, 'Repeat password': `${GOOD_PASSWORD}x` });
  await page.getByRole('button', { name: 'Create account', exact: true }).click();
  await expect(alert).toContainText('The repeated password is not the same as the password.');
  await expect(alert).not.toContainText('14 characters');
  await expect(page).toHaveURL(pathIs('/register'));
  expect(await userPosts(page.request, seq)).toEqual([]);
});

test('a taken username is said in words', async ({ page, flavor }) => {
  await page.goto('/register');
  await registerForm(page, USERS.alice.username);
  const seq = await currentSeq(page.request);
  await page.getByRole('button', { name: 'Create account', exact: true }).click();
  await expect(page.getByTestId('register-refused')).toContainText(
    `The username ${USERS.alice.username} is already taken. Choose another one.`,
  );
  // CHORUS answers a taken username with a 500, our dev server with a 409.
  const posts = await userPosts(page.request, seq);
  expect(posts.map((p) => p.status)).toEqual([flavor === 'chorus' ? 500 : 409]);
  await expect(page).toHaveURL(pathIs('/register'));
  await expect(page.getByLabel('Username', { exact: true })).toHaveValue(USERS.alice.username);
  await expect(page.getByLabel('Username', { exact: true })).toBeFocused();
});

test('where registration is off, the login page has no link and /register says so', async ({ page }) => {
  await setRegistration(page.request, false);
  await page.goto('/login');
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Create an account' })).toHaveCount(0);

  await page.goto('/register');
  const off = page.getByTestId('registration-off');
  await expect(off).toContainText('This platform does not let people create their own accounts.');
  await expect(page.getByRole('button', { name: 'Create account' })).toHaveCount(0);
  await expect(page.getByLabel('Username', { exact: true })).toHaveCount(0);
  await off.getByRole('link', { name: 'sign in' }).click();
  await expect(page).toHaveURL(pathIs('/login'));
  await login(page, USERS.alice.username, USERS.alice.password);
});
