import AxeBuilder from '@axe-core/playwright';
import fs from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';

// What the accessibility stage runs on each page state (axe/*.spec.ts) and where it writes what
// it found (axe/report.ts prints the table).

/** The rules that fail the stage: WCAG 2.0, 2.1 and 2.2, levels A and AA. */
export const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
export const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 375, height: 700 },
  { width: 320, height: 640 },
];
export const SCHEMES = ['light', 'dark'] as const;

/** Where each test writes its runs (one JSON file per test). */
export const RUNS_DIR = path.join(__dirname, '..', 'test-results-a11y', 'runs');

export type Finding = { id: string; impact: string | null; help: string; targets: string[] };
export type Run = { viewport: number; scheme: string; violations: Finding[]; bestPractice: Finding[] };
export type Record = { what: string; user: string; url: string; runs: Run[] };

/** Every page of the router (src/routes.rs, `PAGES`): pattern and title. */
export function routerPages(): { pattern: string; title: string }[] {
  const source = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'src', 'routes.rs'), 'utf8');
  const table = source.slice(source.indexOf('pub const PAGES'), source.indexOf('];', source.indexOf('pub const PAGES')));
  const pages = [...table.matchAll(/\(\s*"([^"]+)",\s*"([^"]+)",?\s*\)/g)].map((m) => ({ pattern: m[1], title: m[2] }));
  if (pages.length < 20) throw new Error(`read only ${pages.length} pages from src/routes.rs`);
  return pages;
}

function findings(results: { violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown[] }[] }[] }): Finding[] {
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact ?? null,
    help: v.help,
    targets: v.nodes.slice(0, 8).map((n) => n.target.map(String).join(' ')),
  }));
}

/**
 * axe on the console's own markup: a session's desktop frame is the remote desktop's page (Xpra's
 * in a deployment, the dev server's stand-in here), a remote picture the console does not draw
 * (docs/accessibility.md, "Known not to work").
 */
function axe(page: Page): AxeBuilder {
  return new AxeBuilder({ page }).exclude('iframe.pooled-desktop');
}

/** Two animation frames: the layout after a viewport or scheme change is drawn. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/**
 * Runs axe on the page as it is, at each viewport and scheme (the page is not reloaded: what a
 * user resizing the window or switching the theme sees); best-practice rules once, at 1280 px
 * light, reported only. Writes the record and returns it.
 */
export async function axeEverywhere(page: Page, what: string, user: string): Promise<Record> {
  const runs: Run[] = [];
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize(viewport);
    for (const scheme of SCHEMES) {
      // Reduced motion: no transition is caught half-way (the indicator's colours turn over
      // 0.2 s, and axe once measured the label between two of them).
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
      await settle(page);
      const wcag = await axe(page).withTags(TAGS).analyze();
      let bestPractice: Finding[] = [];
      if (runs.length === 0) {
        bestPractice = findings(await axe(page).withTags(['best-practice']).analyze());
      }
      runs.push({ viewport: viewport.width, scheme, violations: findings(wcag), bestPractice });
    }
  }
  await page.setViewportSize(VIEWPORTS[0]);
  await page.emulateMedia({ colorScheme: 'light' });
  const record: Record = { what, user, url: new URL(page.url()).pathname, runs };
  fs.mkdirSync(RUNS_DIR, { recursive: true });
  const file = `${user}-${what}`.replace(/[^A-Za-z0-9-]+/g, '_').slice(0, 150);
  fs.writeFileSync(path.join(RUNS_DIR, `${file}.json`), JSON.stringify(record, null, 1));
  return record;
}

/** The violations of a record in words (for a failing test's message). */
export function violationWords(record: Record): string {
  return record.runs
    .filter((r) => r.violations.length > 0)
    .map(
      (r) =>
        `  ${r.viewport} px ${r.scheme}:\n` +
        r.violations.map((v) => `    [${v.impact}] ${v.id}: ${v.help}\n      ${v.targets.join('\n      ')}`).join('\n'),
    )
    .join('\n');
}

/** The page has drawn what it loads: its heading, and no loading line left in `<main>`. */
export async function pageShown(page: Page): Promise<void> {
  await expect(page.locator('main').first()).toBeVisible();
  await expect(page.locator('main h1, main [role="alert"]').first()).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('main p.loading')).toHaveCount(0, { timeout: 15_000 });
}

