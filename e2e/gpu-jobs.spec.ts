import { expect, Page, test } from '@playwright/test';
import path from 'node:path';
import {
  apiAuth,
  expectCleanPage,
  sandboxScenario,
  SCREENSHOT_DIR,
  signInAsGuest,
} from './support';

/*
 * GPU jobs (plugins/mlops, /api/mlops) against the sandbox that
 * scripts/lib/e2e.sh started, in its gpu-job-failures scenario: running,
 * idle, pending, failed (BackoffLimitExceeded, OOMKilled, DeadlineExceeded)
 * and TTL-deleted training Jobs, and nlp-llm's sweeps waiting in Kueue;
 * then, in mig-jobs, a job on a MIG slice. Screenshots: 40-gpu-jobs-*.png.
 */

const jobsUrl = (ref: string) => `/api/mlops/entities/${ref}/gpu-jobs`;

/** Reloads the tab until its table shows every text in `wanted` (answers are cached for 15 s). */
async function tabShowing(page: Page, url: string, wanted: RegExp[]) {
  await expect
    .poll(
      async () => {
        await page.goto(url);
        const table = page.getByRole('table', { name: 'GPU jobs' });
        await table.waitFor({ timeout: 30_000 });
        const text = (await table.textContent()) ?? '';
        return wanted.filter(w => !w.test(text)).map(String);
      },
      { timeout: 300_000, intervals: [10_000] },
    )
    .toEqual([]);
}

test.describe('GPU jobs API', () => {
  test('needs a token', async ({ request }) => {
    const response = await request.get(
      jobsUrl('component/default/fraud-model-training'),
    );
    expect(response.status()).toBe(401);
  });

  test('refuses a bad period with a 400 that says why', async ({ request }) => {
    const response = await request.get(
      `${jobsUrl('component/default/fraud-model-training')}?days=-3`,
      { headers: apiAuth() },
    );
    expect(response.status()).toBe(400);
    expect((await response.json()).error.message).toMatch(/days/);
  });

  test('answers an entity without Kubernetes annotations with not-configured', async ({
    request,
  }) => {
    const response = await request.get(
      jobsUrl('system/default/fraud-detection'),
      {
        headers: apiAuth(),
      },
    );
    expect(response.status()).toBe(200);
    expect((await response.json()).state).toBe('not-configured');
  });
});

test.describe('GPU jobs in the browser', () => {
  test.describe.configure({ timeout: 600_000 });
  test.beforeAll(() => sandboxScenario('gpu-job-failures'));
  test.afterAll(() => sandboxScenario('healthy'));

  test('running, idle, pending and failed jobs of a training pipeline', async ({
    page,
  }) => {
    await signInAsGuest(page);
    const url = '/catalog/default/component/support-llm-finetuning/gpu-jobs';
    await tabShowing(page, url, [
      /running: idle GPUs/,
      /pending: Unschedulable/,
      /failed: DeadlineExceeded/,
    ]);
    await expect(page.getByLabel('GPU job totals')).toContainText(
      'GPUs in use',
    );
    await expect(page.getByTestId('chart-gpu-hours')).toBeVisible();
    await expectCleanPage(page, '40-gpu-jobs-support-llm-finetuning');

    await page
      .getByRole('button', { name: 'support-llm-finetuning-run-16gpu' })
      .click();
    const drawer = page.getByRole('dialog', { name: 'GPU job' });
    await expect(drawer.getByRole('table', { name: 'Pods' })).toContainText(
      'Pending',
    );
    await expect(drawer.getByRole('list', { name: 'Events' })).toContainText(
      'FailedScheduling',
    );
    await drawer.screenshot({
      path: path.join(SCREENSHOT_DIR, '41-gpu-jobs-drawer-pending.png'),
    });
  });

  test('failed, running and TTL-deleted jobs, and the overview card', async ({
    page,
  }) => {
    await signInAsGuest(page);
    await tabShowing(
      page,
      '/catalog/default/component/fraud-model-training/gpu-jobs',
      [/running/, /failed: BackoffLimitExceeded/, /deleted from the cluster/],
    );
    await expectCleanPage(page, '42-gpu-jobs-fraud-model-training');

    await page.goto('/catalog/default/component/support-llm-finetuning');
    const attention = page.getByRole('list', {
      name: 'Idle and failed GPU jobs',
    });
    await expect(attention).toContainText('support-llm-finetuning-run-idle');
    await expect(attention).toContainText('running: idle GPUs');
    const card = page.locator('.MuiCard-root').filter({ has: attention });
    await page.waitForLoadState('networkidle');
    await card.screenshot({
      path: path.join(SCREENSHOT_DIR, '43-gpu-jobs-overview-card.png'),
    });
  });

  test("a queued job's Kueue queues, place and reason, and the namespace's GPU quota", async ({
    page,
  }) => {
    await signInAsGuest(page);
    const queued = /Queued in training → nlp-llm, \d+(st|nd|rd|th) in line/;
    await tabShowing(
      page,
      '/catalog/default/component/support-llm-finetuning/gpu-jobs',
      [queued],
    );
    const sweep = page
      .getByRole('table', { name: 'GPU jobs' })
      .getByRole('row')
      .filter({ hasText: 'support-llm-finetuning-sweep-1' });
    await expect(sweep).toContainText(queued);
    await expect(sweep).toContainText(
      'insufficient quota for nvidia.com/gpu in flavor a100',
    );
    const a100 = page
      .getByRole('table', { name: 'GPU queues' })
      .getByRole('row')
      .filter({ hasText: 'a100' });
    await expect(a100).toContainText(
      'training → nlp-llm (cohort gpu-training)',
    );
    await expect(a100.getByRole('cell').nth(2)).toHaveText(/^\d+ \/ 4$/);
    await expectCleanPage(page, '46-gpu-jobs-kueue-queued');
  });

  test("a team's jobs and GPU-hours, and its GPU quota", async ({ page }) => {
    await signInAsGuest(page);
    await tabShowing(page, '/catalog/default/group/nlp-llm/gpu-jobs', [
      /support-llm-finetuning-run-idle/,
    ]);
    await expect(page.getByText(/Jobs of team nlp-llm/)).toBeVisible();
    const quota = page.getByRole('table', { name: 'Team GPU quota' });
    await expect(quota).toContainText('nlp-llm (cohort gpu-training)');
    await expect(quota).toContainText('sandbox-east · from nlp-llm/training');
    // ClusterQueue, flavor, nominal, borrowing limit, reserved, used, borrowed, pending / admitted.
    const a100 = quota
      .getByRole('row')
      .filter({ hasText: 'a100' })
      .getByRole('cell');
    await expect(a100.nth(2)).toHaveText('4');
    await expect(a100.nth(3)).toHaveText('unlimited');
    await expect(a100.nth(7)).toHaveText(/^[1-9]\d* \/ \d+$/);
    await expectCleanPage(page, '44-gpu-jobs-team-nlp-llm');
    await page
      .locator('.MuiCard-root')
      .filter({ has: quota })
      .last()
      .screenshot({
        path: path.join(SCREENSHOT_DIR, '47-gpu-jobs-team-quota.png'),
      });
  });
});

test.describe('MIG jobs in the browser', () => {
  test.describe.configure({ timeout: 420_000 });
  test.beforeAll(() => sandboxScenario('mig-jobs'));
  test.afterAll(() => sandboxScenario('healthy'));

  test('a job on a MIG slice shows its profile and its share of a GPU', async ({
    page,
  }) => {
    await signInAsGuest(page);
    await tabShowing(
      page,
      '/catalog/default/component/support-llm-finetuning/gpu-jobs',
      [/support-llm-finetuning-run-mig-3g/, /MIG 3g\.40gb \(0\.43 GPU\)/],
    );
    await expectCleanPage(page, '45-gpu-jobs-mig');
  });
});
