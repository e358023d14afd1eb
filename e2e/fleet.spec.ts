import { APIRequestContext, expect, test } from '@playwright/test';
import { FleetView } from '@internal/plugin-mlops-common';
import {
  apiAuth,
  expectCleanPage,
  sandboxScenario,
  screenshot,
  signInAsGuest,
} from './support';

/*
 * The Model fleet page against the sandbox that scripts/lib/e2e.sh started
 * (fleet task every 10 s, e2e/app-config.e2e.yaml): its API's input checks,
 * sort, filter, the teams and GPUs tabs, and the home page's card.
 * Screenshots: 50-fleet-*.png. Live updates: live-updates.spec.ts.
 */

async function fleet(request: APIRequestContext): Promise<FleetView> {
  const response = await request.get('/api/mlops/fleet', {
    headers: apiAuth(),
  });
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body.state).toBe('ok');
  return body;
}

test.describe('fleet API', () => {
  test('needs a token, and answers a query parameter with 400 and a message', async ({
    request,
  }) => {
    expect((await request.get('/api/mlops/fleet')).status()).toBe(401);
    const bad = await request.get('/api/mlops/fleet?sort=1', {
      headers: apiAuth(),
    });
    expect(bad.status()).toBe(400);
    expect((await bad.json()).error.message).toMatch(/sort/);
  });
});

test.describe('the Model fleet page in Chromium', () => {
  test.describe.configure({ timeout: 300_000 });
  test.use({ actionTimeout: 30_000 });

  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test('every model service worst first; sort, filter, teams and GPUs', async ({
    page,
    request,
  }) => {
    sandboxScenario('healthy');
    // The fleet task's first run may come before Prometheus has a rate.
    const view = await expect
      .poll(
        async () =>
          (
            await fleet(request)
          ).services.filter(s => (s.requestsPerSecond ?? 0) > 0).length,
        { timeout: 120_000 },
      )
      .toBeGreaterThan(0)
      .then(() => fleet(request));
    await page.goto('/');
    await page.getByRole('link', { name: 'Model fleet' }).first().click();
    await expect(page).toHaveURL(/\/mlops\/fleet$/);
    const table = page.getByRole('table').first();
    await expect(table.getByText('Fraud scorer')).toBeVisible();
    await expect(page.getByTestId('last-updated')).toContainText('live');
    const names = () => table.getByTestId('fleet-service').allTextContents();
    expect(await names()).toHaveLength(view.services.length);
    await expectCleanPage(page, '50-fleet-services');

    // Sorted by traffic, busiest first (a service without traffic last).
    const traffic = table.locator('[class*="MuiTableSortLabel-root"]', {
      hasText: 'Traffic',
    });
    await traffic.click();
    await traffic.click();
    const rates = async () =>
      (await table.getByTestId('fleet-traffic').allTextContents()).map(t =>
        Number.isNaN(parseFloat(t)) ? -1 : parseFloat(t),
      );
    const sorted = await rates();
    expect(sorted).toEqual([...sorted].sort((a, b) => b - a));
    expect(sorted[0]).toBeGreaterThan(0);

    // Filtered to one owner: that team's services only.
    await page.getByRole('button', { name: 'filter list' }).click();
    await page
      .locator('[class*="MuiFormControl-root"]', { hasText: 'Owner' })
      .getByRole('button')
      .click();
    await page.getByRole('option', { name: 'recsys' }).click();
    await page.keyboard.press('Escape');
    const recsys = view.services.filter(
      s => s.owner === 'group:default/recsys',
    );
    await expect
      .poll(async () => (await names()).sort())
      .toEqual(recsys.map(s => s.title ?? s.name).sort());
    await screenshot(page, '50-fleet-filtered');

    await page.getByRole('tab', { name: 'Teams' }).click();
    // The team links to its group; the link shows the group's title once
    // the catalog answers, its name until then.
    await expect(
      page.getByRole('table').first().locator('a[href$="/group/fraud-ml"]'),
    ).toBeVisible();
    await expectCleanPage(page, '50-fleet-teams');
    await page.getByRole('tab', { name: 'GPUs' }).click();
    await expect(page.getByText('GPUs per cluster and model')).toBeVisible();
    await expect(page.getByText('NVIDIA-A100-SXM4-80GB').first()).toBeVisible();
    await expectCleanPage(page, '50-fleet-gpus');
  });

  test('the home page shows the fleet card', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByTestId('fleet-summary')).toBeVisible();
    await expectCleanPage(page, '50-fleet-home');
  });
});
