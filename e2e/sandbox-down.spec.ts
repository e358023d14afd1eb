import { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { SCREENSHOT_DIR } from './support';
import {
  freePort,
  output,
  startImageBackend,
  stopBackend,
  waitUntilReady,
} from './productionBackend';

/**
 * A newcomer's first look with the local sandbox off: the portal from the
 * image folder on its local defaults (SQLite, guest sign-in, the example
 * catalog), its sandbox sources on loopback ports nothing listens on. The
 * pages say so in one line with the command that starts the sandbox, never
 * per-source connection errors or "no metrics found".
 */
test.describe('the local sandbox is off', () => {
  test.describe.configure({ timeout: 180_000 });
  let backend: ChildProcess;
  let baseUrl: string;

  test.beforeAll(async ({ request }) => {
    const [port, closed] = [await freePort(), await freePort()];
    baseUrl = `http://127.0.0.1:${port}`;
    backend = startImageBackend(
      {
        MLOPS_IMAGE_BASE_URL: baseUrl,
        MLOPS_IMAGE_PORT: String(port),
        MLOPS_IMAGE_API_TOKEN: 'sandbox-down-spec-token',
        MLOPS_IMAGE_WORK_DIR: process.env.MLOPS_E2E_WORK_DIR ?? '/tmp',
        MLOPS_SANDBOX_EAST_URL: `https://127.0.0.1:${closed}`,
        MLOPS_SANDBOX_WEST_URL: `https://127.0.0.1:${closed}`,
        MLOPS_PROMETHEUS_URL: `http://127.0.0.1:${closed}`,
      },
      [
        'app-config.yaml',
        path.resolve(
          __dirname,
          '../scripts/tests/app-config.image-folder.yaml',
        ),
      ],
    );
    await waitUntilReady(request, baseUrl, backend, output(backend));
  });

  test.afterAll(async () => {
    if (backend) await stopBackend(backend);
  });

  test('a model service says in one line how to start it', async ({ page }) => {
    await page.goto(`${baseUrl}/`);
    await page.getByRole('button', { name: 'Enter' }).click();
    await expect(
      page.getByRole('link', { name: 'Home' }).first(),
    ).toBeVisible();
    await page.goto(
      `${baseUrl}/catalog/default/component/fraud-scorer/serving`,
    );

    const notice = page.getByTestId('local-sandbox-down').first();
    await expect(notice).toContainText(
      'The local sandbox is not running. Start it with ./scripts/start.sh',
    );
    await page.waitForLoadState('networkidle');
    await expect(page.getByText(/ECONNREFUSED/)).toHaveCount(0);
    await expect(page.getByText(/No metrics found/i)).toHaveCount(0);
    await expect(page.getByText(/^(Error|Warning):/)).toHaveCount(0);
    await expect(page.locator('.MuiAlert-standardError')).toHaveCount(0);
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, '05-sandbox-down-serving.png'),
      fullPage: true,
    });
  });
});
