import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addPdfQueue, cupsMissing, ensureCups, type PdfQueue } from '../integration/helpers/cups-queue';
import { spawnWebHost, type RunningWebHost } from './fixtures/web-host-process';
import { checkScreen } from './screen-checks';
import { unlockKiosk } from './fixtures/unlock';

/**
 * The Printers section of the Kiosk status screen against real CUPS queues: one ready, one
 * stopped by IT with a reason, as the web host reads them with lpstat.
 */
const missing = cupsMissing();

test.describe('kiosk status: printers', () => {
  test.skip(missing !== null, missing ?? '');
  test.describe.configure({ timeout: 120_000 });

  let sheet: PdfQueue;
  let label: PdfQueue;
  let dataDir: string;
  let host: RunningWebHost;

  test.beforeAll(async () => {
    await ensureCups();
    sheet = addPdfQueue('kiosk-e2e-status-sheet');
    label = addPdfQueue('kiosk-e2e-status-label');
    execFileSync('cupsdisable', ['-r', 'Paused by the test', label.name]);
    dataDir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-printers-'));
    const config = join(dataDir, 'kiosk.json');
    writeFileSync(config, JSON.stringify({ printers: { sheet: { queue: sheet.name, paper: 'Letter' }, label: { queue: label.name, size: 'C6' } } }));
    host = await spawnWebHost(dataDir, ['--config', config]);
  });

  test.afterAll(async () => {
    await host?.stop();
    sheet?.remove();
    label?.remove();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('shows each configured queue with its CUPS state and what to do, in English and German', async ({ page }) => {
    await page.goto(host.url);
    await unlockKiosk(page);
    await page.getByRole('navigation').getByRole('button', { name: 'Kiosk status' }).click();
    // A stopped queue needs IT: the Printers tab carries the marker and opens by itself.
    const printersTab = page.getByRole('tablist', { name: 'Parts of the kiosk' }).getByRole('tab', { name: 'Printers (needs attention)' });
    await expect(printersTab).toHaveAttribute('aria-selected', 'true');
    const section = page.getByTestId('status-printers');
    await expect(section.getByRole('heading', { level: 2, name: 'Printers' })).toBeVisible();

    const sheetCard = section.locator('[data-testid="printer-card"][data-role="sheet"]');
    await expect(sheetCard.getByRole('heading', { level: 3 })).toHaveText('Recovery-code sheets');
    await expect(sheetCard.getByTestId('printer-queue')).toHaveText(sheet.name);
    await expect(sheetCard).toContainText('Letter');
    await expect(sheetCard.getByTestId('printer-state')).toHaveText(/Ready/);
    await expect(sheetCard.getByTestId('printer-next')).toHaveCount(0);

    const labelCard = section.locator('[data-testid="printer-card"][data-role="label"]');
    await expect(labelCard.getByRole('heading', { level: 3 })).toHaveText('Envelope labels');
    await expect(labelCard).toContainText('C6');
    await expect(labelCard.getByTestId('printer-state')).toHaveText(/Queue stopped/);
    await expect(labelCard.getByTestId('printer-next')).toContainText(`ask IT to resume the queue (cupsenable ${label.name})`);
    await expect(labelCard.getByTestId('printer-next')).toContainText('CUPS says: Paused by the test');
    // ensureCups set PreserveJobFiles=No, so no warning about kept documents.
    await expect(section.getByTestId('printers-keeps-job-files')).toHaveCount(0);
    await checkScreen(page, 'status-07-printers-en');

    // IT resumes the queue; "Check again" shows it ready.
    execFileSync('cupsenable', [label.name]);
    await section.getByRole('button', { name: 'Check again' }).click();
    await expect(labelCard.getByTestId('printer-state')).toHaveText(/Ready/);
    // Nothing needs IT now: the marker goes, the Printers tab stays open.
    await expect(page.getByRole('tab', { name: 'Printers', exact: true })).toHaveAttribute('aria-selected', 'true');

    execFileSync('cupsdisable', ['-r', 'Paused by the test', label.name]);
    await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Deutsch' }).click();
    await section.getByRole('button', { name: 'Erneut prüfen' }).click();
    await expect(labelCard.getByTestId('printer-state')).toHaveText(/Angehalten/);
    await expect(page.getByRole('tab', { name: 'Drucker (braucht Aufmerksamkeit)' })).toHaveAttribute('aria-selected', 'true');
    await expect(labelCard.getByTestId('printer-next')).toContainText(`cupsenable ${label.name}`);
    await checkScreen(page, 'status-08-printers-de');
  });
});
