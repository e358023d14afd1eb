import { expect, Locator, Page, test } from '@playwright/test';
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
 * Serving health (plugins/mlops, /api/mlops) against the sandbox that
 * scripts/lib/e2e.sh started: each scenario's Overview card and Serving
 * tab, saved under artifacts/screenshots/ as 10-serving-<scenario>-*.png
 * (kserve-canary's InferenceService card: 11-serving-kserve-*.png).
 * error-spike is shown by live-updates.spec.ts, on pages open before it
 * starts.
 */

const healthUrl = (name: string) =>
  `/api/mlops/entities/component/default/${name}/serving-health`;

function healthCard(page: Page): Locator {
  return page
    .locator('.MuiCard-root')
    .filter({ has: page.getByRole('heading', { name: 'Serving health' }) })
    .first();
}

/**
 * Reloads the Overview until the card shows `status` and, when given, a
 * reason matching `reason` (answers are cached for 15 s; error ratios need
 * a minute or so of the scenario to cross their thresholds).
 */
async function overviewWithStatus(
  page: Page,
  name: string,
  status: string,
  reason?: RegExp,
) {
  await expect
    .poll(
      async () => {
        await page.goto(`/catalog/default/component/${name}`);
        const card = healthCard(page);
        const badge = card.getByTestId('serving-status');
        await badge.waitFor({ timeout: 30_000 });
        const shown = (await badge.textContent())?.trim();
        if (!reason) return shown;
        const found = (await card.getByText(reason).count()) > 0;
        return found ? shown : `${shown}, without ${reason}`;
      },
      { timeout: 240_000, intervals: [5_000] },
    )
    .toBe(status);
  await page.waitForLoadState('networkidle');
}

async function saveCard(page: Page, name: string) {
  await healthCard(page).screenshot({
    path: path.join(SCREENSHOT_DIR, `${name}.png`),
  });
}

async function servingTab(page: Page, name: string, status: string) {
  await page.goto(`/catalog/default/component/${name}/serving`);
  await expect(page.getByTestId('serving-status').first()).toHaveText(status);
  await expect(page.getByText('Traffic, errors and latency')).toBeVisible();
}

test.describe('serving health API', () => {
  test('needs a token', async ({ request }) => {
    const response = await request.get(healthUrl('fraud-scorer'));
    expect(response.status()).toBe(401);
    expect((await response.json()).error.name).toBe('AuthenticationError');
  });

  test('answers an unknown entity with 404 and a message', async ({
    request,
  }) => {
    const response = await request.get(healthUrl('no-such-service'), {
      headers: apiAuth(),
    });
    expect(response.status()).toBe(404);
    expect((await response.json()).error.message).toBe(
      'No entity component:default/no-such-service in the catalog',
    );
  });

  test('answers bad input with 400 and a message, never 500', async ({
    request,
  }) => {
    for (const url of [
      '/api/mlops/entities/component/default/fraud-scorer/serving-timeseries?range=7d',
      `${healthUrl('fraud-scorer')}?query=vector(1)`,
      '/api/mlops/entities/component/default/%22%7D%20or%20vector(1)/serving-health',
    ]) {
      const response = await request.get(url, { headers: apiAuth() });
      expect(response.status(), url).toBe(400);
      const body = await response.json();
      expect(body.error.name).toBe('InputError');
      expect(JSON.stringify(body)).not.toMatch(/at .*\.(js|ts):\d+/);
    }
  });

  test('gives a typed "not configured" answer for a component without annotations', async ({
    request,
  }) => {
    const response = await request.get(healthUrl('mlops-portal'), {
      headers: apiAuth(),
    });
    expect(response.status()).toBe(200);
    expect(await response.json()).toMatchObject({
      state: 'not-configured',
      reason: 'missing-annotation',
      problems: [{ annotation: 'backstage.io/kubernetes-id' }],
    });
  });
});

test.describe('serving health in Chromium, per sandbox scenario', () => {
  test.describe.configure({ timeout: 300_000 });

  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test('healthy: the card and the tab show a healthy service, no error panel', async ({
    page,
  }) => {
    sandboxScenario('healthy');
    await overviewWithStatus(page, 'fraud-scorer', 'Healthy');
    const card = healthCard(page);
    await expect(card.getByText(/^Within objectives:/)).toBeVisible();
    await expect(card.getByTestId('signal-traffic')).toContainText('req/s');
    await expect(card.getByTestId('traffic-sparkline')).toBeVisible();
    await saveCard(page, '10-serving-healthy-card');
    await expectCleanPage(page, '10-serving-healthy-overview');

    await servingTab(page, 'fraud-scorer', 'Healthy');
    await expect(page.getByTestId('chart-traffic')).toBeVisible();
    await expect(page.getByTestId('chart-latency')).toBeVisible();
    await expect(
      page.getByText('Deployments: 2/2 replicas ready'),
    ).toBeVisible();
    await page.getByRole('button', { name: '6h' }).click();
    await expect(page.getByRole('button', { name: '6h' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await expect(page.getByTestId('chart-traffic')).toBeVisible();
    await expectCleanPage(page, '10-serving-healthy-tab');
  });

  test('cluster-unreachable: a service of the stopped cluster is unknown, with the reason', async ({
    page,
  }) => {
    sandboxScenario('cluster-unreachable');
    try {
      await overviewWithStatus(page, 'fraud-scorer', 'Unknown');
      const card = healthCard(page);
      await expect(
        card.getByText(
          /^Replicas are unknown: .*Cluster 'sandbox-west' is unreachable/,
        ),
      ).toBeVisible();
      await expect(
        card.getByText(
          'Warning: Partial data: no answer from cluster sandbox-west',
        ),
      ).toBeVisible();
      await saveCard(page, '10-serving-cluster-unreachable-card');
      await servingTab(page, 'fraud-scorer', 'Unknown');
      await screenshot(page, '10-serving-cluster-unreachable-tab');
    } finally {
      sandboxScenario('healthy');
    }
  });

  test('latency-regression: the GPU service is degraded by its p95', async ({
    page,
  }) => {
    sandboxScenario('latency-regression');
    await overviewWithStatus(
      page,
      'fraud-graph-embedder',
      'Degraded',
      /^p95 latency is \d+ ms, over the 300 ms objective/,
    );
    await saveCard(page, '10-serving-latency-regression-card');
    await servingTab(page, 'fraud-graph-embedder', 'Degraded');
    await screenshot(page, '10-serving-latency-regression-tab');
  });

  test('an LLM service: token figures, objectives and charts, then its queue saturates', async ({
    page,
  }) => {
    sandboxScenario('llm-healthy');
    try {
      await overviewWithStatus(page, 'support-llm', 'Healthy');
      const card = healthCard(page);
      await expect(card.getByTestId('signal-ttft')).toContainText(
        'objective 500 ms',
      );
      await expect(card.getByTestId('signal-tokens')).toContainText('/s');
      await expect(card.getByTestId('signal-kv-cache')).toContainText('%');
      await expect(card.getByTestId('signal-cost')).toContainText('GPU');
      await saveCard(page, '10-serving-llm-healthy-card');
      await expectCleanPage(page, '10-serving-llm-healthy-overview');
      await servingTab(page, 'support-llm', 'Healthy');
      await expect(
        page.getByRole('table', { name: 'LLM objectives' }),
      ).toContainText('First token over 500 ms');
      await expect(page.getByTestId('chart-token latency')).toBeVisible();
      await expect(page.getByTestId('chart-kv cache')).toBeVisible();
      await expectCleanPage(page, '10-serving-llm-healthy-tab');

      // Saturated: the whole answers take longer than the 10 s objective,
      // requests queue and the KV cache fills.
      sandboxScenario('llm-queue-saturation');
      await overviewWithStatus(
        page,
        'support-llm',
        'Degraded',
        /^p95 latency is \d+ ms, over the 10000 ms objective/,
      );
      await expect(
        healthCard(page).getByTestId('signal-queue'),
      ).not.toContainText(/^Requests waiting0\.00/);
      await saveCard(page, '10-serving-llm-saturated-card');
      await servingTab(page, 'support-llm', 'Degraded');
      await expect(page.getByTestId('chart-queue')).toBeVisible();
      await screenshot(page, '10-serving-llm-saturated-tab');
    } finally {
      sandboxScenario('healthy');
    }
  });

  test('a KServe InferenceService: a canary at 10 %, then its revision fails', async ({
    page,
  }) => {
    const isvcCard = () =>
      page
        .locator('.MuiCard-root')
        .filter({
          has: page.getByRole('heading', { name: /InferenceService/ }),
        })
        .first();
    /** Reloads the serving tab until the InferenceService card shows `wanted` (answers are cached for 15 s). */
    const tabShowing = (wanted: RegExp) =>
      expect
        .poll(
          async () => {
            await page.goto(
              '/catalog/default/component/image-moderation/serving',
            );
            const card = isvcCard();
            await card.waitFor({ timeout: 30_000 });
            return wanted.test((await card.textContent()) ?? '');
          },
          { timeout: 120_000, intervals: [3_000] },
        )
        .toBe(true);
    sandboxScenario('kserve-canary');
    try {
      // The canary serves for 30 s (scripts/lib/e2e.sh) before it fails.
      await tabShowing(/canary at 10 % of traffic/);
      await expect(
        isvcCard().getByRole('table', { name: 'predictor traffic' }),
      ).toContainText('10 %');
      await page.waitForLoadState('networkidle');
      await isvcCard().screenshot({
        path: path.join(SCREENSHOT_DIR, '11-serving-kserve-canary-card.png'),
      });
      await expectCleanPage(page, '11-serving-kserve-canary-tab');

      await tabShowing(/RevisionFailed/);
      await expect(page.getByTestId('serving-status').first()).toHaveText(
        'Down',
      );
      await expect(isvcCard()).toContainText(
        /is not ready: its traffic goes to/,
      );
      await page.waitForLoadState('networkidle');
      await isvcCard().screenshot({
        path: path.join(SCREENSHOT_DIR, '11-serving-kserve-failed-card.png'),
      });
      await screenshot(page, '11-serving-kserve-failed-tab');
    } finally {
      sandboxScenario('healthy');
    }
  });

  test('crashloop: the service is down, its pods crash-looping', async ({
    page,
  }) => {
    sandboxScenario('crashloop');
    try {
      await overviewWithStatus(page, 'reco-candidate-retrieval', 'Down');
      const card = healthCard(page);
      await expect(
        card.getByText(/^No replica is ready \(0 of \d+\)/),
      ).toBeVisible();
      await expect(card.getByText(/in CrashLoopBackOff/)).toBeVisible();
      await saveCard(page, '10-serving-crashloop-card');
      await servingTab(page, 'reco-candidate-retrieval', 'Down');
      await expect(page.getByText('CrashLoopBackOff').first()).toBeVisible();
      await screenshot(page, '10-serving-crashloop-tab');
    } finally {
      sandboxScenario('healthy');
    }
  });
});
