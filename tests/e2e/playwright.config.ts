import { defineConfig } from '@playwright/test';
import { SLOT_STRIDE, type Options } from './fixtures';
import path from 'node:path';

// End-to-end tests: Debian's Chromium against the real dev server, which serves the release build
// (dist/) and the API. scripts/test.sh builds both first; by hand:
//   scripts/build.sh && cargo build -p devserver && cd tests/e2e && npx playwright test
// The dev server holds global state, so each worker has dev servers of its own (a set per
// parallel slot, E2E_WORKERS of them, 3 by default: the tests mostly wait on the simulated
// controller, so three run well on two cores), and each test starts with a reset of its own set.
// Tests, not files, are spread over the workers (`fullyParallel`): a file whose tests share
// servers of their own says so (`test.describe.configure({ mode: 'default' })`, lazy.spec.ts).

const repoRoot = path.resolve(__dirname, '..', '..');
// Three dev servers, one per backend shape the console must work with (devserver/README.md):
// the default flavor (every extension), `--flavor chorus` (a real CHORUS: no extensions, no
// job service), and `--jobs mc` (the mc-server-manager job dialect). E2E_PORT moves all three.
const port = Number(process.env.E2E_PORT ?? 4173);
const servers = {
  default: { port, flags: [] as string[] },
  chorus: { port: port + 1, flags: ['--flavor', 'chorus'] },
  mc: { port: port + 2, flags: ['--jobs', 'mc'] },
};
// Parallel slot i uses the same servers moved by i × SLOT_STRIDE (fixtures.ts, `baseURL`).
const workers = Math.max(1, Number(process.env.E2E_WORKERS ?? 3));
// E2E_CPU_THROTTLE=N slows each page's CPU N times (fixtures.ts): the budgets of a test and of
// an expectation grow with it (the conditions waited for are the same).
const slowdown = Math.max(1, Number(process.env.E2E_CPU_THROTTLE ?? 1) || 1);
const url = (p: number) => `http://127.0.0.1:${p}`;
const baseURL = url(port);
// scripts/test.sh sets these when CARGO_TARGET_DIR or DIST_DIR move the builds.
const devserver = process.env.E2E_DEVSERVER ?? path.join(repoRoot, 'target', 'debug', 'devserver');
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
  // A failed test keeps a trace of DOM snapshots per action (open it with `npx playwright
  // show-trace`); the screencast of full traces doubled the suite's CPU time, which on two cores
  // made every test slower. A failure still gets its screenshot (below).
  trace: { mode: 'retain-on-failure' as const, screenshots: false, snapshots: true, sources: false },
  screenshot: 'only-on-failure' as const,
  video: 'off' as const,
  actionTimeout: 10_000 * slowdown,
  navigationTimeout: 20_000 * slowdown,
};

export default defineConfig<Options>({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  // The nginx suite has its own config (nginx.config.ts) and servers.
  // axe/ is the accessibility stage's (a11y.config.ts).
  testIgnore: ['nginx/**', 'node_modules/**', /\/e2e\/axe\//],
  outputDir: 'test-results',
  fullyParallel: true,
  workers,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000 * slowdown,
  globalTimeout: 40 * 60_000 * slowdown,
  expect: { timeout: 10_000 * slowdown },
  // The JSON report feeds the summary line of scripts/test.sh (which picks the file per run).
  reporter: [['list'], ['json', { outputFile: process.env.E2E_JSON_REPORT ?? 'playwright-report/results.json' }]],
  use: { ...browserUse, baseURL },
  // The flows of a real CHORUS deployment run against the chorus flavor too; flavor-specific
  // specs run only against their server. Specs read the flavor from the `flavor` option
  // (fixtures.ts).
  projects: [
    {
      name: 'default',
      // A project's testIgnore replaces the top-level one: nginx/ again (its own config).
      testIgnore: ['chorus.spec.ts', 'mc.spec.ts', 'nginx/**', 'node_modules/**', /\/e2e\/axe\//],
      use: { baseURL, flavor: 'default' },
    },
    {
      name: 'chorus',
      testMatch: [
        'auth.spec.ts',
        'sessions.spec.ts',
        'admin.spec.ts',
        // No job service on CHORUS: chorus.spec.ts checks /activity and the indicator there.
        'tabs.spec.ts',
        'chorus.spec.ts',
        // Issue 18: permissions by place, token renewal, removed sessions; and being offline.
        'permissions.spec.ts',
        'offline.spec.ts',
        // Issue 21: desktops kept alive, the quick switch, polling where there is no watch stream.
        'desktops.spec.ts',
        // Issues 55.2 and 59: the desktop's settings and the workspace's policy.
        'desktop-settings.spec.ts',
        // Issue 29: workspaces as teams run them (members, sharing, notifications).
        'teams.spec.ts',
        // Issue 19 (SECURITY.md); its deployment tests (*.nginx.ts) run in nginx.config.ts.
        'security/*.spec.ts',
        // Issue 27: lists in order (the user-role form and the session's size: admin, sessions).
        'order.spec.ts',
        // Issue 60.6: self-registration (CHORUS answers a taken username with a 500).
        'register.spec.ts',
        // Issue 60.3 and 60.4: the data index and the admin overview.
        'data-index.spec.ts',
        'admin-overview.spec.ts',
        // Issue 60.1: the inbox (CHORUS caches count and list 2 s; markAll marks system ones).
        'messages.spec.ts',
        // Issue 60.7: bookmarks (the user's dev store) and web links (the global one, public).
        'bookmarks.spec.ts',
        'weblinks.spec.ts',
        // Issue 38: what broke every day on a running CHORUS.
        'daily.spec.ts',
        // Issue 39: a workspace's files; issue 50: a folder of 10,000 of them.
        'data.spec.ts',
        'big-folder.spec.ts',
        // Issue 40: data requests (the airlock).
        'requests.spec.ts',
        // Issue 47, points 3 and 6: reviewing a request, members and roles.
        'careful-requests-members.spec.ts',
        // Issue 47, points 4, 5 and 7: the data page, two-factor set-up, errors in words.
        'careful-data-profile.spec.ts',
        // Issue 41: terms of use, the audit log, one's own account.
        'trust.spec.ts',
        // Issue 45: a workspace edit keeps its settings.
        'workspace-settings.spec.ts',
        // Issue 48: a workspace's services.
        'services.spec.ts',
        // Issue 48: a workspace's settings page.
        'settings-page.spec.ts',
        // Issue 48: the home page, all sessions (and a session's edit), public workspaces.
        'home.spec.ts',
        'all-sessions.spec.ts',
        'public-workspaces.spec.ts',
        // Issue 49, point 3: the admin lists.
        'admin-lists.spec.ts',
        // Issue 49, point 1: the app catalogue, Open app's search, the app-instance limit.
        'apps-catalogue.spec.ts',
        // Issue 49, point 2: the app catalogue's administration.
        'admin-apps.spec.ts',
        // Issue 55, point 5: an app icon that cannot show says so.
        'app-icons.spec.ts',
        // Issue 47, point 8: the header on a narrow screen.
        'narrow-header.spec.ts',
        // Issue 47, point 1: long names wrap.
        'long-names.spec.ts',
        // Issue 49: the routes that pick their page by a segment.
        'routes.spec.ts',
        // Issue 49, point 4: the platform's settings, its branding and limits.
        'platform-settings.spec.ts',
        // Issue 49, points 5 and 6: organizations, deleting a user.
        'organizations.spec.ts',
        'delete-user.spec.ts',
        // Issue 56, points 2 to 4: say only what happened; an upload the backend forgot; a stall.
        'what-happened.spec.ts',
        'upload-restart.spec.ts',
        'stopped-session.spec.ts',
        // Issue 56, point 1: no lost update (two clients, one record replaced whole).
        'lost-update.spec.ts',
        // Issue 56, point 5: the benchmark of a reply of hostile shape (BENCH=1).
        'bench-hostile.spec.ts',
        // Issue 60, part 2: folder upload and search (409 for a folder that is there).
        'folders.spec.ts',
      ],
      use: { baseURL: url(servers.chorus.port), flavor: 'chorus' },
    },
    {
      name: 'mc',
      testMatch: ['mc.spec.ts'],
      use: { baseURL: url(servers.mc.port), flavor: 'mc' },
    },
  ],
  webServer: Array.from({ length: workers }, (_, slot) =>
    Object.values(servers).map(({ port: p0, flags }) => ({ p: p0 + slot * SLOT_STRIDE, flags })),
  )
    .flat()
    .map(({ p, flags }) => ({
    // Fail with a clear message instead of a bare "exited early" when the build is missing.
    command:
      `test -x "${devserver}" || { echo "e2e: ${devserver} is missing: cargo build -p devserver" >&2; exit 1; }; ` +
      `test -f "${dist}/index.html" || { echo "e2e: ${dist}/index.html is missing: scripts/build.sh" >&2; exit 1; }; ` +
      `exec "${devserver}" --addr 127.0.0.1:${p} --static "${dist}" --speed 5 --quiet ${flags.join(' ')}`,
    url: `${url(p)}/api/dev/requests`,
    timeout: 60_000,
    // A server left over from an older build would test old code: reuse only on request.
    reuseExistingServer: process.env.E2E_REUSE_SERVER === '1',
    stdout: 'pipe' as const,
    stderr: 'pipe' as const,
  })),
});
