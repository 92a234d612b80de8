import { expect, test } from '@playwright/test';
import { startKioskWithKey, type KioskWithKey } from './fixtures/kiosk-with-key';
import { checkIn, decodeQrFromScreen, trainingSessionAtBadgeCheck } from './journey-helpers';
import { checkScreen } from './screen-checks';
import { comeBack, unlockKiosk } from './fixtures/unlock';

let kiosk: KioskWithKey | null = null;
test.afterEach(async () => {
  await kiosk?.stop();
  kiosk = null;
});

test.describe('the attendee journey when things go wrong', () => {
  test.describe.configure({ timeout: 180_000 });

  test('the link expires and is renewed; skipped with a reason; key pulled mid-registration; wrong PIN then right', async ({ page }) => {
    kiosk = await startKioskWithKey({ linkLifetimeSeconds: 20 });
    await page.goto(kiosk.host.url);
    await unlockKiosk(page);
    const { sessionId } = await trainingSessionAtBadgeCheck(page);
    await checkIn(page, '100104');

    // The link runs out: its own screen, then a new code with a new link.
    await expect(page.getByRole('heading', { level: 1, name: 'Add a passkey on your phone' })).toBeVisible();
    const first = await decodeQrFromScreen(page);
    await expect(page.getByRole('heading', { level: 1, name: 'This code has expired' })).toBeVisible({ timeout: 30_000 });
    await checkScreen(page, 'journey-failure-01-link-expired');
    await page.getByRole('button', { name: 'New code' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Add a passkey on your phone' })).toBeVisible();
    const second = await decodeQrFromScreen(page);
    expect(second).not.toBe(first);

    // No smartphone: skipped with a reason and a note, which the journey and the board keep.
    await page.getByText('Skip this step').click();
    await page.getByLabel('No smartphone with me').check();
    await page.getByLabel('Note (optional)').fill('Phone left at home');
    await checkScreen(page, 'journey-failure-02-skip-reason');
    await page.getByRole('button', { name: 'Skip with this reason' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Choose a PIN for your key' })).toBeVisible();

    // PIN set; then the key waits for a touch and is pulled out meanwhile.
    kiosk.authenticator.setUserPresence({ delayMs: 60_000 });
    await page.getByLabel('New PIN').fill('482915');
    await page.getByLabel('Repeat the PIN').fill('482915');
    await page.getByRole('button', { name: 'Set PIN' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Touch your key' })).toBeVisible({ timeout: 15_000 });
    await checkScreen(page, 'journey-failure-03-touch');
    await kiosk.unplug();
    await expect(page.getByRole('heading', { level: 1, name: 'The key was unplugged' })).toBeVisible({ timeout: 15_000 });
    await checkScreen(page, 'journey-failure-04-unplugged');

    // Plugged in again: the key has its PIN now; a wrong one shows the tries left.
    await kiosk.plugIn();
    kiosk.authenticator.setUserPresence('immediate');
    await page.getByRole('button', { name: 'Use another key' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Enter your key PIN' })).toBeVisible({ timeout: 15_000 });
    await expect(page.getByTestId('pin-retries')).toHaveText('8 tries left before the key locks.');
    await page.getByLabel('PIN', { exact: true }).fill('111222');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByText('Wrong PIN.')).toBeVisible({ timeout: 15_000 });
    await expect(page.getByTestId('pin-retries')).toHaveText('7 tries left before the key locks.');
    await checkScreen(page, 'journey-failure-05-wrong-pin');
    await page.getByLabel('PIN', { exact: true }).fill('482915');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByTestId('key-added')).toContainText('Backup key registered', { timeout: 20_000 });

    // The board: passkey skipped with its reason, backup key done. The journey holds the kiosk
    // until the facilitator comes back with their key.
    await comeBack(page);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('button', { name: 'Session board' }).click();
    const row = page.getByTestId('board-grid').locator('tr[data-badge="100104"]');
    await expect(row.locator('td[data-status="skipped"]')).toContainText('No smartphone with me: Phone left at home');
    await expect(row.locator('td[data-status="done"]')).toHaveCount(2);
    await checkScreen(page, 'journey-failure-06-board');
    expect(sessionId).toBeTruthy();
  });
});

test.describe('the attendee journey in German', () => {
  test.describe.configure({ timeout: 180_000 });

  test('every journey screen speaks German: QR, expired link, skip, PIN policy, touch, key registered', async ({ page }) => {
    kiosk = await startKioskWithKey({ linkLifetimeSeconds: 20 });
    await page.goto(kiosk.host.url);
    await unlockKiosk(page);
    await trainingSessionAtBadgeCheck(page);
    await page.getByRole('button', { name: 'Deutsch' }).click();
    await checkIn(page, '100102', { face: /Ich habe das Gesicht/, signal: 'Führungskraft ist anwesend', confirm: 'Identität bestätigen' });

    await expect(page.getByRole('heading', { level: 1, name: 'Passkey auf Ihrem Telefon einrichten' })).toBeVisible();
    await expect(page.getByText(/Dieser Code gilt noch \d+:\d\d/)).toBeVisible();
    await checkScreen(page, 'journey-de-01-passkey-qr');
    await expect(page.getByRole('heading', { level: 1, name: 'Dieser Code ist abgelaufen' })).toBeVisible({ timeout: 30_000 });
    await checkScreen(page, 'journey-de-02-link-expired');

    await page.getByText('Diesen Schritt überspringen').click();
    await page.getByLabel('Kein Smartphone dabei').check();
    await page.getByRole('button', { name: 'Mit diesem Grund überspringen' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Wählen Sie eine PIN für Ihren Schlüssel' })).toBeVisible();
    await page.getByLabel('Neue PIN').fill('111111');
    await expect(page.getByTestId('pin-verdict')).toHaveText('Die PIN wiederholt nur ein Zeichen; wählen Sie eine, die schwerer zu erraten ist.');
    await checkScreen(page, 'journey-de-03-pin-policy');

    kiosk.authenticator.setUserPresence({ delayMs: 4_000 });
    await page.getByLabel('Neue PIN').fill('482915');
    await page.getByLabel('PIN wiederholen').fill('482915');
    await page.getByRole('button', { name: 'PIN festlegen' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Berühren Sie Ihren Schlüssel' })).toBeVisible({ timeout: 15_000 });
    await checkScreen(page, 'journey-de-04-touch');
    await expect(page.getByTestId('key-added')).toContainText(/Ersatzschlüssel eingerichtet: .+, Fingerabdruck [0-9A-F]{4} [0-9A-F]{4}/, { timeout: 30_000 });
    await expect(page.getByRole('heading', { level: 1, name: 'Ihre Wiederherstellungscodes' })).toBeVisible();
    await checkScreen(page, 'journey-de-05-key-registered');
    const text = await page.locator('main').innerText();
    for (const english of ['passkey on your phone', 'Touch your key', 'Backup key registered', 'Your recovery codes', 'skipped', 'Print my sheet']) expect(text).not.toContain(english);
  });
});

test.describe('an attendee who walks away', () => {
  test.describe.configure({ timeout: 120_000 });

  test('after the idle time the journey screen returns to the badge scan and the attendee is gone from the DOM; the badge continues the steps', async ({ page }) => {
    kiosk = await startKioskWithKey({ linkLifetimeSeconds: 600, attendeeIdleSeconds: 10 });
    await page.goto(kiosk.host.url);
    await unlockKiosk(page);
    await trainingSessionAtBadgeCheck(page);
    await checkIn(page, '100105');
    await expect(page.getByRole('heading', { level: 1, name: 'Add a passkey on your phone' })).toBeVisible();
    expect(await page.content()).toContain('Dubois');

    await expect(page.getByRole('heading', { level: 1, name: 'Scan your badge' })).toBeVisible({ timeout: 30_000 });
    const html = await page.content();
    expect(html).not.toContain('Dubois');
    expect(html).not.toContain('Chloé');
    expect(html).not.toContain('/enroll/');

    // The same badge again: checked in already, and the steps go on where they were.
    await page.getByLabel('Badge number (staff)').fill('100105');
    await page.getByRole('button', { name: 'Check badge' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'This badge is already checked in' })).toBeVisible();
    await page.getByRole('button', { name: 'Continue my steps' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Add a passkey on your phone' })).toBeVisible();
  });
});
