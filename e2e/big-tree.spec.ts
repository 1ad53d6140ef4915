import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

// A stored session of 10,000 files, reloaded: the tree is back, only the rows in sight are in the
// page, the keyboard walks it, and a file opens in the editor. The session is written straight
// into IndexedDB as the app stores it (a git clone of that size is the git specs' business).

// 10,000 keeps the spec lean on CI; bench/big-tree.ts measures 20,000.
const FILES = 10_000;

/** Waits for the app's own session, then stores a copy of it holding FILES files, used last so a reload opens it. */
async function seedBigSession(page: Page): Promise<void> {
  await expect
    .poll(() => page.evaluate(() => sessionStorage.getItem('tidepool:tab-session')), { timeout: 30_000 })
    .not.toBeNull();
  await page.evaluate(async (n) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('tidepool-sessions');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const base = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const req = db.transaction('sessions').objectStore('sessions').getAll();
      req.onsuccess = () => resolve((req.result as Record<string, unknown>[])[0]);
      req.onerror = () => reject(req.error);
    });
    const id = 'e2e-big-tree';
    const tx = db.transaction(['sessions', 'files'], 'readwrite');
    tx.objectStore('sessions').put({ ...base, id, title: 'Big workspace', lastUsedAt: Date.now() + 1e9 });
    const files = tx.objectStore('files');
    const encoder = new TextEncoder();
    for (let i = 0; i < n; i++)
      files.put({
        sessionId: id,
        path: `/workspace/src/d${i % 20}/f${String(i).padStart(5, '0')}.ts`,
        data: encoder.encode(`export const v${i} = ${i};\n`),
        mtimeMs: Date.now(),
      });
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, FILES);
}

test('a 10,000-file session reloads with its tree usable, windowed, walkable by keyboard, and a file opens in the editor', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.goto('/');
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeEnabled();
  await seedBigSession(page);
  await page.reload();

  const workspace = page.getByRole('region', { name: 'Workspace' });
  const tree = workspace.getByRole('tree', { name: 'Workspace files' });
  const src = tree.getByRole('treeitem', { name: 'src', exact: true });
  await expect(src).toBeVisible({ timeout: 30_000 });
  await src.click();
  await tree.getByRole('treeitem', { name: 'd7', exact: true }).click();
  await expect(tree.getByRole('treeitem', { name: 'd7', exact: true })).toHaveAttribute('aria-expanded', 'true');

  // FILES / 20 files in d7 (f00007.ts first) and twenty folders are rows; only a window of them is in the page.
  await expect(tree.getByRole('treeitem', { name: 'f00007.ts', exact: true })).toBeVisible();
  expect(await tree.getByRole('treeitem').count()).toBeLessThan(120);
  await expect(tree.getByRole('treeitem', { name: 'f00007.ts', exact: true })).toHaveAttribute(
    'aria-setsize',
    String(FILES / 20),
  );

  // The keyboard walks the whole list: End reaches the last folder, far below the window it started in.
  await tree.getByRole('treeitem', { name: 'd7', exact: true }).getByRole('button').focus();
  await page.keyboard.press('End');
  await expect(tree.getByRole('treeitem', { name: 'd9', exact: true }).getByRole('button')).toBeFocused();
  await expect(tree.getByRole('treeitem', { name: 'f00007.ts', exact: true })).toHaveCount(0);
  await page.keyboard.press('ArrowUp');
  await expect(tree.getByRole('treeitem', { name: 'd8', exact: true }).getByRole('button')).toBeFocused();
  await page.keyboard.press('Home');
  await expect(src.getByRole('button')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(tree.getByRole('treeitem', { name: 'd0', exact: true }).getByRole('button')).toBeFocused();

  // A file opens in the editor with its stored contents.
  await tree.getByRole('treeitem', { name: 'f00007.ts', exact: true }).click();
  await expect(workspace.getByRole('tab', { name: 'f00007.ts' })).toBeVisible();
  await expect(workspace.locator('.monaco-editor .view-lines')).toContainText('export const v7 = 7;', {
    timeout: 30_000,
  });
});
