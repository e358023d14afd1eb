import { APIRequestContext, expect, Page, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { apiAuth, screenshot, signInAsGuest } from './support';

/** A parameter set the template accepts; each case below spoils one thing. */
const validValues = JSON.parse(
  fs.readFileSync(
    path.resolve(
      __dirname,
      '..',
      'templates/model-service/tests/params/cpu-sklearn-github.json',
    ),
    'utf8',
  ),
);
const templateRef = 'template:default/model-service';

async function waitForTemplate(request: APIRequestContext) {
  await expect
    .poll(
      async () =>
        (
          await request.get(
            '/api/catalog/entities/by-name/template/default/model-service',
            { headers: apiAuth() },
          )
        ).status(),
      { timeout: 60_000 },
    )
    .toBe(200);
}

async function taskCount(request: APIRequestContext): Promise<number> {
  const response = await request.get('/api/scaffolder/v2/tasks', {
    headers: apiAuth(),
  });
  expect(response.status()).toBe(200);
  return (await response.json()).totalTasks;
}

test.describe('model-service template: bad input through the API', () => {
  test.beforeAll(async ({ request }) => waitForTemplate(request));

  for (const [name, change, message] of [
    [
      'an uppercase name',
      { name: 'Fraud-Scorer' },
      'instance.name does not match',
    ],
    ['a path as name', { name: '../x' }, 'instance.name does not match'],
    [
      'shell metacharacters',
      { name: 'svc-$(id)' },
      'instance.name does not match',
    ],
    [
      'YAML metacharacters',
      { name: 'svc: {a: b}' },
      'instance.name does not match',
    ],
    [
      'a 300-character name',
      { name: 'a'.repeat(300) },
      'instance.name does not meet maximum length of 40',
    ],
    [
      'GPU count 0',
      { compute: 'gpu', gpuType: 'NVIDIA-L4', gpuCount: 0 },
      'instance.gpuCount must be greater than or equal to 1',
    ],
    [
      'GitLab CI for a github.com repository',
      { ciProvider: 'gitlab-ci' },
      'instance.ciProvider does not exactly match expected constant: github-actions',
    ],
  ] as const) {
    test(`task creation refuses ${name} with 400 and creates no task`, async ({
      request,
    }) => {
      const before = await taskCount(request);
      const response = await request.post('/api/scaffolder/v2/tasks', {
        headers: apiAuth(),
        data: { templateRef, values: { ...validValues, ...change } },
      });
      expect(response.status()).toBe(400);
      const { errors } = (await response.json()) as {
        errors: Array<{ stack: string }>;
      };
      expect(errors.map(e => e.stack).join('\n')).toContain(message);
      expect(await taskCount(request)).toBe(before);
    });
  }

  test('a task with max below min replicas fails at its first step, before any file', async ({
    request,
  }) => {
    const response = await request.post('/api/scaffolder/v2/tasks', {
      headers: apiAuth(),
      data: {
        templateRef,
        values: { ...validValues, minReplicas: 5, maxReplicas: 3 },
      },
    });
    expect(response.status()).toBe(201);
    const { id } = await response.json();

    await expect
      .poll(
        async () =>
          (
            await (
              await request.get(`/api/scaffolder/v2/tasks/${id}`, {
                headers: apiAuth(),
              })
            ).json()
          ).status,
        { timeout: 30_000 },
      )
      .toBe('failed');
    type TaskEvent = {
      type: string;
      body: { stepId?: string; status?: string; error?: { message: string } };
    };
    const events: TaskEvent[] = await (
      await request.get(`/api/scaffolder/v2/tasks/${id}/events`, {
        headers: apiAuth(),
      })
    ).json();
    const completion = events.find(e => e.type === 'completion');
    expect(completion?.body.error).toEqual({
      name: 'InputError',
      message:
        'Invalid model service: maxReplicas (3) must be greater than or equal to minReplicas (5)',
    });
    const skipped = events
      .filter(e => e.body.status === 'skipped')
      .map(e => e.body.stepId);
    expect(skipped).toEqual([
      'fetch',
      'prune',
      'vllm-test-lock',
      'publish-github',
      'publish-gitlab',
      'register',
    ]);
  });
});

/** Fills the first step with valid values, then applies `name`. */
async function fillServiceStep(page: Page, name: string) {
  await page.goto('/create/templates/default/model-service');
  await page.locator('#root_name').fill(name);
  await page.locator('#root_description').fill('Scores card payments');
  await page.getByRole('textbox', { name: 'Owner' }).fill('fraud');
  await page.getByRole('option').first().click();
  await page.getByRole('textbox', { name: 'System' }).fill('fraud');
  await page.getByRole('option').first().click();
  await page.getByRole('button', { name: 'Next' }).click();
}

test.describe('model-service template: bad input in the Create form', () => {
  test.beforeEach(async ({ page, request }) => {
    await waitForTemplate(request);
    await signInAsGuest(page);
  });

  test('refuses an invalid name with a message', async ({ page }) => {
    await fillServiceStep(page, 'Fraud_Scorer');
    await expect(
      page.getByText(
        'use only lowercase letters, digits and dashes, starting and ending with a letter or digit',
      ),
    ).toHaveCount(2); // the list at the top and the field's own message
    await expect(page.locator('#root_framework')).toHaveCount(0);
    await screenshot(page, '10-create-bad-name');
  });

  test('refuses GPU count 0 and max below min replicas', async ({ page }) => {
    await fillServiceStep(page, 'fraud-scorer-v3');
    await page.locator('#root_compute').click();
    await page.getByRole('option', { name: 'NVIDIA GPU' }).click();
    const gpuCount = page.locator('#root_gpuCount');
    await gpuCount.fill('0');
    await page.getByRole('button', { name: 'Next' }).click();
    // The browser's own check of the number input's minimum stops the step.
    expect(
      await gpuCount.evaluate(i => (i as HTMLInputElement).validationMessage),
    ).toMatch(/greater than or equal to 1/);
    await expect(page.locator('#root_minReplicas')).toHaveCount(0);

    await gpuCount.fill('1');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.locator('#root_minReplicas').fill('5');
    await page.locator('#root_maxReplicas').fill('3');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(
      page.getByText('must be greater than or equal to minReplicas (5)'),
    ).toHaveCount(2);
    await expect(page.locator('#root_ciProvider')).toHaveCount(0);
    await screenshot(page, '11-create-max-below-min');

    await page.locator('#root_maxReplicas').fill('8');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.locator('#root_ciProvider')).toBeVisible();
  });

  test('refuses GitLab CI for a github.com repository', async ({ page }) => {
    await fillServiceStep(page, 'fraud-scorer-v3');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.locator('#root_ciProvider').click();
    await page.getByRole('option', { name: 'GitLab CI' }).click();
    await page.getByRole('textbox', { name: 'Owner' }).fill('example-ml');
    await page.getByRole('textbox', { name: 'Repository' }).fill('scorer');
    await page.getByRole('button', { name: 'Review' }).click();
    await expect(
      page.getByText(
        'a github.com repository needs GitHub Actions (or choose gitlab.com as the host)',
      ),
    ).toHaveCount(2);
    await screenshot(page, '12-create-host-mismatch');
  });
});
