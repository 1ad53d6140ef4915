import type { Page } from '@playwright/test';
import { expect } from './fixtures';

// Helpers for the session specs: the sessions panel and the terminal, by accessible names.

export async function openSessions(page: Page) {
  await page.getByRole('button', { name: 'Sessions', exact: true }).click();
  const panel = page.getByRole('dialog', { name: 'Sessions' });
  await expect(panel).toBeVisible();
  return panel;
}

export async function allowNext(page: Page, tool: string): Promise<void> {
  const ask = page.getByRole('dialog', { name: /Allow/ });
  await expect(ask).toContainText(tool);
  await ask.getByRole('button', { name: 'Allow', exact: true }).click();
}

/** Runs a command in the workspace terminal and waits for `expected` in its output. */
export async function shell(page: Page, command: string, expected: string | RegExp): Promise<void> {
  await page.getByRole('tab', { name: 'Terminal' }).click();
  const terminal = page.getByRole('application', { name: 'Terminal' });
  await terminal.click();
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
  await expect(terminal).toContainText(expected);
  await page.getByRole('tab', { name: 'Files' }).click();
}
