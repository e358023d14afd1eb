import { expect, Page, test } from '@playwright/test';
import path from 'node:path';
import {
  apiAuth,
  expectCleanPage,
  sandboxScenario,
  screenshot,
  SCREENSHOT_DIR,
  signInAsGuest,
} from './support';

/*
 * The Delivery tab (Argo Rollouts and MLflow model versions) of
 * doc-classifier, whose pods the sandbox's real Argo Rollouts controller
 * runs: canary-bad's new version is aborted by its analysis, canary-good's is
 * promoted. Screenshots: artifacts/screenshots/12-delivery-*.png.
 */

const deliveryUrl = (name: string) =>
  `/api/mlops/entities/component/default/${name}/delivery`;
const TAB = '/catalog/default/component/doc-classifier/delivery';

/** Reloads the tab until its text matches `wanted` (answers are cached for 15 s). */
async function tabShowing(page: Page, wanted: RegExp, timeout = 180_000) {
  await expect
    .poll(
      async () => {
        await page.goto(TAB);
        const phase = page.getByTestId('rollout-phase').first();
        await phase.waitFor({ timeout: 30_000 });
        return wanted.test((await page.locator('main').textContent()) ?? '');
      },
      { timeout, intervals: [3_000] },
    )
    .toBe(true);
  await page.waitForLoadState('networkidle');
}

test.describe('delivery API', () => {
  test('needs a token', async ({ request }) => {
    const response = await request.get(deliveryUrl('doc-classifier'));
    expect(response.status()).toBe(401);
  });

  test('answers bad input and an unknown entity with 4xx and a message', async ({
    request,
  }) => {
    const extra = await request.get(
      `${deliveryUrl('doc-classifier')}?window=1h`,
      { headers: apiAuth() },
    );
    expect(extra.status()).toBe(400);
    expect((await extra.json()).error.message).toMatch(/window/);
    const unknown = await request.get(deliveryUrl('no-such-service'), {
      headers: apiAuth(),
    });
    expect(unknown.status()).toBe(404);
    expect((await unknown.json()).error.message).toMatch(/no-such-service/);
  });

  test("a rolling service: its Deployment's revision and model version, no Rollout", async ({
    request,
  }) => {
    const response = await request.get(deliveryUrl('fraud-scorer'), {
      headers: apiAuth(),
    });
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body.rollouts).toEqual([]);
    expect(body.deployments[0].revisions[0]).toMatchObject({
      role: 'stable',
      modelVersion: '2',
    });
    expect(body.modelRegistry.registeredModel.name).toBe('fraud-scorer');
  });
});

test.describe('delivery tab', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test('canary-bad: the analysis aborts the rollout, and the tab says why', async ({
    page,
  }) => {
    sandboxScenario('canary-bad');
    try {
      await tabShowing(page, /aborted at step \d+: error-ratio/);
      await expect(page.getByTestId('rollout-phase').first()).toHaveText(
        'Aborted',
      );
      await expect(
        page.getByTestId('analysis-metric-error-ratio').first(),
      ).toBeVisible();
      await screenshot(page, '12-delivery-aborted');
    } finally {
      sandboxScenario('healthy');
    }
  });

  test('canary-good: a rollout in progress, the model versions of stable and canary, then promoted', async ({
    page,
  }) => {
    // Back on the stable revision after canary-bad (at once: it is the stable one).
    await tabShowing(page, /Healthy/);
    sandboxScenario('canary-good');
    try {
      await tabShowing(page, /canary 50 %/, 90_000);
      await expect(page.getByTestId('rollout-phase').first()).toHaveText(
        /Progressing|Paused/,
      );
      await expectCleanPage(page, '12-delivery-in-progress');
      const versions = page
        .locator('.MuiCard-root')
        .filter({ has: page.getByRole('heading', { name: 'Model versions' }) })
        .first();
      await expect(versions).toContainText('challenger');
      await expect(versions).toContainText('champion');
      await versions.screenshot({
        path: path.join(SCREENSHOT_DIR, '12-delivery-model-versions.png'),
      });
      await tabShowing(page, /Healthy/);
      await expectCleanPage(page, '12-delivery-promoted');
    } finally {
      sandboxScenario('healthy');
    }
  });
});
