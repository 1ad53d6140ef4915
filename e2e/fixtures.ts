import { test as base, expect, type Page, type Request } from '@playwright/test';
import { startMockProvider, type MockProvider, type ScriptStep } from '../test/fixtures/mock-provider';

export { expect };
export type { ScriptStep };

export const TEST_KEY = 'sk-test-e2e-4f9b2c7d1a';

interface Fixtures {
  /** Every request the page made, for the key-leak check. */
  requests: Request[];
}

interface WorkerFixtures {
  mock: MockProvider;
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  mock: [
    async ({}, use) => {
      const mock = await startMockProvider({ port: 0 });
      await use(mock);
      await mock.close();
    },
    { scope: 'worker' },
  ],
  context: async ({ context }, use) => {
    // Nothing leaves loopback: the WebContainer's host (and anything else) is refused here, as offline.
    await context.route(/^https?:\/\/(?!(127\.0\.0\.1|localhost)(:\d+)?\/)/, (route) =>
      route.abort('internetdisconnected'),
    );
    await use(context);
  },
  requests: async ({ page }, use) => {
    const seen: Request[] = [];
    page.on('request', (r) => seen.push(r));
    await use(seen);
  },
  page: async ({ page, mock }, use) => {
    mock.reset();
    page.on('pageerror', (error) => console.log('[pageerror]', error.message));
    await use(page);
  },
});

export interface ProviderSetup {
  provider: string;
  baseUrl: string;
  apiKey?: string;
  model: string;
}

/** What a new user does: open Settings, fill the four fields by their names, Save. */
export async function configureProvider(page: Page, setup: ProviderSetup): Promise<void> {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Provider').selectOption({ label: setup.provider });
  await dialog.getByLabel('Base URL').fill(setup.baseUrl);
  await dialog.getByLabel('API key').fill(setup.apiKey ?? '');
  await dialog.getByLabel('Model', { exact: true }).fill(setup.model);
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();
}

/** Cycles the mode control to Bypass, waiting for each click to show before reading it again. */
export async function setModeBypass(page: Page): Promise<void> {
  const mode = page.getByRole('button', { name: /^Permission mode/ });
  for (let clicks = 0; clicks < 4; clicks++) {
    const label = (await mode.getAttribute('class')) ?? '';
    if (label.includes('mode-bypassPermissions')) break;
    await mode.click();
    await expect(mode).not.toHaveClass(label);
  }
  await expect(mode).toHaveClass(/mode-bypassPermissions/);
}

export async function sendMessage(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
}

/** Every header value, the URL and the body of a request, to search for a secret. */
export async function requestText(request: Request): Promise<string> {
  const headers = await request.allHeaders();
  return [request.url(), ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), request.postData() ?? ''].join('\n');
}

/** Fails if any request that carries `key` went anywhere but `allowedOrigin`. */
export async function expectKeyOnlySentTo(requests: Request[], key: string, allowedOrigin: string): Promise<number> {
  let carrying = 0;
  for (const request of requests) {
    const text = await requestText(request);
    if (!text.includes(key)) continue;
    carrying++;
    expect(new URL(request.url()).origin, `request to ${request.url()} carried the key`).toBe(allowedOrigin);
    expect(request.url(), 'the key must never be in a URL').not.toContain(key);
  }
  return carrying;
}
