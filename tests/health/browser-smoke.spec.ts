import { test, expect, criterion } from '../../fixtures/index.ts';
import { checkService } from '../../fixtures/non-critical.ts';

test(
  'the front end loads in Chromium with its content, no console errors and no failed requests',
  criterion('health-200'),
  async ({ page, sut, evidence, profile }) => {
    const browser = profile.browser;
    test.skip(!browser, 'not evaluated: the profile has no browser section');
    const allowed = (browser?.allowConsoleErrors ?? []).map((p) => new RegExp(p));
    const consoleErrors: string[] = [];
    const failedRequests: string[] = [];
    // Chromium asks for /favicon.ico on its own; an application without one is not broken.
    const browserOwn = (url: string) => new URL(url).pathname === '/favicon.ico';
    page.on('console', (msg) => {
      if (msg.type() !== 'error' || allowed.some((a) => a.test(msg.text()))) return;
      if (browserOwn(msg.location().url || 'http://x/')) return;
      consoleErrors.push(msg.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(`uncaught ${error.name}: ${error.message}`));
    page.on('requestfailed', (req) => failedRequests.push(`${req.method()} ${req.url()}: ${req.failure()?.errorText}`));
    page.on('response', (res) => {
      if (res.status() >= 400 && !browserOwn(res.url()))
        failedRequests.push(`${res.request().method()} ${res.url()}: ${res.status()}`);
    });
    const service = browser?.service ?? sut.services('web')[0] ?? sut.services('api')[0] ?? 'api';
    const base = sut.frontendUrl ?? sut.apiUrl;
    const url = base + (browser?.path ?? '/');

    await checkService(sut, service, evidence, async () => {
      await page.goto(url, { waitUntil: 'load', timeout: 15_000 });
      for (const item of browser?.visible ?? []) {
        const [locator, what] =
          'role' in item
            ? [
                page.getByRole(item.role as Parameters<typeof page.getByRole>[0], { name: item.name }),
                `${item.role} "${item.name}"`,
              ]
            : 'text' in item
              ? [page.getByText(item.text).first(), `text "${item.text}"`]
              : [
                  page.locator(item.selector).first(),
                  `${item.selector}${item.pattern ? ` matching /${item.pattern}/` : ''}`,
                ];
        const assertion =
          'selector' in item && item.pattern
            ? expect(locator).toHaveText(new RegExp(item.pattern))
            : expect(locator).toBeVisible();
        await assertion.catch((error: Error) => {
          // The cause a user needs is the page's own error, not the element it left empty.
          if (consoleErrors.length > 0)
            throw new Error(
              `the page's script failed in Chromium at ${url}: ${consoleErrors.join('; ')} (so ${what} never appeared)`,
            );
          throw new Error(
            `${url}: ${what} is not visible (the profile's browser.visible): ${error.message.split('\n')[0]}`,
          );
        });
      }
      await test
        .info()
        .attach('page screenshot', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
      expect(consoleErrors, `console errors on ${url}`).toEqual([]);
      expect(failedRequests, `failed requests on ${url}`).toEqual([]);
    });
  },
);
