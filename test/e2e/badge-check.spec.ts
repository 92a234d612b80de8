import { expect, test } from './fixtures/kiosk';
import { touchUnlockKiosk } from './fixtures/unlock';
import { callBridge, checkScreen, openSessionWithRoster, scanWithReader } from './screen-checks';

const otherRoster = [
  'Badge ID,Given name,Family name,Email,Department,Manager,Photo',
  '300301,Lena,Brandt,lena.brandt@example.com,Finance,Omar Said,',
  '300302,Jonas,Weber,jonas.weber@example.com,Finance,Omar Said,',
].join('\n');

test.describe('badge check on the attendee screen', () => {
  test.describe.configure({ timeout: 180_000 });

  test.beforeEach(async ({ page }) => {
    await openSessionWithRoster(page);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('button', { name: 'Badge check' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Scan your badge' })).toBeVisible();
  });

  test('a reader scan with no field focused shows the attendee; confirming identity marks the board', async ({ page }) => {
    await checkScreen(page, 'badge-01-waiting');
    await scanWithReader(page, '200202');
    await expect(page.getByRole('heading', { level: 1, name: 'Welcome, Björn' })).toBeVisible();
    const card = page.getByTestId('attendee-card');
    await expect(card).toContainText('Björn Köhler');
    await expect(card).toContainText('Research & Development');
    await expect(card).toContainText('Ingrid Falk');
    await expect(card.getByRole('img', { name: 'No photo on file' })).toContainText('BK');
    // Only the scanned attendee: nobody else from the roster appears on this screen.
    await expect(page.locator('main')).not.toContainText('Nadia');
    await checkScreen(page, 'badge-02-matched');

    // The facilitator cannot confirm without the face check and a second signal.
    await page.getByRole('button', { name: 'Confirm identity' }).click();
    await expect(page.getByText('Tick the box once you have compared the face.')).toBeVisible();
    await expect(page.getByText('Choose a second signal.')).toBeVisible();
    await page.getByLabel('Other').check();
    await page.getByRole('button', { name: 'Confirm identity' }).click();
    await expect(page.getByText('Write a note saying what you checked.')).toBeVisible();
    // Checked with the contract's own schema, every problem shows at once: the face is still unticked.
    await expect(page.getByText('Tick the box once you have compared the face.')).toBeVisible();
    await checkScreen(page, 'badge-03-confirm-validation');

    await page.getByLabel('I have compared the face with the badge photo / the person').check();
    await page.getByLabel('Note').fill('Employee ID card from the previous employer matches.');
    await page.getByRole('button', { name: 'Confirm identity' }).click();
    await expect(page.getByTestId('identity-confirmed')).toHaveText('Identity confirmed Björn Köhler may continue to the next step.');
    await expect(page.getByRole('heading', { level: 1, name: 'Add a passkey on your phone' })).toBeVisible();
    await checkScreen(page, 'badge-04-confirmed');

    // The attendee's journey holds the kiosk: the facilitator comes back with a touch of their key.
    await touchUnlockKiosk(page);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('button', { name: 'Session board' }).click();
    await expect(page.getByTestId('board-grid').locator('tr[data-badge="200202"] td[data-status="done"]')).toContainText('Done');

    // Scanning the same badge again: its own screen, with the time, and no personal data.
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('button', { name: 'Badge check' }).click();
    await scanWithReader(page, '200202');
    await expect(page.getByRole('heading', { level: 1, name: 'This badge is already checked in' })).toBeVisible();
    await expect(page.getByText(/It was checked in at \d\d:\d\d/)).toBeVisible();
    await expect(page.locator('main')).not.toContainText('Köhler');
    await checkScreen(page, 'badge-05-already-checked-in');
    await page.getByRole('button', { name: 'Scan again' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Scan your badge' })).toBeVisible();
  });

  test('an unknown badge has its own screen and the way back', async ({ page }) => {
    await scanWithReader(page, '999999');
    await expect(page.getByRole('heading', { level: 1, name: 'We do not know this badge' })).toBeVisible();
    await expect(page.getByText('Badge 999999 is not on the roster for this session.')).toBeVisible();
    await checkScreen(page, 'badge-06-unknown');
    // The next scan works straight from the outcome screen too.
    await scanWithReader(page, '200203');
    await expect(page.getByRole('heading', { level: 1, name: 'Welcome, Aisha' })).toBeVisible();
  });

  test('a partial or garbled read says what was wrong with it and asks to scan again', async ({ page }) => {
    await scanWithReader(page, '2002');
    await expect(page.getByRole('heading', { level: 1, name: 'The reader did not read the badge cleanly' })).toBeVisible();
    await expect(page.getByText('The read was cut short (only the first part of a badge number arrived). Scan the badge again.')).toBeVisible();
    await checkScreen(page, 'badge-07-garbled');
    await page.getByRole('button', { name: 'Scan again' }).click();
    await scanWithReader(page, '20#02');
    await expect(page.getByRole('heading', { level: 1, name: 'The reader did not read the badge cleanly' })).toBeVisible();
    await expect(page.getByText('The read holds characters a badge never has (only letters and digits). Scan the badge again.')).toBeVisible();
  });

  test('a badge from another session names that session', async ({ page }) => {
    const current = await callBridge<{ id: string }>(page, 'session.current', {});
    await callBridge(page, 'session.end', { sessionId: current.id });
    const next = await callBridge<{ id: string }>(page, 'session.start', { department: 'Finance', room: 'A-1', plannedMinutes: 30 });
    await callBridge(page, 'roster.import', { sessionId: next.id, fileBase64: Buffer.from(otherRoster).toString('base64') });
    await page.reload();
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('button', { name: 'Badge check' }).click();
    await scanWithReader(page, '200201');
    await expect(page.getByRole('heading', { level: 1, name: 'This badge belongs to another session' })).toBeVisible();
    await expect(page.getByText(/It is on the roster for Research & Development/)).toBeVisible();
    await expect(page.locator('main')).not.toContainText('Nadia');
    await checkScreen(page, 'badge-08-other-session');
  });

  test('staff can type the number; slow typing with no field focused is not taken for a reader', async ({ page }) => {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.type('200204', { delay: 250 });
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'Scan your badge' })).toBeVisible();

    await page.getByLabel('Badge number (staff)').fill('200205');
    await page.getByLabel('Badge number (staff)').press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'Welcome, Elena' })).toBeVisible();
  });

  test('the facilitator can reject a check-in with a reason', async ({ page }) => {
    await scanWithReader(page, '200206');
    await expect(page.getByRole('heading', { level: 1, name: 'Welcome, Tomás' })).toBeVisible();
    await page.getByText('This is not the person, or something is wrong').click();
    await page.getByRole('button', { name: 'Reject check-in' }).click();
    await expect(page.getByText('Write why you reject the check-in.')).toBeVisible();
    await page.getByLabel('Reason for rejecting').fill('Face does not match the badge photo.');
    await checkScreen(page, 'badge-09-reject-form');
    await page.getByRole('button', { name: 'Reject check-in' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Check-in rejected' })).toBeVisible();
    await checkScreen(page, 'badge-10-rejected');
    await page.getByRole('button', { name: 'Next attendee' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Scan your badge' })).toBeVisible();
  });

  test('an attendee screen left alone clears itself back to "Scan your badge"', async ({ page }) => {
    // Fake timers from the app's start, so two idle minutes pass in an instant.
    await page.clock.install();
    await page.reload();
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('button', { name: 'Badge check' }).click();
    await scanWithReader(page, '200208');
    await expect(page.getByRole('heading', { level: 1, name: 'Welcome, Oluwaseun' })).toBeVisible();
    await page.clock.fastForward('01:30');
    await expect(page.getByRole('heading', { level: 1, name: 'Welcome, Oluwaseun' })).toBeVisible();
    await page.clock.fastForward('00:31');
    await expect(page.getByRole('heading', { level: 1, name: 'Scan your badge' })).toBeVisible();
    await expect(page.locator('main')).not.toContainText('Adeyemi');
  });
});
