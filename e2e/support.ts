import { expect, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export const SCREENSHOT_DIR = path.resolve(
  __dirname,
  '..',
  'artifacts',
  'screenshots',
);

/** The static token e2e/app-config.e2e.yaml accepts for API calls. */
export function apiToken(): string {
  const token = process.env.MLOPS_E2E_API_TOKEN;
  if (!token) throw new Error('MLOPS_E2E_API_TOKEN is not set');
  return token;
}

/** Headers of an API call with that token. */
export function apiAuth(): Record<string, string> {
  return { Authorization: `Bearer ${apiToken()}` };
}

/** Switches the sandbox that scripts/lib/e2e.sh started to a scenario. */
export function sandboxScenario(name: string) {
  execFileSync(
    path.resolve(__dirname, '..', 'sandbox', 'bin', 'sandbox'),
    ['scenario', name],
    { stdio: 'inherit', timeout: 120_000 },
  );
}

export async function signInAsGuest(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  // The sidebar's logo and its first item both link home.
  await expect(page.getByRole('link', { name: 'Home' }).first()).toBeVisible();
}

/**
 * Fails when the page shows one of Backstage's error or warning panels,
 * or an error alert, then saves a full-page screenshot under
 * artifacts/screenshots.
 */
export async function expectCleanPage(page: Page, name: string) {
  await page.waitForLoadState('networkidle');
  await expect(page.getByText(/^(Error|Warning):/)).toHaveCount(0);
  await expect(page.locator('.MuiAlert-standardError')).toHaveCount(0);
  await screenshot(page, name);
}

export async function screenshot(page: Page, name: string) {
  await page.screenshot({
    path: path.join(SCREENSHOT_DIR, `${name}.png`),
    fullPage: true,
  });
}
