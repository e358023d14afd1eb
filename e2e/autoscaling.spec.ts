import { expect, Locator, Page, test } from '@playwright/test';
import {
  apiAuth,
  expectCleanPage,
  sandboxScenario,
  screenshot,
  signInAsGuest,
} from './support';

/*
 * The Autoscaling tab (plugins/mlops, /api/mlops/.../autoscaling) against
 * the sandbox that scripts/lib/e2e.sh started, whose real HPA controller
 * writes every status: a normal HPA, one capped at maxReplicas
 * (scale-to-max), the lab HPAs whose metrics are missing and the HPA KEDA's
 * ScaledObject makes for reco-candidate-retrieval. Screenshots:
 * artifacts/screenshots/11-autoscaling-*.png.
 */

const autoscalingUrl = (name: string) =>
  `/api/mlops/entities/component/default/${name}/autoscaling`;

function hpaCard(page: Page, name: string): Locator {
  return page
    .locator('.MuiCard-root')
    .filter({ has: page.getByRole('heading', { name, exact: true }) })
    .first();
}

/** Reloads the tab until `text` shows (answers are cached for 15 s; the controller needs a while). */
async function tabShowing(page: Page, entity: string, text: RegExp) {
  await expect
    .poll(
      async () => {
        await page.goto(`/catalog/default/component/${entity}/autoscaling`);
        await page
          .getByTestId('replicas-gauge')
          .first()
          .waitFor({ timeout: 30_000 });
        return page.getByText(text).count();
      },
      { timeout: 240_000, intervals: [5_000] },
    )
    .toBeGreaterThan(0);
  await page.waitForLoadState('networkidle');
}

test.describe('autoscaling API', () => {
  test('needs a token', async ({ request }) => {
    const response = await request.get(autoscalingUrl('fraud-scorer'));
    expect(response.status()).toBe(401);
  });

  test('answers bad input with 400 and a message, never 500', async ({
    request,
  }) => {
    for (const url of [
      `${autoscalingUrl('fraud-scorer')}?hpa=x`,
      '/api/mlops/entities/component/default/%22%7D%20or%20vector(1)/autoscaling',
      `/api/mlops/entities/component/${'n'.repeat(
        80,
      )}/fraud-scorer/autoscaling`,
    ]) {
      const response = await request.get(url, { headers: apiAuth() });
      expect(response.status(), url).toBe(400);
      const body = await response.json();
      expect(body.error.name).toBe('InputError');
      expect(JSON.stringify(body)).not.toMatch(/at .*\.(js|ts):\d+/);
    }
  });

  test('answers a component without annotations as not configured', async ({
    request,
  }) => {
    const response = await request.get(autoscalingUrl('mlops-portal'), {
      headers: apiAuth(),
    });
    expect(response.status()).toBe(200);
    expect(await response.json()).toMatchObject({
      state: 'not-configured',
      reason: 'missing-annotation',
    });
  });
});

test.describe('the Autoscaling tab in Chromium', () => {
  test.describe.configure({ timeout: 300_000 });

  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test('a normal HPA: gauge, metrics against targets, conditions, chart, no error panel', async ({
    page,
  }) => {
    sandboxScenario('healthy');
    await tabShowing(
      page,
      'fraud-scorer',
      /^Scaling normally between 2 and \d+ replicas\.$/,
    );
    const card = hpaCard(page, 'fraud-scorer');
    await expect(card.getByTestId('replicas-gauge')).toHaveText(
      /^2 \/ \d+ replicas$/,
    );
    const metrics = card.getByRole('table', { name: 'Metrics' });
    await expect(metrics.getByRole('row').nth(1)).toContainText('cpu');
    await expect(metrics.getByRole('row').nth(1)).toContainText(
      '% of requests',
    );
    await expect(
      card.getByText(/ScalingActive True \(ValidMetricFound\)/),
    ).toBeVisible();
    await expect(card.getByTestId('chart-replicas')).toBeVisible();
    await expectCleanPage(page, '11-autoscaling-normal');
  });

  test('KEDA: reco-candidate-retrieval shows its ScaledObject with triggers, bounds and fallback', async ({
    page,
  }) => {
    const title = 'Scaled by KEDA: ScaledObject reco-candidate-retrieval';
    await tabShowing(
      page,
      'reco-candidate-retrieval',
      new RegExp(`^${title}$`),
    );
    // The card's title is no heading (InfoCard's CardHeader renders a span).
    const card = page
      .locator('.MuiCard-root')
      .filter({ hasText: title })
      .last();
    await expect(
      card.getByText(
        /^Replicas \d+ to \d+ · polls every 15 s · HPA keda-hpa-reco-candidate-retrieval$/,
      ),
    ).toBeVisible();
    await expect(card.getByText('Paused: no')).toBeVisible();
    await expect(
      card.getByText(
        /^Fallback: \d+ replicas after 3 failures in a row · not active$/,
      ),
    ).toBeVisible();
    const triggers = card.getByRole('table', { name: 'Triggers' });
    await expect(triggers.getByRole('row').nth(1)).toContainText('prometheus');
    await expect(triggers.getByRole('row').nth(1)).toContainText(
      'threshold: 50',
    );
    await expect(triggers.getByRole('row').nth(2)).toContainText('cpu');
    await expect(triggers.getByRole('row').nth(2)).toContainText('value: 70');
    await expect(card.getByText(/^Active True \(ScalerActive\)/)).toBeVisible();
    // Nothing serves s0-prometheus as an External metric in the sandbox, so
    // after a minute it is not Ready (sandbox/README.md, KEDA); the card says so.
    await expect(
      card.getByText(/^Ready (True|False \(HPAMetricsUnavailable\))/),
    ).toBeVisible();
    await page.waitForLoadState('networkidle');
    await screenshot(page, '11-autoscaling-keda');
  });

  test('metrics missing: the lab HPAs say which metrics API fails, KEDA and behavior shown', async ({
    page,
  }) => {
    await tabShowing(page, 'autoscaling-lab', /FailedGetExternalMetric/);
    const queue = hpaCard(page, 'lab-queue-worker');
    await expect(
      queue
        .getByText(/Cannot read its metrics from the external metrics API/)
        .first(),
    ).toBeVisible();
    await expect(queue.getByText(/unknown \(not reported\)/)).toBeVisible();
    await expect(
      queue.getByText(/^Scale down: stabilisation window 300 s/),
    ).toBeVisible();
    await expect(
      hpaCard(page, 'keda-hpa-lab-keda-consumer').getByText(
        'KEDA ScaledObject lab-keda-consumer',
      ),
    ).toBeVisible();
    await expect(
      hpaCard(page, 'lab-feature-store').getByRole('table', {
        name: 'Metrics',
      }),
    ).toContainText('1.5 GiB per pod');
    await screenshot(page, '11-autoscaling-metrics-missing');
  });

  test('scale-to-max: capped at maxReplicas, for how long and what to do', async ({
    page,
  }) => {
    sandboxScenario('scale-to-max');
    try {
      await tabShowing(
        page,
        'fraud-scorer',
        /^Error: Capped at maxReplicas=\d+ for /,
      );
      const card = hpaCard(page, 'fraud-scorer');
      await expect(
        card.getByText(/raise maxReplicas or reduce load$/).first(),
      ).toBeVisible();
      await expect(card.getByText(/at maxReplicas/).first()).toBeVisible();
      await expect(
        card.getByRole('list', { name: 'Scaling events' }),
      ).toContainText('SuccessfulRescale');
      await screenshot(page, '11-autoscaling-at-max');
    } finally {
      sandboxScenario('healthy');
    }
  });
});
