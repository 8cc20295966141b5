// Optional real-browser look at the frontend (system Chromium + the project's Playwright), if both exist.
import { existsSync } from 'node:fs';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));

// Returns null when no browser is available, else what the page showed and which errors it threw.
export async function renderPage(url) {
  if (!CHROMIUM) return null;
  let chromium;
  try {
    ({ chromium } = await import('@playwright/test'));
  } catch {
    return null;
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (err) => errors.push(`${err.name}: ${err.message}`));
    page.on('console', (msg) => msg.type() === 'error' && errors.push(`console: ${msg.text()}`));
    await page.goto(url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 3000 }).catch(() => {});
    return {
      title: await page.title(),
      version: (await page.textContent('#backend-version'))?.trim(),
      items: await page.locator('#media-requests li').allTextContents(),
      ready: (await page.getAttribute('body', 'data-ready')) === 'true',
      errors,
    };
  } finally {
    await browser.close();
  }
}
