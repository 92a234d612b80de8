import { expect, test } from './fixtures/kiosk';
import { comeBack } from './fixtures/unlock';
import { checkIn, decodeQrFromScreen, openPhone, trainingSessionAtBadgeCheck } from './journey-helpers';
import { checkScreen } from './screen-checks';

test.describe('the attendee journey in training mode', () => {
  test.describe.configure({ timeout: 180_000 });

  test('badge → confirm → phone passkey from the QR on screen → backup key with a good PIN → the board shows both steps done', async ({ page, browser }) => {
    await trainingSessionAtBadgeCheck(page);
    await checkIn(page, '100103');

    await expect(page.getByRole('heading', { level: 1, name: 'Add a passkey on your phone' })).toBeVisible();
    await expect(page.getByTestId('identity-confirmed')).toContainText('Identity confirmed');
    await expect(page.getByText(/This code is valid for \d+:\d\d/)).toBeVisible();
    await checkScreen(page, 'journey-01-passkey-qr');

    // The phone reads the QR code from the screen and registers a passkey at the training IdP.
    const url = await decodeQrFromScreen(page);
    expect(url).toMatch(/^http:\/\/localhost:\d+\/enroll\/[A-Za-z0-9_-]+$/);
    const phone = await openPhone(browser);
    await phone.page.goto(url);
    await expect(phone.page.getByRole('heading', { name: 'Create your passkey' })).toBeVisible();
    await phone.page.getByRole('button', { name: 'Create passkey' }).click();
    await expect(phone.page.getByText('Passkey created.')).toBeVisible();
    expect(await phone.credentials()).toBe(1);
    await phone.close();

    // The kiosk moves on by itself, with a visible confirmation.
    await expect(page.getByRole('heading', { level: 1, name: 'Choose a PIN for your key' })).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('passkey-added')).toContainText('Passkey added');
    await expect(page.getByTestId('key-model')).toContainText('TRAINING');

    // A trivial PIN is refused as it is typed; a good one is accepted.
    const pin = page.getByLabel('New PIN');
    await pin.fill('123456');
    await expect(page.getByTestId('pin-verdict')).toHaveText('The PIN is a simple sequence (like 123456); choose one that is harder to guess.');
    await expect(page.getByRole('button', { name: 'Set PIN' })).toBeDisabled();
    await checkScreen(page, 'journey-02-pin-trivial');
    await pin.fill('482915');
    await expect(page.getByTestId('pin-verdict')).toHaveText('Good PIN.');
    await page.getByLabel('Repeat the PIN').fill('482915');
    await page.getByRole('button', { name: 'Set PIN' }).click();

    // The virtual key touches at once; registration, the test sign-in and the queueing follow.
    await expect(page.getByTestId('key-added')).toContainText(/Backup key registered: .+, fingerprint [0-9A-F]{4} [0-9A-F]{4}\./, { timeout: 20_000 });
    await expect(page.getByRole('heading', { level: 1, name: 'Your recovery codes' })).toBeVisible();
    await checkScreen(page, 'journey-03-key-registered');

    // The journey holds the kiosk: no navigation until the facilitator comes back with their key.
    await expect(page.getByRole('navigation', { name: 'Main navigation' })).toHaveCount(0);
    await comeBack(page);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('button', { name: 'Session board' }).click();
    const row = page.getByTestId('board-grid').locator('tr[data-badge="100103"]');
    await expect(row.locator('td[data-status="done"]')).toHaveCount(3);
    await checkScreen(page, 'journey-04-board');
  });
});
