import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures/kiosk';
import { touchUnlockKiosk } from './fixtures/unlock';
import { callBridge, checkScreen, goodAndBadRoster, scanWithReader } from './screen-checks';

test.describe('facilitator session in the web host', () => {
  // Every screen gets an axe run and a full-page screenshot; on two shared cores that takes time.
  test.describe.configure({ timeout: 180_000 });

  test('start, preview a roster with 3 bad lines, import 12, check one in, end and export the report', async ({ page }) => {
    await expect(page.getByRole('heading', { level: 1, name: 'Start a session' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Training mode' })).toBeVisible();
    await checkScreen(page, 'facilitator-01-start-session');

    // Validation: every empty field is named before anything is sent.
    await page.getByLabel('Planned length in minutes').fill('3');
    await page.getByRole('button', { name: 'Start session' }).click();
    await expect(page.getByText('Please correct 3 fields before starting.')).toBeVisible();
    await expect(page.getByText('Enter the department.')).toBeVisible();
    await expect(page.getByText('Choose a length between 5 and 240 minutes.')).toBeVisible();
    await expect(page.getByLabel('Department')).toBeFocused();
    await checkScreen(page, 'facilitator-02-start-session-validation');

    await page.getByLabel('Department').fill('Research & Development');
    await page.getByLabel('Room').fill('B-204');
    await page.getByLabel('Planned length in minutes').fill('30');
    await page.getByRole('button', { name: 'Start session' }).click();

    await expect(page.getByRole('heading', { level: 1, name: 'Import the roster' })).toBeVisible();
    await checkScreen(page, 'facilitator-03-roster-empty');

    await page.getByLabel('Roster CSV file').setInputFiles(goodAndBadRoster);
    await expect(page.getByText('12 rows are ready to import.')).toBeVisible();
    await expect(page.getByText('3 rows will not be imported.')).toBeVisible();
    await expect(page.getByTestId('roster-read-as')).toHaveText('Read as UTF-8, values separated by commas.');
    const rejected = page.getByTestId('rejected-rows').locator('tbody tr');
    await expect(rejected).toHaveCount(3);
    const lines = await rejected.locator('th').allInnerTexts();
    expect(lines.map(Number)).toEqual([5, 8, 13]);
    // Each rejected line says why: missing email, a malformed email, a duplicate badge id.
    await expect(rejected.nth(0)).toContainText(/email/i);
    await expect(rejected.nth(1)).toContainText(/email/i);
    await expect(rejected.nth(2)).toContainText(/200203/);
    await expect(rejected.nth(2)).toContainText(/duplicate|already|twice/i);
    await checkScreen(page, 'facilitator-04-roster-preview');

    await page.getByRole('button', { name: 'Import 12 attendees' }).click();
    await expect(page.getByText('Imported 12 attendees. 3 rows were not imported.')).toBeVisible();
    await checkScreen(page, 'facilitator-05-roster-imported');
    await page.getByRole('button', { name: 'Go to the session board' }).click();

    await expect(page.getByRole('heading', { level: 1, name: 'Session board' })).toBeVisible();
    const grid = page.getByTestId('board-grid');
    await expect(grid.locator('tbody tr')).toHaveCount(12);
    await expect(page.getByTestId('clock-pace')).toContainText('0 of 12 done');
    await expect(page.getByTestId('clock-elapsed')).toHaveText(/^\d+:\d\d$/);
    await checkScreen(page, 'facilitator-06-board');

    // Check in one attendee through the badge check, then the board shows it.
    await page.getByRole('button', { name: 'Open badge check' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Scan your badge' })).toBeVisible();
    await scanWithReader(page, '200201');
    await expect(page.getByRole('heading', { level: 1, name: 'Welcome, Nadia' })).toBeVisible();
    await page.getByLabel('I have compared the face with the badge photo / the person').check();
    await page.getByLabel('Manager is present').check();
    await page.getByRole('button', { name: 'Confirm identity' }).click();
    // The attendee moves on to the phone passkey; the confirmation stays as a notice above it.
    await expect(page.getByTestId('identity-confirmed')).toContainText('Identity confirmed');

    // The attendee's journey holds the kiosk: the facilitator comes back with a touch of their key.
    await touchUnlockKiosk(page);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('button', { name: 'Session board' }).click();
    const nadia = grid.locator('tr[data-badge="200201"]');
    await expect(nadia.locator('td[data-status="done"]')).toHaveCount(1);
    await expect(nadia.locator('td[data-status="done"]')).toContainText('Done');
    await checkScreen(page, 'facilitator-07-board-after-check-in');

    await page.getByRole('button', { name: 'End session' }).click();
    await expect(page.getByRole('heading', { name: 'End the session now?' })).toBeVisible();
    await checkScreen(page, 'facilitator-08-end-confirm');
    await page.getByRole('button', { name: 'Yes, end the session' }).click();

    await expect(page.getByRole('heading', { level: 1, name: 'Session report' })).toBeVisible();
    await expect(page.getByText('0 of 12 attendees completed every step.')).toBeVisible();
    const badgeRow = page.getByTestId('report-steps').locator('tbody tr').first();
    await expect(badgeRow.locator('th')).toHaveText('Badge check');
    await expect(badgeRow.locator('td').first()).toHaveText('1');
    const incomplete = page.getByTestId('report-incomplete').locator('tbody tr');
    await expect(incomplete).toHaveCount(12);
    // Who is incomplete and why: the checked-in attendee's phone passkey was begun, the rest not.
    const nadiaOpen = incomplete.and(page.locator('[data-badge="200201"]'));
    await expect(nadiaOpen).toContainText('In progress: Phone passkey');
    await expect(nadiaOpen).toContainText('Not started: Backup key, Recovery codes, and Envelope');
    await checkScreen(page, 'facilitator-09-report');

    const downloadPromise = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv).toContain('Nadia');
    expect(csv).toContain('Haddad');
    expect(csv).toContain('Ines');
    expect(csv.trim().split(/\r?\n/).length).toBeGreaterThanOrEqual(13);
    await expect(page.getByText(`Saved ${download.suggestedFilename()}.`)).toBeVisible();
    await checkScreen(page, 'facilitator-10-report-exported');

    // After a reload the start screen offers the report of the session that just ended.
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Start a session' })).toBeVisible();
    const lastReport = page.getByRole('button', { name: /^Report of the last session \(Research & Development, .*\d\d:\d\d\)$/ });
    await expect(lastReport).toBeVisible();
    await checkScreen(page, 'facilitator-12-start-after-reload');
    await lastReport.click();
    await expect(page.getByRole('heading', { level: 1, name: 'Session report' })).toBeVisible();
    await expect(page.getByText('0 of 12 attendees completed every step.')).toBeVisible();
    await expect(page.getByTestId('report-incomplete').locator('tbody tr')).toHaveCount(12);
  });

  test('a roster dropped on the drop zone is previewed the same way as a chosen file', async ({ page }) => {
    await page.getByLabel('Department').fill('Finance');
    await page.getByLabel('Room').fill('A-1');
    await page.getByRole('button', { name: 'Start session' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Import the roster' })).toBeVisible();

    const csv = readFileSync(goodAndBadRoster, 'utf8');
    const dataTransfer = await page.evaluateHandle((text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], 'dropped.csv', { type: 'text/csv' }));
      return transfer;
    }, csv);
    const zone = page.locator('.dropzone');
    await zone.dispatchEvent('dragover', { dataTransfer });
    await expect(page.getByText('Release to read the file')).toBeVisible();
    await zone.dispatchEvent('drop', { dataTransfer });
    await expect(page.getByText('File: dropped.csv')).toBeVisible();
    await expect(page.getByText('12 rows are ready to import.')).toBeVisible();
    await expect(page.getByTestId('rejected-rows').locator('tbody tr')).toHaveCount(3);
  });

  test('in training mode the training roster loads with one button', async ({ page }) => {
    await page.getByLabel('Department').fill('Training');
    await page.getByLabel('Room').fill('Lab');
    await page.getByRole('button', { name: 'Start session' }).click();
    await page.getByRole('button', { name: 'Load the training roster' }).click();
    await expect(page.getByText(/^Imported [1-9]\d* attendees\./)).toBeVisible();
    await page.getByRole('button', { name: 'Go to the session board' }).click();
    await expect(page.getByTestId('board-grid').locator('tbody tr').first()).toBeVisible();
    await checkScreen(page, 'facilitator-11-board-training-roster');
  });

  test('the German locale renders every facilitator screen in German, and the choice survives a reload', async ({ page }) => {
    await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Deutsch' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    // The kiosk stores the choice (app.setLocale); a reload asks app.info again and stays German.
    await expect(page.getByRole('group', { name: 'Sprache' }).getByRole('button', { name: 'Deutsch' })).toHaveAttribute('aria-pressed', 'true');
    await expect.poll(async () => (await callBridge<{ locale: string }>(page, 'app.info', {})).locale).toBe('de');
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await expect(page.getByRole('heading', { level: 1, name: 'Sitzung starten' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Trainingsmodus' })).toBeVisible();
    await page.getByRole('button', { name: 'Sitzung starten' }).click();
    await expect(page.getByText('Geben Sie die Abteilung an.')).toBeVisible();
    await checkScreen(page, 'german-01-start-session-validation');

    await page.getByLabel('Abteilung').fill('Forschung & Entwicklung');
    await page.getByLabel('Raum').fill('B-204');
    await page.getByRole('button', { name: 'Sitzung starten' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Teilnehmerliste importieren' })).toBeVisible();
    await page.getByLabel('CSV-Datei der Teilnehmerliste').setInputFiles(goodAndBadRoster);
    await expect(page.getByText('12 Zeilen können importiert werden.')).toBeVisible();
    await checkScreen(page, 'german-02-roster-preview');
    await page.getByRole('button', { name: '12 Teilnehmende importieren' }).click();
    await page.getByRole('button', { name: 'Zur Sitzungsübersicht' }).click();
    await expect(page.getByTestId('clock-pace')).toContainText('0 von 12 fertig');
    await expect(page.getByTestId('board-grid')).toContainText('Offen');
    await checkScreen(page, 'german-03-board');

    await page.getByRole('button', { name: 'Ausweisprüfung öffnen' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Ausweis scannen' })).toBeVisible();
    await checkScreen(page, 'german-04-badge-waiting');
    await scanWithReader(page, '200205');
    await expect(page.getByRole('heading', { level: 1, name: 'Willkommen, Elena' })).toBeVisible();
    await checkScreen(page, 'german-05-badge-matched');
  });

  test('a Windows-1252 export (Excel "CSV" on German Windows) is previewed in German with its umlauts and its encoding named', async ({ page }) => {
    await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Deutsch' }).click();
    await page.getByLabel('Abteilung').fill('Einkauf Süd');
    await page.getByLabel('Raum').fill('C-3');
    await page.getByRole('button', { name: 'Sitzung starten' }).click();
    const roster = [
      'Ausweis;Vorname;Nachname;E-Mail;Abteilung;Vorgesetzte(r)',
      '310101;Jürgen;Müller;juergen.mueller@example.com;Einkauf Süd;Zoë Brückner',
      '310102;Änne;Weiß;aenne.weiss@example.com;Einkauf Süd;Zoë Brückner',
      '310103;Björn;Größer;bjoern.groesser@example.com;Einkauf Süd;',
    ].join('\r\n');
    await page.getByLabel('CSV-Datei der Teilnehmerliste').setInputFiles({ name: 'einkauf-ansi.csv', mimeType: 'text/csv', buffer: Buffer.from(roster, 'latin1') });
    await expect(page.getByText('3 Zeilen können importiert werden.')).toBeVisible();
    await expect(page.getByTestId('roster-read-as')).toHaveText('Gelesen als Windows-1252 (Westeuropäisch), Werte getrennt durch Semikolons.');
    await page.getByText('Zeilen anzeigen, die importiert werden').click();
    for (const name of ['Jürgen Müller', 'Änne Weiß', 'Björn Größer', 'Zoë Brückner']) await expect(page.getByText(name).first()).toBeVisible();
    await checkScreen(page, 'german-06-roster-preview-windows-1252');
  });
});
