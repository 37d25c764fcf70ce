// End-to-end tests: Playwright drives the OS Chromium (stack.md: never a downloaded browser) against a
// platform started by global-setup.ts exactly as `npm start` starts it. Screenshots of every test are
// kept in e2e/out as artefacts.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.ts$/,
  outputDir: './out/results',
  globalSetup: './global-setup.ts',
  globalTeardown: './global-teardown.ts',
  // One platform, one database: flows run in order so their data does not race.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    screenshot: 'on',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
});
