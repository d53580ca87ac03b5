import type { APIRequestContext, FrameLocator, Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  USERS,
  WORKSPACES,
  appHeader,
  currentSeq,
  expectNoA11yViolations,
  loginAs,
  requestsSince,
  resetServer,
  setConfig,
  setScenario,
} from './helpers';
import { getOf } from './waits';

// The desktop tuned to the researcher, within the workspace's policy (issues 55.2 and 59): the
// desktop's address carries the Xpra client's parameters (api.md, "The desktop's parameters"),
// its frame only the permissions the workspace (clipboard) and the deployment
// (`desktopFileTransfer`) allow, and nothing reconnects by itself. The dev server's stand-in
// desktop shows the parameters it was given (`stream-param-<name>`) and its load number.

const DEMO = WORKSPACES.demo.id; // clipboard `disabled` (the default)
const GENOMICS = WORKSPACES.genomics.id; // clipboard `both`
const MAC_UA =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

/** A healthy session of the admin's in `workspaceId`; its id. */
async function createIn(page: Page, workspaceId: string, name: string): Promise<string> {
  await setScenario(page.request, 'healthy');
  const response = await page.request.post('/api/rest/v1/workbenches', {
    data: { tenantId: '1', userId: USERS.admin.id, workspaceId, name, status: 'active' },
  });
  expect(response.status(), 'POST /api/rest/v1/workbenches').toBe(200);
  return String(((await response.json()) as { result: { workbench: { id: string } } }).result.workbench.id);
}

const frameOf = (page: Page, id: string): Locator => page.locator(`iframe.pooled-desktop[data-session-id="${id}"]`);
const inside = (page: Page, id: string): FrameLocator => page.frameLocator(`iframe.pooled-desktop[data-session-id="${id}"]`);
const param = (page: Page, id: string, name: string): Locator => inside(page, id).getByTestId(`stream-param-${name}`);

/** Opens session `id`'s page (a page load) and waits for its desktop. */
async function openSession(page: Page, workspaceId: string, id: string): Promise<void> {
  await page.goto(`/workspaces/${workspaceId}/sessions/${id}`);
  await expect(page.getByTestId('session-iframe')).toHaveAttribute('data-session-id', id, { timeout: 45_000 });
  await expect(inside(page, id).getByTestId('stream-title')).toBeAttached({ timeout: 20_000 });
}

/** From a session page to its workspace and into session `id`, by links (the app's router). */
async function switchTo(page: Page, id: string): Promise<void> {
  await page.getByRole('link', { name: 'Back to the workspace' }).click();
  await expect(page.getByTestId('workbench-table')).toBeVisible();
  await page.locator(`tr[data-workbench-id="${id}"] a`).first().click();
  await expect(page.getByTestId('session-iframe')).toHaveAttribute('data-session-id', id, { timeout: 45_000 });
}

const settingsButton = (page: Page) => page.getByRole('button', { name: 'Desktop settings', exact: true });
const dialog = (page: Page) => page.getByRole('dialog', { name: 'Desktop settings' });

async function openPanel(page: Page): Promise<Locator> {
  await settingsButton(page).click();
  await expect(dialog(page)).toBeVisible();
  return dialog(page);
}

async function loadNumber(page: Page, id: string): Promise<string> {
  return (await inside(page, id).getByTestId('stream-load').textContent()) ?? '';
}

async function streamLoads(request: APIRequestContext, seq: number, id: string): Promise<number> {
  return (await requestsSince(request, seq)).requests.filter(getOf(`/api/rest/v1/workbenches/${id}/stream/`)).length;
}

test('a workspace with the clipboard off gives its desktop no clipboard and no downloads; both ways gives clipboard-write', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  await loginAs(page, 'admin');
  const off = await createIn(page, DEMO, 'Clipboard off');
  await openSession(page, DEMO, off);
  const frame = frameOf(page, off);
  expect(await frame.getAttribute('allow')).not.toContain('clipboard');
  expect(await frame.getAttribute('sandbox')).not.toContain('allow-downloads');
  await expect(param(page, off, 'clipboard')).toHaveText('false');
  await expect(param(page, off, 'file_transfer')).toHaveText('false');
  await expect(param(page, off, 'printing')).toHaveText('false');
  // The panel says so in words.
  const panel = await openPanel(page);
  await expect(panel.getByTestId('desktop-policy')).toContainText('Off: nothing is copied in or out of the desktop.');
  await expect(panel.getByTestId('desktop-policy')).toContainText('Files cannot be moved in or out through the desktop');
  await page.keyboard.press('Escape');

  const both = await createIn(page, GENOMICS, 'Clipboard both');
  await openSession(page, GENOMICS, both);
  const bothFrame = frameOf(page, both);
  const allow = (await bothFrame.getAttribute('allow')) ?? '';
  expect(allow).toContain('clipboard-write');
  expect(allow).not.toContain('clipboard-read');
  expect(await bothFrame.getAttribute('sandbox')).not.toContain('allow-downloads');
  await expect(param(page, both, 'clipboard')).toHaveText('true');
  await expect(param(page, both, 'file_transfer')).toHaveText('false');

  // A deployment that allows moving files through the desktop.
  await setConfig(request, { desktopFileTransfer: true });
  await openSession(page, GENOMICS, both);
  expect(await frameOf(page, both).getAttribute('sandbox')).toContain('allow-downloads');
  await expect(param(page, both, 'file_transfer')).toHaveText('true');
  await expect(param(page, both, 'printing')).toHaveText('true');
});

test("a workspace's clipboard changed while its desktop runs applies when it reconnects, and the page says so", async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  await loginAs(page, 'admin');
  const id = await createIn(page, DEMO, 'Policy changes');
  await openSession(page, DEMO, id);
  const before = await loadNumber(page, id);

  // Another tab opens the clipboard toward the researcher's machine (confirmed).
  const other = await context.newPage();
  await other.goto(`/workspaces/${DEMO}/settings`);
  await other.getByRole('tab', { name: 'Security', exact: true }).click();
  await other.getByRole('radiogroup', { name: 'Clipboard' }).getByRole('radio', { name: 'Both ways', exact: true }).check();
  await other.getByLabel('I understand: let text be copied out of the sessions', { exact: true }).check();
  await other.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(other.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible({ timeout: 15_000 });
  await other.close();

  // Back to the desktop by the app's links: the same desktop, and the page says what changed.
  await page.getByRole('link', { name: 'Back to the workspace' }).click();
  await page.locator(`tr[data-workbench-id="${id}"] a`).first().click();
  const notice = page.getByTestId('desktop-policy-notice');
  await expect(notice).toContainText("The workspace's clipboard setting changed: it applies when the desktop reconnects");
  expect(await frameOf(page, id).getAttribute('allow')).not.toContain('clipboard');
  await expect(param(page, id, 'clipboard')).toHaveText('false');
  expect(await loadNumber(page, id)).toBe(before);

  await notice.getByRole('button', { name: 'Reconnect now', exact: true }).click();
  await expect(param(page, id, 'clipboard')).toHaveText('true');
  await expect(frameOf(page, id)).toHaveAttribute('allow', /clipboard-write/);
  await expect(notice).toHaveCount(0);
  expect(await loadNumber(page, id)).not.toBe(before);
});

test.describe('in a browser set to Swiss French', () => {
  test.use({ locale: 'fr-CH' });

  test('Automatic is Swiss; German and Apply and reconnect reload that desktop alone', async ({ page, request }) => {
    test.setTimeout(150_000);
    await loginAs(page, 'admin');
    const a = await createIn(page, DEMO, 'Swiss A');
    const b = await createIn(page, DEMO, 'Swiss B');
    await openSession(page, DEMO, a);
    await expect(param(page, a, 'keyboard_layout')).toHaveText('ch');
    await expect(param(page, a, 'swap_keys')).toHaveText('false');
    await switchTo(page, b);
    await expect(param(page, b, 'keyboard_layout')).toHaveText('ch');
    const aLoad = await loadNumber(page, a);
    const bLoad = await loadNumber(page, b);
    const aSrc = await frameOf(page, a).getAttribute('src');
    const seq = await currentSeq(request);

    const panel = await openPanel(page);
    const layout = panel.getByLabel('Keyboard layout', { exact: true });
    await expect(layout.locator('option:checked')).toHaveText('Automatic (Swiss)');
    await expect(panel.getByTestId('applies-on-reconnect')).toHaveCount(0);
    await layout.selectOption({ label: 'German' });
    await expect(panel.getByTestId('applies-on-reconnect')).toHaveText('Applies on reconnect');
    // Nothing reconnects by itself.
    expect(await loadNumber(page, b)).toBe(bLoad);
    await panel.getByRole('button', { name: 'Apply and reconnect', exact: true }).click();
    await expect(dialog(page)).toHaveCount(0);
    await expect(settingsButton(page)).toBeFocused();

    await expect(param(page, b, 'keyboard_layout')).toHaveText('de');
    await expect(frameOf(page, b)).toHaveAttribute('src', /keyboard_layout=de/);
    expect(await loadNumber(page, b)).not.toBe(bLoad);
    // The other desktop kept alive is untouched.
    expect(await frameOf(page, a).getAttribute('src')).toBe(aSrc);
    expect(await loadNumber(page, a)).toBe(aLoad);
    expect(await streamLoads(request, seq, a)).toBe(0);
    expect(await streamLoads(request, seq, b)).toBe(1);

    // Navigating away and back keeps the address: no reload.
    await switchTo(page, a);
    await switchTo(page, b);
    expect(await streamLoads(request, seq, b)).toBe(1);
    await expect(param(page, b, 'keyboard_layout')).toHaveText('de');

    // The bar's Reconnect reloads this desktop alone, at the same address.
    const again = await loadNumber(page, b);
    await page.getByRole('button', { name: 'Reconnect', exact: true }).click();
    await expect.poll(() => loadNumber(page, b)).not.toBe(again);
    expect(await streamLoads(request, seq, b)).toBe(2);
    expect(await streamLoads(request, seq, a)).toBe(0);
  });
});

test('the settings survive a reload and are gone after sign-out', async ({ page }) => {
  test.setTimeout(120_000);
  await loginAs(page, 'admin');
  const id = await createIn(page, DEMO, 'Kept settings');
  await openSession(page, DEMO, id);
  let panel = await openPanel(page);
  await panel.getByLabel('Keyboard layout', { exact: true }).selectOption({ label: 'Italian' });
  await panel.getByLabel('Sound', { exact: true }).uncheck();
  await panel.getByLabel('Picture quality', { exact: true }).selectOption({ label: 'PNG' });
  await panel.getByLabel('Bandwidth limit', { exact: true }).selectOption({ label: '10 Mbit/s' });
  await page.keyboard.press('Escape');

  // A reload opens the desktop with them.
  await openSession(page, DEMO, id);
  await expect(param(page, id, 'keyboard_layout')).toHaveText('it');
  await expect(param(page, id, 'sound')).toHaveText('false');
  await expect(param(page, id, 'encoding')).toHaveText('png');
  await expect(param(page, id, 'bandwidth_limit')).toHaveText('10000000');
  panel = await openPanel(page);
  await expect(panel.getByLabel('Keyboard layout', { exact: true }).locator('option:checked')).toHaveText('Italian');
  await expect(panel.getByLabel('Sound', { exact: true })).not.toBeChecked();
  await page.keyboard.press('Escape');
  const kept = () =>
    page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('console.desktopSettings.')).length);
  expect(await kept()).toBe(1);

  await appHeader(page).getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/login/);
  expect(await kept()).toBe(0);
  await loginAs(page, 'admin');
  await openSession(page, DEMO, id);
  await expect(param(page, id, 'keyboard_layout')).toHaveText('us');
  await expect(param(page, id, 'sound')).toHaveText('true');
});

test.describe('on a Mac', () => {
  test.use({ userAgent: MAC_UA });

  test('Cmd and Ctrl are swapped until the user turns it off', async ({ page }) => {
    test.setTimeout(120_000);
    await loginAs(page, 'admin');
    const id = await createIn(page, DEMO, 'Mac desktop');
    await openSession(page, DEMO, id);
    await expect(param(page, id, 'swap_keys')).toHaveText('true');
    const panel = await openPanel(page);
    const swap = panel.getByLabel('Swap Cmd and Ctrl', { exact: true });
    await expect(swap).toBeChecked();
    await swap.uncheck();
    await panel.getByRole('button', { name: 'Apply and reconnect', exact: true }).click();
    await expect(param(page, id, 'swap_keys')).toHaveText('false');
    // Kept: a reload opens it with the keys as they are.
    await openSession(page, DEMO, id);
    await expect(param(page, id, 'swap_keys')).toHaveText('false');
  });
});

test('the panel is a dialog: focus in, Tab kept inside, Escape closes, focus back to its button', async ({ page }) => {
  test.setTimeout(90_000);
  await loginAs(page, 'admin');
  const id = await createIn(page, DEMO, 'Keyboard walk');
  await openSession(page, DEMO, id);
  await settingsButton(page).focus();
  await page.keyboard.press('Enter');
  const panel = dialog(page);
  await expect(panel).toHaveAttribute('aria-modal', 'true');
  const layout = panel.getByLabel('Keyboard layout', { exact: true });
  await expect(layout).toBeFocused();
  // Every control, in order, then around to the first.
  const walk = [
    'Swap Cmd and Ctrl',
    'On-screen keyboard',
    'Sound',
    'Picture quality',
    'Bandwidth limit',
    'Offscreen decoding',
  ];
  for (const name of walk) {
    await page.keyboard.press('Tab');
    await expect(panel.getByLabel(name, { exact: true })).toBeFocused();
  }
  await page.keyboard.press('Tab');
  await expect(panel.getByRole('button', { name: 'Close', exact: true })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(layout).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(panel.getByRole('button', { name: 'Close', exact: true })).toBeFocused();
  await expectNoA11yViolations(page);
  // The mouse cannot reach the page behind it either: the backdrop covers the header and the
  // session bar (both sticky, with stacking orders of their own).
  const covered = await page.evaluate(() =>
    ['.app-header', '.session-bar'].map((sel) => {
      const r = document.querySelector(sel)!.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + 8, r.top + r.height / 2);
      return `${sel}: ${hit?.closest('.dialog-backdrop') ? 'covered' : 'reachable'}`;
    }),
  );
  expect(covered).toEqual(['.app-header: covered', '.session-bar: covered']);
  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
  await expect(settingsButton(page)).toBeFocused();
});

test("opening a workspace's network or letting text out of its sessions says what it allows and asks first", async ({
  page,
}) => {
  await loginAs(page, 'admin');
  await page.goto(`/workspaces/${DEMO}/settings`);
  await page.getByRole('tab', { name: 'Security', exact: true }).click();
  const puts: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'PUT' && new URL(r.url()).pathname === '/api/rest/v1/workspaces') puts.push(r.postData() ?? '');
  });
  await page.getByRole('radiogroup', { name: 'Network' }).getByRole('radio', { name: 'Open', exact: true }).check();
  await expect(page.getByTestId('network-confirm')).toContainText(
    'Open lets every session of this workspace connect to any server on the internet',
  );
  await page.getByRole('radiogroup', { name: 'Clipboard' }).getByRole('radio', { name: 'Out of the session', exact: true }).check();
  await expect(page.getByTestId('clipboard-confirm')).toContainText(
    "Text copied in a session can then be pasted on the researcher's own computer",
  );
  await expectNoA11yViolations(page);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  // Not sent: each asks to be confirmed, the first one focused.
  const openBox = page.getByLabel("I understand: open this workspace's network", { exact: true });
  await expect(openBox).toBeFocused();
  await expect(page.getByText('Confirm that this workspace\'s sessions may connect anywhere')).toBeVisible();
  await expect(page.getByText('Confirm that text may be copied out of the sessions')).toBeVisible();
  expect(puts).toHaveLength(0);

  await openBox.check();
  await page.getByLabel('I understand: let text be copied out of the sessions', { exact: true }).check();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible({ timeout: 15_000 });
  expect(puts).toHaveLength(1);
  expect(JSON.parse(puts[0])).toMatchObject({ networkPolicy: 'Open', clipboard: 'to-client' });
  // Once stored, nothing more to confirm.
  await expect(page.getByTestId('network-confirm')).toHaveCount(0);
  await expect(page.getByTestId('clipboard-confirm')).toHaveCount(0);
});
