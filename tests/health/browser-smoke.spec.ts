import { test, expect, criterion } from '../../fixtures/index.ts';
import { checkService } from '../../fixtures/non-critical.ts';

test(
  'frontend loads in Chromium with its content, no console errors and no failed requests',
  criterion('health-200'),
  async ({ page, sut, evidence }) => {
    const consoleErrors: string[] = [];
    const failedRequests: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(`uncaught ${error.name}: ${error.message}`));
    page.on('requestfailed', (req) => failedRequests.push(`${req.method()} ${req.url()}: ${req.failure()?.errorText}`));
    page.on('response', (res) => {
      if (res.status() >= 400) failedRequests.push(`${res.request().method()} ${res.url()}: ${res.status()}`);
    });

    await checkService(sut, 'frontend', evidence, async () => {
      await page.goto(sut.frontendUrl, { waitUntil: 'load', timeout: 15_000 });
      await expect(page.getByRole('heading', { name: 'Media Requests' })).toBeVisible();
      // The page's script fills the version from the backend: visible proof that the frontend reaches the API.
      await expect(page.locator('#backend-version'))
        .toHaveText(/\d+\.\d+\.\d+/)
        .catch((error: Error) => {
          // The cause a user needs is the page's own error, not the element it left empty.
          if (consoleErrors.length === 0) throw error;
          throw new Error(
            `the frontend's script failed in Chromium: ${consoleErrors.join('; ')} (so #backend-version was never filled)`,
          );
        });
      await test
        .info()
        .attach('frontend screenshot', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
      expect(consoleErrors, 'console errors on the frontend').toEqual([]);
      expect(failedRequests, 'failed requests on the frontend').toEqual([]);
    });
  },
);
