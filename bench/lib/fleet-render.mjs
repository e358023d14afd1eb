// The fleet page in Debian's Chromium, on a fleet of N services: time from
// navigation to the first page (100 rows), to re-sort the N rows by traffic
// on that page, to show all N rows (rows per page set to 1000), to re-sort
// them there (checked descending) and to filter them to one owner (checked
// to be that owner's rows only); screenshots of the sorted and filtered
// states. Usage: node bench/lib/fleet-render.mjs BASE_URL N OWNER SCREENSHOT_PREFIX
import { chromium } from '@playwright/test';

const [base, size, owner, shots] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
const seconds = ms => `${(ms / 1000).toFixed(2)} s`;

/** Milliseconds `action` and then `settled` take. */
async function timed(action, settled) {
  const started = Date.now();
  await action();
  await settled();
  return Date.now() - started;
}

try {
  const page = await browser.newPage({
    viewport: { width: 1600, height: 1000 },
  });
  page.setDefaultTimeout(300_000);
  await page.goto(base);
  await page.getByRole('button', { name: 'Enter' }).click();
  await page.getByRole('link', { name: 'Home' }).first().waitFor();
  const table = page.locator('table').first();
  const rows = table.locator('tbody tr');
  const firstName = () => rows.first().locator('td').first().textContent();
  const traffic = table.locator('[class*="MuiTableSortLabel-root"]', {
    hasText: 'Traffic',
  });
  /** Clicks the Traffic header and waits for another first row. */
  const sortByTraffic = async () => {
    const before = await firstName();
    return timed(
      () => traffic.click(),
      () =>
        page.waitForFunction(
          ([selector, text]) =>
            document.querySelector(selector)?.textContent !== text,
          ['table tbody tr td', before],
        ),
    );
  };

  const first = await timed(
    () => page.goto(`${base}/mlops/fleet`),
    () => rows.nth(99).waitFor(),
  );
  const sortPage = await sortByTraffic();

  await page.locator('[class*="MuiTablePagination-select"]').first().click();
  const all = await timed(
    () => page.getByRole('option', { name: '1000' }).click(),
    () => rows.nth(Math.min(Number(size), 1000) - 1).waitFor(),
  );
  // Ascending after the first click: the second gives busiest first.
  const sortAll = await sortByTraffic();
  const rates = (
    await rows.locator('[data-testid="fleet-traffic"]').allTextContents()
  ).map(t => (Number.isNaN(parseFloat(t)) ? -1 : parseFloat(t)));
  if (rates.some((r, i) => i > 0 && r > rates[i - 1])) {
    throw new Error('the rows are not sorted by traffic, busiest first');
  }
  await page.screenshot({ path: `${shots}-sorted.png` });

  await page.getByRole('button', { name: 'filter list' }).click();
  await page
    .locator('[class*="MuiFormControl-root"]', { hasText: 'Owner' })
    .getByRole('button')
    .click();
  const filter = await timed(
    async () => {
      await page.getByRole('option', { name: owner, exact: true }).click();
      await page.keyboard.press('Escape');
    },
    () =>
      page.waitForFunction(
        ([selector, most]) =>
          document.querySelectorAll(selector).length <= most,
        ['[data-testid="fleet-service"]', Math.ceil(Number(size) / 20)],
      ),
  );
  const texts = (await rows.allTextContents()).filter(t => t.trim() !== '');
  if (texts.length === 0 || texts.some(t => !t.includes(owner))) {
    throw new Error(`rows of other owners than ${owner} after filtering`);
  }
  await page.getByRole('listbox').waitFor({ state: 'hidden' });
  await page.screenshot({ path: `${shots}-filtered.png` });
  console.log(
    `  first page (100 rows) ${seconds(first)} after navigation; ` +
      `${size} rows re-sorted by traffic ${seconds(
        sortPage,
      )} (100 per page); ` +
      `all ${size} rows shown ${seconds(all)} after choosing 1000 per page, ` +
      `re-sorted there in ${seconds(sortAll)}; ` +
      `filtered to ${owner} (${texts.length} rows) in ${seconds(filter)}`,
  );
} finally {
  await browser.close();
}
