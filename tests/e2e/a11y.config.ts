import { defineConfig } from '@playwright/test';
import type { Options } from './fixtures';
import base from './playwright.config';

// The accessibility stage (scripts/test.sh, stage a11y; ui.md "Everyone: accessibility the tests
// check"): axe-core over every route the router knows (src/routes.rs, `PAGES`), every dialog and
// inline form, as a platform admin and as a researcher, at 1280, 375 and 320 px, light and dark.
// The same release build and dev server as the e2e stage (its default flavor only); by hand,
// after scripts/build.sh and cargo build -p devserver:
//   cd tests/e2e && npx playwright test -c a11y.config.ts
// The table of every run (route × viewport × scheme) is printed at the end (axe/report.ts).
const webServer = (Array.isArray(base.webServer) ? base.webServer : [])
  .filter((s) => !s.command.includes('--flavor') && !s.command.includes('--jobs'));

export default defineConfig<Options>({
  ...base,
  testDir: './axe',
  testMatch: '**/*.spec.ts',
  testIgnore: [],
  // Its own: the e2e stage's failure traces stay (Playwright empties this folder first).
  outputDir: 'test-results-a11y',
  globalTimeout: 20 * 60_000,
  timeout: 180_000,
  globalTeardown: './axe/report.ts',
  projects: [{ name: 'a11y', use: { ...base.use, flavor: 'default' } }],
  webServer,
});
