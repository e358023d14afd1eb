// The fleet page in Debian's Chromium: time from navigation to the first
// 100 rows, to all N rows (rows per page set to 1000), and to re-sort them
// by traffic. Usage: node bench/lib/fleet-render.mjs BASE_URL N
import { chromium } from '@playwright/test';

const [base, size] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
const seconds = ms => `${(ms / 1000).toFixed(2)} s`;
try {
  const page = await browser.newPage({
    viewport: { width: 1600, height: 1000 },
  });
  await page.goto(base);
  await page.getByRole('button', { name: 'Enter' }).click();
  await page.getByRole('link', { name: 'Home' }).first().waitFor();
  const rows = page.locator('table').first().locator('tbody tr');

  let started = Date.now();
  await page.goto(`${base}/mlops/fleet`);
  await rows.nth(99).waitFor({ timeout: 120_000 });
  const first = Date.now() - started;

  // Rows per page: the pagination's select, then 1000.
  await page.locator('[class*="MuiTablePagination-select"]').first().click();
  started = Date.now();
  await page.getByRole('option', { name: '1000' }).click();
  await rows
    .nth(Math.min(Number(size), 1000) - 1)
    .waitFor({ timeout: 120_000 });
  const all = Date.now() - started;

  const firstName = () => rows.first().locator('td').first().textContent();
  const before = await firstName();
  started = Date.now();
  await page
    .locator('[class*="MuiTableSortLabel-root"]', { hasText: 'Traffic' })
    .click();
  await page.waitForFunction(
    ([selector, text]) =>
      document.querySelector(selector)?.textContent !== text,
    ['table tbody tr td', before],
    { timeout: 120_000 },
  );
  const sort = Date.now() - started;
  console.log(
    `  first 100 rows ${seconds(
      first,
    )} after navigation; all ${size} rows ${seconds(
      all,
    )} after choosing 1000 per page; re-sorted by traffic in ${seconds(sort)}`,
  );
} finally {
  await browser.close();
}
