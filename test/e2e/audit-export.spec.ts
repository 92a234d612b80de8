import { readFileSync } from 'node:fs';
import { verifyAuditExport } from '../../electron/core/audit/audit-export-verify';
import { expect, test } from './fixtures/kiosk';
import { callBridge, checkScreen } from './screen-checks';

test.describe('audit tab: the signed export', () => {
  test.describe.configure({ timeout: 120_000 });

  test("shows the kiosk's signing key and downloads a range of days as a signed file that verifies with that key, in English and German", async ({ page }) => {
    await expect(page.getByRole('heading', { level: 1, name: 'Start a session' })).toBeVisible();
    await callBridge(page, 'session.start', { department: 'Finance', room: 'A-1', plannedMinutes: 30 });
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Session board' })).toBeVisible();
    await page.getByRole('navigation').getByRole('button', { name: 'Kiosk status' }).click();
    await page.getByRole('tablist', { name: 'Parts of the kiosk' }).getByRole('tab', { name: /^Audit log/ }).click();

    const fingerprint = page.getByTestId('audit-signing-key');
    await expect(fingerprint).toHaveText(/^SHA256:[A-Za-z0-9+/]{43}$/);
    await expect(page.getByLabel('From (day)')).toHaveValue(/^\d{4}-\d{2}-\d{2}$/);
    await expect(page.getByLabel('To (day, included)')).toHaveValue(/^\d{4}-\d{2}-\d{2}$/);
    await checkScreen(page, 'status-audit-export-01-en');

    // A "to" before the "from" cannot be sent, and says why.
    const to = await page.getByLabel('To (day, included)').inputValue();
    await page.getByLabel('From (day)').fill('2099-01-01');
    await expect(page.getByRole('button', { name: 'Export signed file' })).toBeDisabled();
    await expect(page.getByTestId('audit-export')).toContainText('Choose both days, the second not before the first.');
    await page.getByLabel('From (day)').fill(to);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export signed file' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^audit-log-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.json$/);
    // The training key's enrolment, its unlock attempt and the unlock, then session.start.
    await expect(page.getByTestId('audit-export-saved')).toHaveText(`Saved ${file.suggestedFilename()}: 4 events.`);
    const check = verifyAuditExport(readFileSync(await file.path(), 'utf8'), { expectedKey: (await fingerprint.textContent()) ?? '' });
    expect(check).toMatchObject({ ok: true, head: { events: 4, exportedBy: 'Training facilitator' } });
    // The export is itself an audited event: the chain check counts it.
    await page.getByRole('button', { name: 'Check again' }).click();
    await expect(page.getByTestId('audit-result')).toHaveText(/^✓\s*5 events, chain intact$/);
    await checkScreen(page, 'status-audit-export-02-en-saved');

    await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Deutsch' }).click();
    await expect(page.getByRole('button', { name: 'Signierte Datei exportieren' })).toBeVisible();
    await expect(page.getByLabel('Bis (Tag, einschließlich)')).toBeVisible();
    await checkScreen(page, 'status-audit-export-03-de');
  });
});
