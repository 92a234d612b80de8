import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { englishMessages } from '../../shared/contract/messages-en';
import { de } from '../../renderer/src/i18n/de';
import { en } from '../../renderer/src/i18n/en';
import { germanMessages } from '../../shared/contract/messages-de';
import { startKioskWithKey, type KioskWithKey } from './fixtures/kiosk-with-key';
import { TRAINING_FACILITATOR_PIN } from '../../electron/core/access/training-facilitator-key';
import { comeBack } from './fixtures/unlock';
import { checkIn } from './journey-helpers';
import { callBridge, checkScreen, scanWithReader } from './screen-checks';

/**
 * English sentences a German screen must never show: every English text (dictionary and core
 * messages) that differs from its German, cut at its {placeholders}, keeping pieces of more
 * than three words, so a sentence with a name or a number filled in is still recognised.
 */
function englishSentences(): string[] {
  const pairs: [unknown, unknown][] = [
    ...Object.keys(en).map((key) => [en[key as keyof typeof en], de[key as keyof typeof de]] as [unknown, unknown]),
    ...Object.keys(englishMessages).map((code) => [englishMessages[code as keyof typeof englishMessages], germanMessages[code as keyof typeof germanMessages]] as [unknown, unknown]),
  ];
  const texts = (value: unknown): string[] => (typeof value === 'string' ? [value] : Object.values(value as Record<string, string>));
  const pieces = new Set<string>();
  for (const [english, german] of pairs) {
    if (JSON.stringify(english) === JSON.stringify(german)) continue;
    for (const text of texts(english)) {
      for (const piece of text.split(/\{\w+\}/)) {
        const trimmed = piece.trim().replace(/^[.,;:()"]+|[,;:("]+$/g, '').trim();
        if (trimmed.split(/\s+/).length > 3) pieces.add(trimmed);
      }
    }
  }
  return [...pieces];
}

const english = englishSentences();

async function expectNoEnglish(page: Page, screen: string): Promise<void> {
  const visible = await page.locator('body').innerText();
  const found = english.filter((sentence) => visible.includes(sentence));
  expect(found, `English on the German screen "${screen}"`).toEqual([]);
}

let kiosk: KioskWithKey | null = null;
test.afterEach(async () => {
  await kiosk?.stop();
  kiosk = null;
});

test.describe('failure screens in German', () => {
  test.describe.configure({ timeout: 240_000 });

  test('roster refusals (Windows-1252 with umlauts), unknown badge and key failures show no English sentence', async ({ page }) => {
    expect(english.length).toBeGreaterThan(300);
    kiosk = await startKioskWithKey({ linkLifetimeSeconds: 600 });
    await page.goto(kiosk.host.url);
    // The kiosk starts locked: the training facilitator key unlocks it, as a facilitator would.
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await callBridge(page, 'access.unlock', { pin: TRAINING_FACILITATOR_PIN });
    const session = await callBridge<{ id: string }>(page, 'session.start', { department: 'Einkauf Süd', room: 'C-3', plannedMinutes: 30 });
    await callBridge(page, 'roster.loadTraining', { sessionId: session.id });
    await page.reload();
    await page.getByRole('button', { name: 'Deutsch' }).click();

    // A roster as Excel saves it on German Windows, with refused rows whose reasons come from the core.
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('button', { name: 'Teilnehmerliste' }).click();
    const roster = [
      'Ausweis;Vorname;Nachname;E-Mail;Abteilung;Vorgesetzte(r)',
      '310101;Jürgen;Müller;juergen.mueller@example.com;Einkauf Süd;Zoë Brückner',
      '31;Änne;;aenne.weiss;Einkauf Süd;Zoë Brückner',
      '310103;Björn;Größer;bjoern.groesser@example.com;Einkauf Süd;Zoë Brückner;extra',
      '310101;Jörg;Weiß;joerg.weiss@example.com;Einkauf Süd;',
      '100101;Doppelt;Übung;doppelt@example.com;Einkauf Süd;',
    ].join('\r\n');
    await page.getByLabel('CSV-Datei der Teilnehmerliste').setInputFiles({ name: 'einkauf-ansi.csv', mimeType: 'text/csv', buffer: Buffer.from(roster, 'latin1') });
    await expect(page.getByTestId('roster-read-as')).toHaveText('Gelesen als Windows-1252 (Westeuropäisch), Werte getrennt durch Semikolons.');
    const rejected = page.getByTestId('rejected-rows');
    await expect(rejected).toContainText('Ausweisnummer: braucht mindestens 3 Zeichen. Nachname: fehlt. E-Mail: keine gültige Adresse.');
    await expect(rejected).toContainText('Die Zeile hat 7 Werte, die Kopfzeile nennt aber 6 Spalten; ein Wert enthält vielleicht ein „;“ ohne Anführungszeichen.');
    await expect(rejected).toContainText('Die Ausweisnummer 310101 kommt zweimal vor: zuerst in Zeile 2.');
    await expect(rejected).toContainText('Die Ausweisnummer 100101 steht schon in der Liste dieser Sitzung.');
    await expect(rejected).toContainText('Größer');
    await checkScreen(page, 'german-failure-01-roster-windows-1252');
    await expectNoEnglish(page, 'roster preview');

    // A file the core refuses as a whole: its reason in German too.
    await page.getByLabel('CSV-Datei der Teilnehmerliste').setInputFiles({ name: 'leer.csv', mimeType: 'text/csv', buffer: Buffer.from('Ausweis;Vorname;Nachname;E-Mail\r\n', 'latin1') });
    await expect(page.getByText(/enthält aber keine Personen/)).toBeVisible();
    await checkScreen(page, 'german-failure-02-roster-no-people');
    await expectNoEnglish(page, 'roster without people');

    // An unknown badge.
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('button', { name: 'Ausweisprüfung' }).click();
    await scanWithReader(page, '999999');
    await expect(page.getByText(/999999/).first()).toBeVisible();
    await checkScreen(page, 'german-failure-03-unknown-badge');
    await expectNoEnglish(page, 'unknown badge');

    // The backup key: skip the phone, set a PIN, pull the key while it waits for a touch, then a wrong PIN.
    await checkIn(page, '100104', { face: /Ich habe das Gesicht/, signal: 'Führungskraft ist anwesend', confirm: 'Identität bestätigen' });
    await page.getByText('Diesen Schritt überspringen').click();
    await page.getByLabel('Kein Smartphone dabei').check();
    await page.getByRole('button', { name: 'Mit diesem Grund überspringen' }).click();
    kiosk.authenticator.setUserPresence({ delayMs: 60_000 });
    await page.getByLabel('Neue PIN').fill('482915');
    await page.getByLabel('PIN wiederholen').fill('482915');
    await page.getByRole('button', { name: 'PIN festlegen' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Berühren Sie Ihren Schlüssel' })).toBeVisible({ timeout: 15_000 });
    await kiosk.unplug();
    await expect(page.locator('[data-outcome="key-unplugged"]')).toBeVisible({ timeout: 15_000 });
    await checkScreen(page, 'german-failure-04-key-unplugged');
    await expectNoEnglish(page, 'key unplugged');

    await kiosk.plugIn();
    kiosk.authenticator.setUserPresence('immediate');
    await page.locator('[data-outcome="key-unplugged"]').getByRole('button').first().click();
    await page.getByLabel('PIN', { exact: true }).fill('111222');
    await page.getByLabel('PIN', { exact: true }).press('Enter');
    await expect(page.getByText('Falsche PIN.').first()).toBeVisible({ timeout: 15_000 });
    await checkScreen(page, 'german-failure-05-wrong-pin');
    await expectNoEnglish(page, 'wrong PIN');

    // The skip's reason is stored as a code: the board and the report read it in German.
    await comeBack(page);
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('button', { name: 'Sitzungsübersicht' }).click();
    const skipped = page.getByTestId('board-grid').locator('tr[data-badge="100104"] td[data-status="skipped"]');
    await expect(skipped).toContainText('Übersprungen');
    await expect(skipped).toContainText('Kein Smartphone dabei');
    await checkScreen(page, 'german-failure-06-board-skip-reason');
    await expectNoEnglish(page, 'board with a skipped step');
    await page.getByRole('button', { name: 'Sitzung beenden' }).click();
    await page.getByRole('button', { name: 'Ja, Sitzung beenden' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Sitzungsbericht' })).toBeVisible();
    const open = page.getByTestId('report-incomplete').locator('tr[data-badge="100104"]');
    await expect(open).toContainText('Übersprungen: Passkey am Telefon (Kein Smartphone dabei)');
    await checkScreen(page, 'german-failure-07-report-skip-reason');
    await expectNoEnglish(page, 'report');

    // The CSV exported from the German report is German: headings, statuses and the reason.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'CSV exportieren' }).click();
    const csv = readFileSync(await (await download).path(), 'utf8');
    const [header, ...lines] = csv.replace(/^\uFEFF/, '').trimEnd().split(/\r\n/);
    expect(header).toContain('Passkey am Telefon Status,Passkey am Telefon Grund');
    expect(lines.find((line) => line.startsWith('100104,'))).toContain(',Übersprungen,Kein Smartphone dabei,');
    for (const english of ['No smartphone with me', 'Skipped', 'Phone passkey', 'Badge ID']) expect(csv).not.toContain(english);

    // The same stored code, read by someone who switches to English.
    await page.getByRole('button', { name: 'English' }).click();
    await expect(open).toContainText('Skipped: Phone passkey (No smartphone with me)');
  });
});
