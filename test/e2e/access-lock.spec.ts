import Database from 'better-sqlite3';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startKioskWithKey, type KioskWithKey } from './fixtures/kiosk-with-key';
import { unlockKiosk } from './fixtures/unlock';
import { checkScreen, scanWithReader } from './screen-checks';

/**
 * The kiosk starts locked: only the attendee screens, no navigation. The training facilitator
 * key unlocks it (a wrong PIN says how many tries are left), the session and the audit log name
 * the facilitator from the key's credential, and the kiosk locks itself when left alone.
 */
let kiosk: KioskWithKey | null = null;
test.afterEach(async () => {
  await kiosk?.stop();
  kiosk = null;
});

const nav = (page: import('@playwright/test').Page) => page.getByRole('navigation', { name: 'Main navigation' });

test.describe('the facilitator lock', () => {
  test.describe.configure({ timeout: 180_000 });

  test('starts locked with no navigation; a wrong PIN shows tries left; the key unlocks; audit names the facilitator; locked again, only the badge scan; the confirmation hands the kiosk to the attendee; idle lock', async ({ page }) => {
    kiosk = await startKioskWithKey({ linkLifetimeSeconds: 600, idleLockSeconds: 8 });
    await page.goto(kiosk.host.url);

    // Locked from the start: no navigation, no facilitator screen.
    await expect(page.getByRole('heading', { level: 1, name: 'The kiosk is locked' })).toBeVisible();
    await expect(nav(page)).toHaveCount(0);
    await expect(page.getByRole('status').filter({ hasText: 'Facilitator key PIN: 246810' })).toBeVisible();
    await checkScreen(page, 'access-01-locked');

    // A wrong PIN: the key counts it, the dialog says how many tries are left.
    await page.getByRole('button', { name: 'Unlock (facilitator)' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Unlock the kiosk' });
    await expect(dialog.getByText('Training: the facilitator key is built in. Its PIN is 246810.')).toBeVisible();
    await checkScreen(page, 'access-02-unlock-dialog');
    await dialog.getByLabel('PIN of your key').fill('135790');
    await dialog.getByRole('button', { name: 'Unlock', exact: true }).click();
    await expect(dialog.getByText('Wrong PIN. 7 tries left before the key locks.')).toBeVisible({ timeout: 20_000 });
    await checkScreen(page, 'access-03-wrong-pin');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(nav(page)).toHaveCount(0);

    // The right PIN.
    await unlockKiosk(page);
    await expect(page.getByText('Unlocked: Training facilitator')).toBeVisible();
    await expect(nav(page)).toBeVisible();
    await expect(page.getByText('Facilitator: Training facilitator (from your key)')).toBeVisible();
    await page.getByLabel('Department').fill('Finance');
    await page.getByLabel('Room').fill('A-1');
    await page.getByRole('button', { name: 'Start session' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Import the roster' })).toBeVisible();
    await page.getByRole('button', { name: 'Load the training roster' }).click();
    await nav(page).getByRole('button', { name: 'Badge check' }).click();
    await checkScreen(page, 'access-04-unlocked-badge-check');

    // Locked by hand: the badge scan stays, the navigation goes; confirming needs the key again.
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await expect(nav(page)).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Check badge' })).toBeVisible();
    await scanWithReader(page, '100103');
    await expect(page.getByText('Only a facilitator confirms who this is. Unlock the kiosk first.')).toBeVisible();
    await checkScreen(page, 'access-05-locked-identity');
    // The core refuses the confirmation itself while locked, whatever the screen offers.
    await page.getByLabel(/I have compared the face/).check();
    await page.getByLabel('Manager is present').check();
    await page.getByRole('button', { name: 'Confirm identity' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'The kiosk is locked. A facilitator unlocks it with their security key.' })).toBeVisible();
    await unlockKiosk(page);
    await page.getByRole('button', { name: 'Confirm identity' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Add a passkey on your phone' })).toBeVisible();

    // The confirmation hands the kiosk to the attendee's journey: locked at once, no navigation.
    await expect(page.getByRole('button', { name: 'Unlock (facilitator)' }).first()).toBeVisible();
    await expect(nav(page)).toHaveCount(0);
    await checkScreen(page, 'access-06-journey-holds-kiosk');

    // The facilitator comes back (their 8 s touch window is over: PIN and touch); left alone for 8 s, the kiosk locks itself, and the attendee's step stays.
    await unlockKiosk(page);
    await expect(nav(page)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Unlock (facilitator)' }).first()).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('heading', { level: 1, name: 'Add a passkey on your phone' })).toBeVisible();
    await expect(nav(page)).toHaveCount(0);

    // The audit log names the facilitator from the credential for every facilitator act.
    const db = new Database(join(kiosk.dataDir, 'kiosk.sqlite'), { readonly: true, fileMustExist: true });
    try {
      const actors = db.prepare("SELECT action, actor FROM audit_log WHERE action IN ('access.unlocked', 'session.start', 'identity.confirm', 'access.locked') ORDER BY seq").all() as Array<{ action: string; actor: string }>;
      expect(actors.map((row) => row.action)).toEqual(['access.unlocked', 'session.start', 'access.locked', 'access.unlocked', 'identity.confirm', 'access.locked', 'access.unlocked', 'access.locked']);
      expect(new Set(actors.map((row) => row.actor))).toEqual(new Set(['Training facilitator']));
      const reasons = db.prepare("SELECT json_extract(data, '$.reason') AS reason FROM audit_log WHERE action = 'access.locked' ORDER BY seq").pluck().all();
      expect(reasons).toEqual(['manual', 'attendeeJourney', 'idle']);
    } finally {
      db.close();
    }
  });
  test('mid-journey the navigation is gone and the core refuses facilitator calls over the bridge; the facilitator returns with a touch', async ({ page }) => {
    kiosk = await startKioskWithKey({ linkLifetimeSeconds: 600 });
    await page.goto(kiosk.host.url);
    await unlockKiosk(page);
    await page.getByLabel('Department').fill('Finance');
    await page.getByLabel('Room').fill('A-1');
    await page.getByRole('button', { name: 'Start session' }).click();
    await page.getByRole('button', { name: 'Load the training roster' }).click();
    await nav(page).getByRole('button', { name: 'Badge check' }).click();
    await scanWithReader(page, '100103');
    await page.getByLabel(/I have compared the face/).check();
    await page.getByLabel('Manager is present').check();
    await page.getByRole('button', { name: 'Confirm identity' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Add a passkey on your phone' })).toBeVisible();
    await expect(nav(page)).toHaveCount(0);

    // Whatever the screen shows, the core itself refuses the facilitator's calls.
    const session = await page.evaluate(() => (window as unknown as { kiosk: { call(n: string, i: unknown): Promise<{ ok: boolean; result?: { id: string } }> } }).kiosk.call('session.current', {}));
    const refused = await page.evaluate(
      (sessionId) => (window as unknown as { kiosk: { call(n: string, i: unknown): Promise<unknown> } }).kiosk.call('board.get', { sessionId }),
      session.result!.id,
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'locked', reason: 'access.lockedForAttendee' } });

    // Soon after their PIN unlock, a touch of their own key is enough.
    await page.getByRole('button', { name: 'Unlock (facilitator)' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Unlock the kiosk' });
    await expect(dialog.getByText('Touch your key, Training facilitator')).toBeVisible();
    await expect(dialog.getByLabel('PIN of your key')).toHaveCount(0);
    await checkScreen(page, 'access-07-touch-unlock');
    await dialog.getByRole('button', { name: 'Unlock with a touch' }).click();
    await expect(page.getByText('Unlocked: Training facilitator')).toBeVisible({ timeout: 20_000 });
    await expect(nav(page)).toBeVisible();
    await expect(page.getByRole('heading', { level: 1, name: 'Add a passkey on your phone' })).toBeVisible();
  });

  test('wrong PINs: the training key is ready again after its wait, five failures a minute make the next try wait, both counted down', async ({ page }) => {
    test.setTimeout(240_000);
    kiosk = await startKioskWithKey({ linkLifetimeSeconds: 600 });
    await page.goto(kiosk.host.url);
    await page.getByRole('button', { name: 'Unlock (facilitator)' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Unlock the kiosk' });
    const unlockButton = dialog.getByRole('button', { name: 'Unlock', exact: true });
    const tryPin = async (pin: string, answer: string | RegExp) => {
      await dialog.getByLabel('PIN of your key').fill(pin);
      await unlockButton.click();
      await expect(dialog.getByText(answer)).toBeVisible({ timeout: 20_000 });
    };
    const triesLeft = (count: number) => `Wrong PIN. ${count} tries left before the key locks.`;

    await tryPin('135790', triesLeft(7));
    await tryPin('975318', triesLeft(6));
    // Three in a row: the built-in key restarts by itself, and the dialog counts down to it.
    await tryPin('864209', /the built-in training key restarts, as a real key is unplugged and plugged in again\. It is ready again in \d+ s\./);
    await expect(dialog.getByRole('timer')).toBeVisible();
    await dialog.getByLabel('PIN of your key').fill('246810');
    await expect(unlockButton).toBeDisabled();
    await checkScreen(page, 'access-08-training-key-wait');
    await expect(dialog.getByText('You can try again now.')).toBeVisible({ timeout: 20_000 });
    await expect(unlockButton).toBeEnabled();

    // Two more wrong PINs make five failures within the minute: the next try waits, counted down.
    await tryPin('192837', triesLeft(4));
    await tryPin('564738', triesLeft(3));
    await tryPin('246810', /Too many tries in one minute\. The kiosk takes the next one in \d+ s\./);
    await expect(dialog.getByRole('timer')).toBeVisible();
    await expect(unlockButton).toBeDisabled();
    await checkScreen(page, 'access-09-too-many-tries');
    // It counts down (the end of this wait, and the unlock after it, are driven by the clock in
    // test/integration/access-nobody-locked-out.test.ts instead of sitting out a minute here).
    const shown = await dialog.getByRole('timer').innerText();
    await expect(dialog.getByRole('timer')).not.toHaveText(shown, { timeout: 5_000 });
    await expect(unlockButton).toBeDisabled();
  });

  test('roles: a key enrolled for IT unlocks to IT\'s screens only, and the core refuses it a facilitator\'s call, naming who may', async ({ page }) => {
    kiosk = await startKioskWithKey({ linkLifetimeSeconds: 600 });
    await page.goto(kiosk.host.url);
    await unlockKiosk(page);

    // The training key (every role) adds the key plugged in for Ida, as IT.
    await nav(page).getByRole('button', { name: 'Kiosk status' }).click();
    await page.getByRole('tablist', { name: 'Parts of the kiosk' }).getByRole('tab', { name: /^Facilitator keys/ }).click();
    await page.getByRole('button', { name: 'Add a facilitator key' }).click();
    await page.getByLabel('Name').fill('Ida IT');
    await page.getByLabel('Role').selectOption('it');
    await page.getByLabel('PIN of your key').fill('730461');
    await page.getByRole('button', { name: 'Add this key' }).click();
    const ida = page.getByTestId('facilitator-key').filter({ hasText: 'Ida IT' });
    await expect(ida.getByTestId('facilitator-key-roles')).toHaveText('IT', { timeout: 20_000 });

    // Locked on the start screen, unlocked by IT: a screen IT cannot use gives way to one it can.
    await nav(page).getByRole('button', { name: 'Start a session' }).click();
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await unlockKiosk(page, '730461');
    await expect(page.getByText('Unlocked: Ida IT')).toBeVisible();
    // No session screens for IT: the envelopes, the fleet report and the kiosk status, and the envelopes show first.
    await expect(nav(page).getByRole('button')).toHaveText(['Envelopes', 'Fleet report', 'Kiosk status']);
    await expect(page.getByRole('heading', { level: 1, name: 'Backup-key envelopes' })).toBeVisible();
    await checkScreen(page, 'access-10-it-unlocked');

    // Sent over the bridge anyway, a facilitator's call is refused before it is read, and says who may.
    const refused = await page.evaluate(() =>
      (window as unknown as { kiosk: { call(n: string, i: unknown): Promise<unknown> } }).kiosk.call('session.start', { department: 'Finance', room: 'A-1', plannedMinutes: 30 }),
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', reason: 'access.roleNeeded', params: { roles: 'facilitator' } } });
  });
});
