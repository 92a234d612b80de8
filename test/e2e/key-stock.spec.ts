import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VIRTUAL_AUTHENTICATOR_AAGUID } from '../../electron/core/fido/virtual/virtual-aaguid';
import { expect, test } from './fixtures/kiosk';
import { projectRoot } from './fixtures/web-host-process';
import { callBridge, checkScreen } from './screen-checks';

const catalog = JSON.parse(readFileSync(join(projectRoot, 'resources', 'fido', 'aaguids.json'), 'utf8')) as { models: Record<string, { name: string }> };
const trainingKeyModel = catalog.models[VIRTUAL_AUTHENTICATOR_AAGUID]?.name ?? 'missing from aaguids.json';

function stockTab(page: Page, name = 'Key stock', list = 'Parts of the kiosk') {
  return page.getByRole('tablist', { name: list }).getByRole('tab', { name: new RegExp(`^${name}`) });
}

/**
 * Issue 17, item 3, as IT sees it (training kiosk, the built-in training key acting as IT): a
 * delivery recorded on the status screen's Key stock tab, the training key counted by "plugging
 * it in" once and refused the second time, the low-stock warning, the custody screen's line of
 * what is left, and both screens in German.
 */
test.describe('the stock of fresh keys', () => {
  test.describe.configure({ timeout: 120_000 });

  test('IT records a delivery, counts the plugged-in key once, sees the warning below the threshold, and the custody screen shows what is left', async ({ page }) => {
    await page.getByRole('navigation').getByRole('button', { name: 'Kiosk status' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Kiosk status' })).toBeVisible();
    await stockTab(page).click();
    const stock = page.getByTestId('status-stock');
    await expect(stock).toContainText('No keys recorded yet.');
    await checkScreen(page, 'stock-01-empty');

    // The form says what is missing before anything is sent.
    await stock.getByRole('button', { name: 'Record keys' }).click();
    await expect(stock.getByText('Choose the model that arrived.')).toBeVisible();
    await expect(stock.getByText('Give a whole number from 1 to 500.')).toBeVisible();
    await checkScreen(page, 'stock-02-form-problems');

    await stock.getByLabel('Model').selectOption('YubiKey 5 Series with NFC');
    await stock.getByLabel('How many').fill('12');
    await stock.getByLabel('Note (optional)').fill('PO 4711');
    await stock.getByRole('button', { name: 'Record keys' }).click();
    await expect(page.getByTestId('stock-done')).toHaveText('12 keys of YubiKey 5 Series with NFC recorded: 12 left.');
    const rows = page.getByTestId('stock-table').locator('tbody tr');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('YubiKey 5 Series with NFC');
    await expect(rows.first()).not.toContainText('Low');

    // The training key, fresh (no PIN): counted into its model's line, which is low (1 < 5).
    const count = page.getByTestId('stock-count');
    await expect(count).toContainText(trainingKeyModel);
    await count.getByRole('button', { name: 'Count this key' }).click();
    await expect(page.getByTestId('stock-done')).toHaveText(`Counted: ${trainingKeyModel}, 1 left now. Unplug it and plug in the next key.`);
    await expect(rows).toHaveCount(2);
    const trainingRow = rows.filter({ hasText: trainingKeyModel });
    await expect(trainingRow).toContainText('Low');
    await expect(trainingRow.locator('td').nth(3)).toHaveText('5');
    await expect(page.getByTestId('stock-low')).toHaveText('1 model is running low: order or bring more keys before the next session.');
    await expect(stockTab(page)).toHaveAccessibleName(/needs attention/);

    // The same key again, still plugged in: refused, saying what to do.
    await count.getByRole('button', { name: 'Count this key' }).click();
    await expect(count.getByRole('alert')).toHaveText('This key was counted already since it was plugged in. Unplug it and plug in the next key of the delivery.');
    await expect(trainingRow.locator('.stock__left')).toHaveText(/^1\s*!\s*Low$/);
    const recent = page.getByTestId('stock-recent').locator('tbody tr');
    await expect(recent).toHaveCount(2);
    await expect(recent.first()).toContainText('Counted by plugging in');
    await expect(recent.nth(1)).toContainText('PO 4711');
    await checkScreen(page, 'stock-03-counted-low');

    // The custody screen shows what is left, the low model marked.
    await page.getByRole('navigation').getByRole('button', { name: 'Envelopes' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Backup-key envelopes' })).toBeVisible();
    const summary = page.getByTestId('custody-stock');
    await expect(summary).toContainText('YubiKey 5 Series with NFC: 12');
    await expect(summary).toContainText(`${trainingKeyModel}: 1, low`);
    await checkScreen(page, 'stock-04-custody');

    await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Deutsch' }).click();
    await expect(summary).toContainText(`${trainingKeyModel}: 1, knapp`);
    await checkScreen(page, 'stock-05-custody-de');
    await page.getByRole('navigation').getByRole('button', { name: 'Kiosk-Status' }).click();
    await stockTab(page, 'Schlüsselbestand', 'Bereiche des Kiosks').click();
    await expect(page.getByTestId('stock-table')).toContainText('Knapp');
    await expect(page.getByTestId('stock-table')).toContainText('Warnung unter');
    await expect(page.getByTestId('stock-recent')).toContainText('Durch Einstecken gezählt');
    await checkScreen(page, 'stock-06-de');

    const audit = await callBridge<{ ok: boolean }>(page, 'audit.verify', {});
    expect(audit.ok).toBe(true);
  });
});
