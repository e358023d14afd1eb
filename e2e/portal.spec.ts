import { expect, test } from '@playwright/test';
import {
  expectCleanPage,
  sandboxScenario,
  screenshot,
  signInAsGuest,
} from './support';

/** Switches the sandbox started by scripts/lib/e2e.sh to a scenario. */

test.describe('the portal in Chromium, signed in as guest', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test('home page lists the model services', async ({ page }) => {
    await expect(
      page.getByText('Model services', { exact: true }).first(),
    ).toBeVisible();
    await expect(
      page.getByRole('link', { name: 'Fraud scorer' }),
    ).toBeVisible();
    await expect(
      page.getByRole('link', { name: 'Support assistant LLM' }),
    ).toBeVisible();
    await expectCleanPage(page, '01-home');
  });

  test('catalog lists model services and opens one', async ({ page }) => {
    await page.goto(
      '/catalog?filters[kind]=component&filters[type]=model-service',
    );
    await expect(page.getByRole('link', { name: 'Ranker' })).toBeVisible();
    // The example organisation's 7 and the e2e fixture autoscaling-lab.
    await expect(
      page.getByText('All model-service components (8)'),
    ).toBeVisible();
    await expectCleanPage(page, '02-catalog-model-services');

    await page.getByRole('link', { name: 'Fraud scorer' }).click();
    await expect(page).toHaveURL(/\/catalog\/default\/component\/fraud-scorer/);
    await expect(
      page.getByText('Gradient-boosted fraud score for every card payment'),
    ).toBeVisible();
    await expect(
      page.getByRole('link', { name: 'Fraud & Risk ML' }).first(),
    ).toBeVisible();
    await expectCleanPage(page, '03-model-service-overview');
  });

  test('Kubernetes tab shows the service running in the sandbox', async ({
    page,
  }) => {
    await page.goto('/catalog/default/component/fraud-scorer/kubernetes');
    await expect(page.getByText('Sandbox west (CPU)')).toBeVisible();
    await expect(page.getByText(/^[1-9]\d* pods?$/).first()).toBeVisible();
    await expect(
      page.getByText('There was a problem retrieving Kubernetes objects'),
    ).toHaveCount(0);
    await page.getByText('Sandbox west (CPU)').click();
    await expect(page.getByText('fraud-scorer').first()).toBeVisible();
    await expectCleanPage(page, '04-kubernetes');
  });

  test('Kubernetes tab says plainly when a cluster is unreachable', async ({
    page,
  }) => {
    sandboxScenario('cluster-unreachable');
    try {
      await page.goto('/catalog/default/component/fraud-scorer/kubernetes');
      await page
        .getByText('There was a problem retrieving Kubernetes objects')
        .click();
      await expect(page.getByText('Cluster: Sandbox west (CPU)')).toBeVisible();
      await expect(
        page.getByText(/Error communicating with Kubernetes/),
      ).toHaveCount(1);
      await screenshot(page, '04-kubernetes-cluster-unreachable');
    } finally {
      sandboxScenario('healthy');
    }
  });

  test('API docs render the OpenAPI definition', async ({ page }) => {
    await page.goto('/catalog/default/api/fraud-scoring-api/definition');
    await expect(page.getByText('/v2/models/fraud-scorer/infer')).toBeVisible();
    await expectCleanPage(page, '05-api-definition');
  });

  test('TechDocs builds and shows the portal docs', async ({ page }) => {
    await page.goto('/docs/default/component/mlops-portal');
    // The first visit builds the docs with mkdocs on the backend.
    await expect(
      page.getByText('A Backstage developer portal for teams'),
    ).toBeVisible({ timeout: 90_000 });
    await expectCleanPage(page, '06-techdocs');
  });

  test('search finds a model service', async ({ page }) => {
    await page.goto('/search?query=fraud');
    await expect(page.getByText('Fraud scorer').first()).toBeVisible({
      timeout: 60_000,
    });
    await expectCleanPage(page, '07-search');
  });

  test('Create page offers the Model service template', async ({ page }) => {
    await page.goto('/create');
    await expect(page.getByText('Model service').first()).toBeVisible();
    await expectCleanPage(page, '09-create');
  });

  test('team page shows members and owned services', async ({ page }) => {
    await page.goto('/catalog/default/group/fraud-ml');
    await expect(page.getByText('Priya Raman').first()).toBeVisible();
    await expectCleanPage(page, '08-team');
  });
});
