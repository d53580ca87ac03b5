import { expect, type Page } from '@playwright/test';

// Issue 47, point 1 (not a spec): what the long-name walks share, on the dev servers
// (long-names.spec.ts) and on a running CHORUS (real-chorus/long-names.spec.ts). A name of
// hundreds of unbroken characters made pages 1,597–2,883 px wide at 1280 and at 375 px: names
// wrap, or are cut with an ellipsis and the whole name in a title, and no page is wider than
// the window.

/** A name of `n` characters beginning with `head`, with no break opportunity after it. */
export const long = (head: string, n: number): string => `${head}${'x'.repeat(Math.max(0, n - head.length))}`;

/** How wide the document is (more than the window: the page scrolls sideways). */
export async function widthOf(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth);
}

/** The page is no wider than the window (`width` px). */
export async function expectFits(page: Page, width: number, what: string): Promise<void> {
  await expect.poll(() => widthOf(page), { message: `${what} at ${width} px: wider than the window` }).toBeLessThanOrEqual(width);
}

/**
 * `name` is readable on the page: shown inside the window, and where it is cut (an ellipsis),
 * the whole name is in a title of it or around it. `undefined` when so, else what is wrong.
 */
async function unreadable(page: Page, name: string): Promise<string | undefined> {
  const shown = page.getByText(name).filter({ visible: true });
  if ((await shown.count()) === 0) return `"${name.slice(0, 24)}…" is not shown`;
  return shown.first().evaluate((el, whole) => {
    const box = el.getBoundingClientRect();
    const right = document.documentElement.clientWidth;
    if (box.left < -1 || box.right > right + 1) return `shown from ${box.left} to ${box.right} px, the window is ${right} px`;
    // Cut: the element or one of its near ancestors holds more than it shows.
    let e: Element | null = el;
    for (let i = 0; e && i < 4; i += 1, e = e.parentElement) {
      if (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible') {
        const titled = el.closest('[title]');
        if (titled?.getAttribute('title')?.includes(whole)) return undefined;
        return `cut at ${e.clientWidth} of ${e.scrollWidth} px without the whole name in a title`;
      }
    }
    return undefined;
  }, name);
}

/** Every one of `names` is readable on the page ([`unreadable`]). */
export async function expectReadable(page: Page, names: string[], what: string): Promise<void> {
  for (const name of names) {
    await expect.poll(() => unreadable(page, name), { message: `${what}: ${name.slice(0, 24)}…` }).toBeUndefined();
  }
}
