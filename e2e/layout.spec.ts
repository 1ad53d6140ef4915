import { mkdirSync } from 'node:fs';
import { configureProvider, expect, sendMessage, test, TEST_KEY } from './fixtures';

// Layout: the chat/workbench split resizes and survives a reload; a phone-width screen keeps
// every control reachable without sideways scrolling; /help lists the shortcuts.

test('the workbench separator resizes by keyboard and by drag, and the width survives a reload', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto('/');
  const bar = page.getByRole('separator', { name: 'Resize workbench' });
  await expect(bar).toBeVisible();
  await expect(bar).toHaveAttribute('aria-orientation', 'vertical');
  const panel = page.getByRole('region', { name: 'Workspace' });
  const before = (await panel.boundingBox())!.width;

  await bar.focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowLeft');
  const widened = (await panel.boundingBox())!.width;
  expect(widened).toBeGreaterThan(before + 40);
  expect(Number(await bar.getAttribute('aria-valuenow'))).toBeCloseTo(widened, -1);

  const box = (await bar.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x - 100, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  const dragged = (await panel.boundingBox())!.width;
  expect(dragged).toBeGreaterThan(widened + 80);

  await page.reload();
  await expect(panel).toBeVisible();
  expect(Math.abs((await panel.boundingBox())!.width - dragged)).toBeLessThan(3);

  // The tree/editor split inside the workbench: arrow keys resize it, and it too is remembered.
  await panel.getByRole('button', { name: 'New file' }).click();
  await panel.getByRole('textbox', { name: 'New file name' }).fill('a.txt');
  await page.keyboard.press('Enter');
  const treeBar = panel.getByRole('separator', { name: 'Resize file tree' });
  await expect(treeBar).toBeVisible();
  await expect(treeBar).toHaveAttribute('aria-orientation', 'horizontal');
  const treeBefore = Number(await treeBar.getAttribute('aria-valuenow'));
  await treeBar.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(treeBar).toHaveAttribute('aria-valuenow', String(treeBefore + 32));
  await page.reload();
  await panel.getByRole('tree', { name: 'Workspace files' }).getByRole('treeitem', { name: 'a.txt' }).click();
  await expect(treeBar).toHaveAttribute('aria-valuenow', String(treeBefore + 32));

  // Clamped: the chat never collapses; double-click puts the default back.
  await bar.focus();
  await page.keyboard.press('End');
  const chat = page.getByRole('region', { name: 'Chat' });
  expect((await chat.boundingBox())!.width).toBeGreaterThanOrEqual(355);
  await bar.dblclick();
  expect(Math.abs((await panel.boundingBox())!.width - before)).toBeLessThan(3);
});

test('at 390×844 the header fits, Send and Settings show, chat and workspace switch, and there is no sideways scroll', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Settings', exact: true })).toBeVisible();
  const noSideScroll = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  expect(await noSideScroll()).toBe(true);
  mkdirSync('e2e/screenshots', { recursive: true });
  await page.screenshot({ path: 'e2e/screenshots/mobile-390-chat.png' });

  // The secondary controls sit in a menu.
  await page.getByRole('button', { name: 'More' }).click();
  await expect(page.getByRole('menu', { name: 'More' }).getByRole('menuitem', { name: 'Sessions' })).toBeVisible();
  await page.keyboard.press('Escape');

  // Chat and workspace are switchable views, not side by side.
  await page.getByRole('button', { name: 'Workspace', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Workspace' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Chat' })).toBeHidden();
  expect(await noSideScroll()).toBe(true);
  await page.screenshot({ path: 'e2e/screenshots/mobile-390-workspace.png' });
  await page.getByRole('button', { name: 'Workspace', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Chat' })).toBeVisible();
});

test('/help lists the keyboard shortcuts', async ({ page, mock }) => {
  await page.goto('/');
  await configureProvider(page, {
    provider: 'Anthropic',
    baseUrl: mock.url,
    apiKey: TEST_KEY,
    model: 'claude-sonnet-4-5',
  });
  await sendMessage(page, '/help');
  const log = page.getByRole('log', { name: 'Conversation' });
  await expect(log.getByRole('cell', { name: 'Shift+Tab', exact: true })).toBeVisible();
  await expect(log.getByRole('cell', { name: 'Ctrl/Cmd+S', exact: true })).toBeVisible();
  await expect(log.getByRole('cell', { name: 'Esc Esc', exact: true })).toBeVisible();
});
