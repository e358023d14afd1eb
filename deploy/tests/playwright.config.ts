import { defineConfig } from '@playwright/test';

/**
 * The replicas check (replicas.spec.ts): API calls only, no browser. Run by
 * deploy/tests/replicas-test.sh, which starts PostgreSQL and the sandbox.
 */
export default defineConfig({
  testDir: '.',
  testMatch: /\.spec\.ts$/,
  timeout: 360_000,
  expect: { timeout: 30_000 },
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  outputDir: '../../artifacts/playwright-replicas',
});
