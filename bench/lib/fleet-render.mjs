// The fleet page in Debian's Chromium: time from navigation to the first
// 100 rows, to all N rows (rows per page set to 1000), to re-sort them by
// traffic (checked descending) and to filter them to one owner (checked to
// be that owner's rows only); a screenshot of each state beside the answer.
// Usage: node bench/lib/fleet-render.mjs BASE_URL N OWNER SCREENSHOT_PREFIX
import { chromium } from '@playwright/test';

const [base, size, owner, shots] = process.argv.slice(2);
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
  const rates = (
    await rows.locator('[data-testid="fleet-traffic"]').allTextContents()
  ).map(t => (Number.isNaN(parseFloat(t)) ? -1 : parseFloat(t)));
  if (rates.some((r, i) => i > 0 && r > rates[i - 1]))
    throw new Error('the rows are not sorted by traffic');
  await page.screenshot({ path: `${shots}-sorted.png` });

  await page.getByRole('button', { name: 'filter list' }).click();
  await page
    .locator('[class*="MuiFormControl-root"]', { hasText: 'Owner' })
    .getByRole('button')
    .click();
  started = Date.now();
  await page.getByRole('option', { name: owner, exact: true }).click();
  await page.keyboard.press('Escape');
  await page.waitForFunction(
    ([selector, want]) => document.querySelectorAll(selector).length <= want,
    ['table tbody tr', Math.ceil(Number(size) / 20) + 1],
    { timeout: 120_000 },
  );
  const filter = Date.now() - started;
  const texts = await rows.allTextContents();
  if (texts.length === 0 || texts.some(t => !t.includes(owner)))
    throw new Error(`rows of other owners than ${owner} after filtering`);
  await page.screenshot({ path: `${shots}-filtered.png`, fullPage: false });
  console.log(
    `  first 100 rows ${seconds(
      first,
    )} after navigation; all ${size} rows ${seconds(
      all,
    )} after choosing 1000 per page; re-sorted by traffic in ${seconds(
      sort,
    )}; filtered to ${owner} (${await rows.count()} rows) in ${seconds(
      filter,
    )}`,
  );
} finally {
  await browser.close();
}
