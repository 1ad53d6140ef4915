import type { Page } from '@playwright/test';
import { expect } from './fixtures';

// Helpers for the session specs: the sessions panel and the permission dialog, by accessible names.

export async function openSessions(page: Page) {
  await page.getByRole('button', { name: 'Sessions', exact: true }).click();
  const panel = page.getByRole('dialog', { name: 'Sessions' });
  await expect(panel).toBeVisible();
  return panel;
}

export async function allowNext(page: Page, tool: string): Promise<void> {
  const ask = page.getByRole('dialog', { name: /Allow/ });
  await expect(ask).toContainText(tool, { timeout: 20_000 });
  await ask.getByRole('button', { name: 'Allow', exact: true }).click();
}
