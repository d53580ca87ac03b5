import { defineConfig } from '@playwright/test';
import path from 'node:path';
import { browserUse } from './playwright.config';
import './nginx/localhost-dns';

// The walk on a running CHORUS (issue 38): project `real-chorus`, tests/e2e/real-chorus/*.spec.ts.
// It runs only when CHORUS_URL is given (the backend, e.g. http://127.0.0.1:5000) with the
// steward's login (CHORUS_USER, CHORUS_PASSWORD); otherwise its tests are skipped. The release
// build (dist/) is served by nginx with deploy/'s configuration in front of that backend, on
// http://app.localhost:<REAL_CHORUS_PORT, 4290>; CONSOLE_URL instead uses a console already
// served in front of it (then nothing is started). By hand (README, "Running against a real
// CHORUS"):
//   scripts/build.sh
//   cd tests/e2e && CHORUS_URL=http://127.0.0.1:5000 CHORUS_USER=… CHORUS_PASSWORD=… \
//     npx playwright test -c real-chorus.config.ts
// The walk leaves what it made behind (a workspace, a session, a user, each named `walk-<time>`):
// run it against a CHORUS kept for trying things, never a production one.

const repoRoot = path.resolve(__dirname, '..', '..');
const dist = process.env.E2E_DIST ?? path.join(repoRoot, 'dist');
const nginxDir = process.env.E2E_NGINX_DIR ?? path.join(repoRoot, 'target', 'e2e-nginx');
const port = Number(process.env.REAL_CHORUS_PORT ?? 4290);
const chorus = process.env.CHORUS_URL;
const given = process.env.CONSOLE_URL;
const consoleUrl = given ?? `http://app.localhost:${port}`;

export default defineConfig({
  testDir: 'real-chorus',
  testMatch: '**/*.spec.ts',
  // The steward's roles in single workspaces, trimmed when its login cookie grows too big.
  globalSetup: './real-chorus/steward-roles.setup.ts',
  outputDir: 'test-results/real-chorus',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 6 * 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: process.env.E2E_JSON_REPORT ?? 'playwright-report/real-chorus.json' }]],
  use: { ...browserUse, baseURL: consoleUrl },
  projects: [{ name: 'real-chorus' }],
  webServer:
    chorus && !given
      ? [
          {
            command: `exec "${path.join(__dirname, 'nginx', 'start-nginx.sh')}" "${path.join(nginxDir, 'real-chorus')}"`,
            env: {
              CONSOLE_DIST: dist,
              CONSOLE_LISTEN: `127.0.0.1:${port}`,
              CONSOLE_ORIGIN: consoleUrl,
              BACKEND_URL: chorus,
              STREAM_ORIGIN: `http://s{session}.app.localhost:${port + 1}`,
              STREAM_LISTEN: `127.0.0.1:${port + 1}`,
            },
            url: `http://127.0.0.1:${port}/config.json`,
            timeout: 30_000,
            reuseExistingServer: false,
          },
        ]
      : [],
});
