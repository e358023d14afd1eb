import { APIRequestContext, expect, Page, test } from '@playwright/test';
import { FleetView } from '@internal/plugin-mlops-common';
import {
  apiAuth,
  sandboxScenario,
  screenshot,
  SCREENSHOT_DIR,
  signInAsGuest,
} from './support';

/*
 * Live updates against the sandbox that scripts/lib/e2e.sh started: two
 * open pages of fraud-scorer turn degraded when error-spike reaches the
 * fleet task (every 10 s, e2e/app-config.e2e.yaml), told over signals,
 * without a reload or a poll, and show the failing requests as they come
 * (serving health's error-spike case). In the runbooks project, before runbooks.spec
 * (which fires error-spike too): it leaves the sandbox in error-spike, whose
 * errors stay in the slow burn-rate windows for hours.
 * Screenshots: 50-fleet-live-page-*.png.
 */

const FLEET_FREQUENCY_MS = 10_000;
const CHANNEL = 'mlops:entity:component:default/fraud-scorer';

async function fleet(request: APIRequestContext): Promise<FleetView> {
  const response = await request.get('/api/mlops/fleet', {
    headers: apiAuth(),
  });
  expect(response.status()).toBe(200);
  return response.json();
}

/** Every /api/mlops request of a page and every signal it received for `channel`. */
function watchPage(page: Page, channel: string) {
  const requests: number[] = [];
  const signals: number[] = [];
  page.on('request', r => {
    if (new URL(r.url()).pathname.startsWith('/api/mlops/')) {
      requests.push(Date.now());
    }
  });
  page.on('websocket', ws =>
    ws.on('framereceived', frame => {
      if (String(frame.payload).includes(channel)) signals.push(Date.now());
    }),
  );
  return { requests, signals };
}

/** Opens fraud-scorer's Overview once it shows Healthy (an earlier error-spike may still be fading). */
async function healthyPage(page: Page) {
  await signInAsGuest(page);
  const badge = page.getByTestId('serving-status').first();
  await expect
    .poll(
      async () => {
        await page.goto('/catalog/default/component/fraud-scorer');
        return badge.textContent({ timeout: 30_000 });
      },
      { timeout: 300_000, intervals: [5_000] },
    )
    .toBe('Healthy');
  await page.waitForLoadState('networkidle');
  return badge;
}

test.describe('live updates', () => {
  test.describe.configure({ timeout: 600_000 });

  test('error-spike turns two open pages degraded without a reload or a poll', async ({
    browser,
    request,
  }) => {
    sandboxScenario('healthy');
    const pages = await Promise.all(
      [0, 1].map(async () => {
        const page = await (await browser.newContext()).newPage();
        const watched = watchPage(page, CHANNEL);
        const badge = await healthyPage(page);
        return { page, badge, ...watched };
      }),
    );
    // The Overview's cards load lazily, after the network first goes idle:
    // count from when no page has asked /api/mlops for 3 s.
    await expect
      .poll(
        () =>
          Date.now() - Math.max(...pages.flatMap(p => p.requests.slice(-1))),
        { timeout: 60_000, intervals: [500] },
      )
      .toBeGreaterThan(3_000);
    const since = Date.now();
    for (const p of pages) p.requests.length = 0;
    sandboxScenario('error-spike');
    try {
      // The last fleet run that still saw fraud-scorer healthy, then the pages.
      let lastHealthy = since;
      let firstDegraded: FleetView | undefined;
      let degradedAt = 0;
      const degraded: number[] = [0, 0];
      await expect
        .poll(
          async () => {
            const view = await fleet(request);
            const row = view.services.find(s => s.name === 'fraud-scorer')!;
            if (row.status === 'healthy') {
              lastHealthy = Math.max(lastHealthy, Date.parse(view.evaluatedAt));
            } else {
              firstDegraded ??= view;
            }
            for (const [i, p] of pages.entries()) {
              if (
                !degraded[i] &&
                (await p.badge.textContent()) === 'Degraded'
              ) {
                degraded[i] = Date.now();
              }
            }
            degradedAt = Math.max(...degraded);
            return degraded.every(Boolean);
          },
          { timeout: 300_000, intervals: [250] },
        )
        .toBe(true);
      // The run that saw the change started within an interval (and the
      // scheduler's pickup) of the last one that did not.
      const run = Date.parse(firstDegraded!.evaluatedAt);
      const runEnd = run + firstDegraded!.buildMs;
      for (const [i, p] of pages.entries()) {
        // No page reloaded or polled: each request came just after a signal.
        const unsignalled = p.requests.filter(
          at => !p.signals.some(s => s <= at && at - s < 2_000),
        );
        console.log(
          `# page ${i + 1}: ${p.signals.length} signals, ${
            p.requests.length
          } requests to /api/mlops, ${
            unsignalled.length
          } without a signal; degraded ${(
            (degraded[i] - runEnd) /
            1000
          ).toFixed(1)} s after the fleet run that saw it ended, ${(
            (degraded[i] - lastHealthy) /
            1000
          ).toFixed(1)} s after the last run that did not`,
        );
        expect(unsignalled).toEqual([]);
        expect(p.signals.length).toBeGreaterThan(0);
      }
      expect(run - lastHealthy).toBeLessThanOrEqual(FLEET_FREQUENCY_MS + 5_000);
      // On screen within a second of the run's end (and the 250 ms of this poll).
      expect(degradedAt - runEnd).toBeLessThanOrEqual(1_000 + 250);

      // The figures keep coming without a reload, up to the reason.
      const [first] = pages;
      const card = first.page
        .locator('.MuiCard-root')
        .filter({
          has: first.page.getByRole('heading', { name: 'Serving health' }),
        })
        .first();
      await expect(
        card.getByText(/of requests fail \(last 5 minutes/),
      ).toBeVisible({ timeout: 240_000 });
      await card.screenshot({
        path: `${SCREENSHOT_DIR}/10-serving-error-spike-card.png`,
      });
      await screenshot(first.page, '50-fleet-live-page-1');
      await first.page.goto('/catalog/default/component/fraud-scorer/serving');
      await expect(first.page.getByTestId('serving-status').first()).toHaveText(
        'Degraded',
      );
      await expect(
        first.page.getByText('Traffic, errors and latency'),
      ).toBeVisible();
      await screenshot(first.page, '10-serving-error-spike-tab');
    } finally {
      await Promise.all(pages.map(p => p.page.context().close()));
    }
  });
});
