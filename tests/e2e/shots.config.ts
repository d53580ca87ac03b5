import { defineConfig } from '@playwright/test';
export default defineConfig({ testDir: '.', testMatch: 'shots.spec.ts', workers: 1, timeout: 120000,
  use: { baseURL: `http://127.0.0.1:${process.env.SHOTS_PORT ?? 4990}`, launchOptions: { executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--no-first-run'] } } });
