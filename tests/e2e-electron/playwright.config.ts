import { defineConfig } from '@playwright/test';

/**
 * The desktop smoke test: the real Electron app, launched by Playwright's _electron.
 * Run: npx playwright test -c tests/e2e-electron
 * Where no Electron binary exists it reports *skipped* with the reason (never passed).
 */
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  workers: 1,
  timeout: 90_000,
  reporter: [['list', { printSteps: false }]],
  outputDir: '../../test-results/e2e-electron',
});
