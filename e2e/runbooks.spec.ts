import { expect, Page, test } from '@playwright/test';
import {
  apiToken,
  expectCleanPage,
  sandboxScenario,
  screenshot,
  signInAsGuest,
} from './support';

/*
 * Runbooks (docs/runbooks/index.md) against the sandbox that scripts/lib/e2e.sh
 * started: an alert fires in the real Prometheus, the service page lists it
 * and its Runbook link opens the TechDocs page the rule names; silenced
 * through Alertmanager's API, the page says by whom and until when. Also:
 * the TechDocs sanitiser, docs that do not exist, and search by alert name.
 * Screenshots: artifacts/screenshots/20-runbooks-*.png (and 26-).
 */

const RUNBOOK =
  '/docs/default/component/fraud-scorer/runbooks/model-service-high-error-rate/';

const errorRateAlert = (page: Page) =>
  page
    .getByTestId('firing-alert')
    .filter({ hasText: 'ModelServiceHighErrorRate' });

/** fraud-scorer's ModelServiceHighErrorRate as its page shows it; '' while it does not. */
async function alertText(page: Page): Promise<string> {
  await page.goto('/catalog/default/component/fraud-scorer');
  // The list comes with the card; it is absent while that loads.
  return page
    .getByTestId('firing-alerts')
    .waitFor({ timeout: 30_000 })
    .then(async () =>
      (await errorRateAlert(page).count()) > 0
        ? (await errorRateAlert(page).textContent()) ?? ''
        : '',
    )
    .catch(() => '');
}

/** The TechDocs page's content: mkdocs' HTML in the reader's shadow root. */
const docsContent = (page: Page) =>
  page.getByTestId('techdocs-native-shadowroot');

test.describe('runbooks', () => {
  test.describe.configure({ timeout: 360_000 });

  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test.describe('error-spike', () => {
    test.beforeAll(() => sandboxScenario('error-spike'));
    test.afterAll(() => sandboxScenario('healthy'));

    test('the firing alert on the service page opens its runbook', async ({
      page,
    }) => {
      const alert = errorRateAlert(page);
      await expect
        .poll(() => alertText(page), { timeout: 240_000, intervals: [5_000] })
        .toContain('firing since');
      await expect(alert.getByText('critical')).toBeVisible();
      await expect(
        alert.getByText(/answers more than 5 % of predictions with 5xx/),
      ).toBeVisible();
      await page.waitForLoadState('networkidle');
      await screenshot(page, '20-runbooks-alert-on-service-page');

      const link = alert.getByRole('link', {
        name: 'Runbook of ModelServiceHighErrorRate',
      });
      await expect(link).toHaveAttribute('href', RUNBOOK);
      await link.click();
      await expect(page).toHaveURL(RUNBOOK);
      // The first visit builds the service's docs with mkdocs on the backend.
      const content = docsContent(page);
      await expect(
        content.getByRole('heading', { name: 'ModelServiceHighErrorRate' }),
      ).toBeVisible({ timeout: 120_000 });
      for (const section of [
        'Symptoms',
        'Impact',
        'Diagnosis',
        'Mitigation',
        'Escalation',
      ]) {
        await expect(
          content.getByRole('heading', { name: section }),
        ).toBeVisible();
      }
      await expect(
        content.getByText('kubectl -n fraud-ml logs deployment/fraud-scorer', {
          exact: false,
        }),
      ).toBeVisible();
      await expectCleanPage(page, '20-runbooks-runbook-page');
    });

    test('an alert silenced through Alertmanager says who silenced it until when', async ({
      page,
      request,
    }) => {
      const alertmanager = process.env.MLOPS_ALERTMANAGER_URL;
      if (!alertmanager) throw new Error('MLOPS_ALERTMANAGER_URL is not set');
      const matcher = (name: string, value: string) => ({
        name,
        value,
        isRegex: false,
        isEqual: true,
      });
      const created = await request.post(`${alertmanager}/api/v2/silences`, {
        data: {
          matchers: [
            matcher('alertname', 'ModelServiceHighErrorRate'),
            matcher('namespace', 'fraud-ml'),
            matcher('service', 'fraud-scorer'),
          ],
          startsAt: new Date().toISOString(),
          endsAt: new Date(Date.now() + 30 * 60_000).toISOString(),
          createdBy: 'e2e-oncall',
          comment: 'fix rolling out',
        },
      });
      expect(created.status()).toBe(200);
      const { silenceID } = await created.json();
      try {
        await expect
          .poll(() => alertText(page), { timeout: 240_000, intervals: [5_000] })
          .toMatch(
            /Silenced by e2e-oncall until \d\d \w{3} \d\d:\d\d — fix rolling out/,
          );
        await expect(page.getByText(/silenced or inhibited$/)).toBeVisible();
        await page.waitForLoadState('networkidle');
        await screenshot(page, '26-runbooks-alert-silenced');
      } finally {
        await request.delete(`${alertmanager}/api/v2/silence/${silenceID}`);
      }
    });
  });

  test('the platform runbook of GPUJobFailed opens in the portal docs', async ({
    page,
  }) => {
    await page.goto(
      '/docs/default/component/mlops-portal/runbooks/gpu-job-failed/',
    );
    const content = docsContent(page);
    await expect(
      content.getByRole('heading', { name: 'GPUJobFailed' }),
    ).toBeVisible({ timeout: 120_000 });
    await expect(
      content.getByRole('heading', { name: 'Escalation' }),
    ).toBeVisible();
    await expectCleanPage(page, '21-runbooks-platform-runbook');
  });

  test('docs with script tags and javascript: links render without them', async ({
    page,
  }) => {
    await page.goto('/docs/default/component/unsafe-docs');
    const content = docsContent(page);
    await expect(
      content.getByText('The text after them still renders.'),
    ).toBeVisible({ timeout: 120_000 });
    await expect(content.locator('script')).toHaveCount(0);
    await expect(content.locator('iframe')).toHaveCount(0);
    await expect(content.locator('[onerror]')).toHaveCount(0);
    const hrefs = await content
      .locator('a[href]')
      .evaluateAll(links => links.map(a => a.getAttribute('href') ?? ''));
    expect(hrefs.filter(h => /^\s*javascript:/i.test(h))).toEqual([]);
    await content.getByText('A javascript: link').click();
    await content.getByText('A Markdown javascript: link').click();
    expect(
      await page.evaluate(
        () => (window as unknown as { __unsafeDocs?: string[] }).__unsafeDocs,
      ),
    ).toBeUndefined();
    await expectCleanPage(page, '22-runbooks-sanitised-docs');
  });

  for (const [what, url, shot] of [
    [
      'an entity the catalog does not have',
      '/docs/default/component/no-such-service',
      '23-runbooks-docs-not-found',
    ],
    [
      'an entity without docs',
      '/docs/default/component/fraud-model-training',
      '24-runbooks-entity-without-docs',
    ],
    [
      'a runbook page that does not exist',
      '/docs/default/component/mlops-portal/runbooks/no-such-alert/',
      '25-runbooks-page-not-found',
    ],
  ]) {
    test(`docs of ${what} give a clear "not found" page`, async ({ page }) => {
      await page.goto(url);
      await expect(page.getByText(/not found/i).first()).toBeVisible({
        timeout: 120_000,
      });
      await expect(
        page.getByText('its docs have not been built'),
      ).toBeVisible();
      await expect(page.getByText(/at .*\.(js|ts):\d+/)).toHaveCount(0);
      await screenshot(page, shot);
    });
  }

  test('search finds runbooks by alert name', async ({ request }) => {
    // The docs were built by the visits above; the collator runs every 30 s.
    const find = async (term: string) => {
      const response = await request.get(
        `/api/search/query?term=${term}&types[0]=techdocs`,
        { headers: { Authorization: `Bearer ${apiToken()}` } },
      );
      expect(response.status()).toBe(200);
      const body = (await response.json()) as {
        results: Array<{ document: { location: string; title: string } }>;
      };
      return body.results.map(r => r.document.location);
    };
    await expect
      .poll(() => find('ModelServiceHighErrorRate'), {
        timeout: 120_000,
        intervals: [5_000],
      })
      .toContainEqual(expect.stringContaining(RUNBOOK));
    await expect
      .poll(() => find('GPUJobFailed'), { timeout: 60_000, intervals: [5_000] })
      .toContainEqual(
        expect.stringContaining(
          '/docs/default/component/mlops-portal/runbooks/gpu-job-failed/',
        ),
      );
  });
});
