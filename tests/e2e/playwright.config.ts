import { defineConfig } from '@playwright/test';
import path from 'node:path';

// End-to-end tests: Debian's Chromium against the real dev server, which serves the release build
// (dist/) and the API. scripts/test.sh builds both first; by hand:
//   scripts/build.sh && cargo build -p devserver --release && cd tests/e2e && npx playwright test
// The dev server holds global state, so tests run one at a time and each starts with a reset.

const repoRoot = path.resolve(__dirname, '..', '..');
const port = Number(process.env.E2E_PORT ?? 4173);
const baseURL = `http://127.0.0.1:${port}`;
// scripts/test.sh sets these when CARGO_TARGET_DIR or DIST_DIR move the builds.
const devserver = process.env.E2E_DEVSERVER ?? path.join(repoRoot, 'target', 'release', 'devserver');
const dist = process.env.E2E_DIST ?? path.join(repoRoot, 'dist');

// The flags Chromium needs on this closed network (it would otherwise keep trying to reach
// Google's services) and as root in a container.
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

/** Browser settings of every suite (nginx.config.ts uses them too); each adds its baseURL. */
export const browserUse = {
  browserName: 'chromium' as const,
  headless: true,
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: chromiumArgs,
  },
  trace: 'retain-on-failure' as const,
  screenshot: 'only-on-failure' as const,
  video: 'off' as const,
  actionTimeout: 10_000,
  navigationTimeout: 20_000,
};

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  // The nginx suite has its own config (nginx.config.ts) and servers.
  testIgnore: ['nginx/**', 'node_modules/**'],
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  globalTimeout: 40 * 60_000,
  expect: { timeout: 10_000 },
  // The JSON report feeds the summary line of scripts/test.sh (which picks the file per run).
  reporter: [['list'], ['json', { outputFile: process.env.E2E_JSON_REPORT ?? 'playwright-report/results.json' }]],
  use: { ...browserUse, baseURL },
  webServer: {
    // Fail with a clear message instead of a bare "exited early" when the build is missing.
    command:
      `test -x "${devserver}" || { echo "e2e: ${devserver} is missing: cargo build -p devserver --release" >&2; exit 1; }; ` +
      `test -f "${dist}/index.html" || { echo "e2e: ${dist}/index.html is missing: scripts/build.sh" >&2; exit 1; }; ` +
      `exec "${devserver}" --addr 127.0.0.1:${port} --static "${dist}" --speed 5 --quiet`,
    url: `${baseURL}/api/dev/requests`,
    timeout: 60_000,
    // A server left over from an older build would test old code: reuse only on request.
    reuseExistingServer: process.env.E2E_REUSE_SERVER === '1',
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
