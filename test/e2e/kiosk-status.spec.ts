import { test as base, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VIRTUAL_AUTHENTICATOR_AAGUID } from '../../electron/core/fido/virtual/virtual-aaguid';
import { expect, test } from './fixtures/kiosk';
import { projectRoot, spawnWebHost } from './fixtures/web-host-process';
import { callBridge, checkScreen } from './screen-checks';
import { seedParkedOutbox } from './seed-parked-outbox';
import { unlockKiosk } from './fixtures/unlock';

const catalog = JSON.parse(readFileSync(join(projectRoot, 'resources', 'fido', 'aaguids.json'), 'utf8')) as { models: Record<string, { name: string }> };
const trainingKeyModel = catalog.models[VIRTUAL_AUTHENTICATOR_AAGUID]?.name ?? 'missing from aaguids.json';

async function openStatus(page: Page, name = 'Kiosk status'): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

/** One part of the kiosk status: its tab, by the tab's own name (without "needs attention"). */
function statusTab(page: Page, name: string, list = 'Parts of the kiosk') {
  return page.getByRole('tablist', { name: list }).getByRole('tab', { name: new RegExp(`^${name}`) });
}

test.describe('kiosk status screen', () => {
  test.describe.configure({ timeout: 120_000 });

  test('shows the training virtual key, the training IdP, an empty sync queue and an intact audit chain, each in its tab (mouse and keyboard), in English and German', async ({ page }) => {
    await expect(page.getByRole('heading', { level: 1, name: 'Start a session' })).toBeVisible();
    await callBridge(page, 'session.start', { department: 'Finance', room: 'A-1', plannedMinutes: 30 });
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Session board' })).toBeVisible();
    await openStatus(page);

    // Nine parts as tabs. (Whether Printers needs attention depends on this machine's CUPS queues.)
    await expect(page.getByRole('tablist', { name: 'Parts of the kiosk' }).getByRole('tab')).toHaveText([
      'Security keys',
      'Key stock',
      'Identity provider',
      'Printers',
      'Sync queue',
      'Fleet',
      'Audit log',
      'Kiosk log',
      'Facilitator keys',
    ]);
    for (const calm of ['Security keys', 'Key stock', 'Identity provider', 'Sync queue', 'Fleet', 'Audit log', 'Kiosk log', 'Facilitator keys']) {
      await expect(statusTab(page, calm)).toHaveAccessibleName(calm);
    }
    await statusTab(page, 'Security keys').click();
    await expect(statusTab(page, 'Security keys')).toHaveAttribute('aria-selected', 'true');
    const key = page.getByTestId('key-card');
    await expect(key).toHaveCount(1);
    expect(trainingKeyModel).toMatch(/training/i);
    await expect(key.getByRole('heading', { level: 3 })).toHaveText(trainingKeyModel);
    await expect(key).toContainText('Training key (virtual)');
    await expect(key.getByTestId('key-state')).toHaveText(/Ready/);
    await expect(key.getByTestId('key-pin')).toHaveText('No PIN set yet');
    await expect(key.getByTestId('key-retries')).toHaveText('Not applicable');
    await expect(page.getByTestId('status-keys')).toContainText('built-in virtual key');
    await checkScreen(page, 'status-01-en');

    await key.getByRole('button', { name: 'Blink to identify' }).click();
    await expect(key.getByRole('status')).toHaveText('The key is blinking now. Look for the light.');
    await checkScreen(page, 'status-02-en-key-blinking');

    // The tabs by keyboard (the ARIA tabs pattern): the arrow opens the next part and focuses its tab.
    await statusTab(page, 'Security keys').focus();
    await page.keyboard.press('ArrowDown');
    await expect(statusTab(page, 'Key stock')).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(statusTab(page, 'Identity provider')).toBeFocused();
    await expect(statusTab(page, 'Identity provider')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('status-keys')).toBeHidden();
    const idp = page.getByTestId('status-idp');
    await expect(idp).toBeVisible();
    await expect(idp.getByTestId('idp-kind')).toContainText('Training IdP (built in, no network)');
    await expect(idp.getByTestId('idp-kind')).toContainText('TRAINING');
    await expect(idp.getByTestId('idp-health')).toContainText(/Answering\s*Checked \d\d:\d\d · \d+ ms/);
    // The training IdP's label only repeats its type, so it is not shown twice.
    await expect(idp.getByTestId('idp-label')).toHaveCount(0);
    await expect(idp.getByTestId('idp-last-error')).toHaveText('None since the kiosk started');
    const capabilities = idp.getByTestId('idp-capabilities').locator('li');
    await expect(capabilities.first()).toHaveText('Finds people by badge number, email address, and user name.');
    await expect(idp.getByTestId('idp-capabilities')).toContainText('Recovery codes are made at the kiosk and printed; only their hashes go to the IdP.');
    await checkScreen(page, 'status-01-en-idp');

    await statusTab(page, 'Sync queue').click();
    const sync = page.getByTestId('status-sync');
    await expect(sync.getByTestId('sync-pending')).toHaveText('0');
    await expect(sync.getByTestId('sync-parked')).toHaveText('0');
    await expect(sync.getByTestId('sync-last-success')).toHaveText('Not yet');
    await expect(sync.getByTestId('sync-empty')).toContainText('Nothing is waiting to be sent, and nothing needs an operator.');
    await expect(page.getByTestId('parked-list')).toHaveCount(0);
    await checkScreen(page, 'status-01-en-sync');

    // No fleet section in this kiosk's config: it says it works alone.
    await statusTab(page, 'Fleet').click();
    await expect(page.getByTestId('fleet-alone')).toContainText('This kiosk works alone');
    await checkScreen(page, 'status-01-en-fleet-alone');

    // The training key's enrolment, its unlock attempt and the unlock, then session.start; the chain verifies.
    await statusTab(page, 'Audit log').click();
    await expect(page.getByTestId('audit-result')).toHaveText(/^✓\s*4 events, chain intact$/);
    await checkScreen(page, 'status-01-en-audit');
    // Where IT finds the log: the file in the data directory, named in full.
    await page.keyboard.press('ArrowDown');
    await expect(statusTab(page, 'Kiosk log')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('log-file')).toHaveText(/^\/.+\/logs\/kiosk\.log$/);
    await expect(page.getByTestId('status-log')).toContainText('Never PINs, recovery codes');
    await page.keyboard.press('End');
    await expect(statusTab(page, 'Facilitator keys')).toBeFocused();
    await expect(page.getByTestId('facilitator-key')).toHaveCount(1);
    // The built-in training key acts in every role, and the list says so.
    await expect(page.getByTestId('facilitator-key-roles')).toHaveText('Facilitator, IT, and Helpdesk');
    await checkScreen(page, 'status-01-en-facilitator-keys');
    await page.keyboard.press('Home');
    await expect(statusTab(page, 'Security keys')).toHaveAttribute('aria-selected', 'true');

    await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Deutsch' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Kiosk-Status' })).toBeVisible();
    await expect(key.getByTestId('key-pin')).toHaveText('Noch keine PIN gesetzt');
    await expect(key).toContainText('Trainingsschlüssel (virtuell)');
    await expect(page.getByTestId('sync-empty')).toContainText('Nichts wartet');
    await expect(page.getByTestId('audit-result')).toHaveText(/^✓\s*4 Ereignisse, Kette intakt$/);
    await expect(page.getByTestId('status-log')).toContainText('Protokolldatei');
    await checkScreen(page, 'status-03-de');
    await statusTab(page, 'Identitätsanbieter', 'Bereiche des Kiosks').click();
    await expect(page.getByTestId('idp-capabilities')).toBeVisible();
    await checkScreen(page, 'status-03-de-idp');
    await statusTab(page, 'Moderationsschlüssel', 'Bereiche des Kiosks').click();
    await expect(page.getByTestId('facilitator-key-roles')).toHaveText('Moderation, IT und Helpdesk');
    await checkScreen(page, 'status-03-de-facilitator-keys');

    // Back to the session through the same navigation.
    await page.getByRole('navigation').getByRole('button', { name: 'Sitzungsübersicht' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Sitzungsübersicht' })).toBeVisible();
  });
});

base.describe('kiosk status: parked sync items', () => {
  base.describe.configure({ timeout: 120_000 });

  base('lists parked items with the IdP message; an operator retries one and discards the other with a reason', async ({ page }) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-parked-'));
    await seedParkedOutbox(dataDir, [
      { subjectKey: 'amara.okafor@example.com', badgeId: '100101', displayName: 'Amara Okafor', email: 'amara.okafor@example.com', idpMessage: 'Insufficient privileges to complete the operation.' },
      { subjectKey: 'juergen.mueller@example.com', badgeId: '100102', displayName: 'Jürgen Müller', email: 'juergen.mueller@example.com', idpMessage: 'Authenticator seeded-100102 is locked by policy.' },
    ]);
    const host = await spawnWebHost(dataDir);
    try {
      await page.goto(host.url);
      await unlockKiosk(page);
      await expect(page.getByRole('heading', { level: 1, name: 'Start a session' })).toBeVisible();
      await openStatus(page);

      // Parked items need an operator: their tab carries the marker, and IT opens it.
      await expect(statusTab(page, 'Sync queue')).toHaveAccessibleName('Sync queue (needs attention)');
      await expect(statusTab(page, 'Security keys')).toHaveAccessibleName('Security keys');
      await statusTab(page, 'Sync queue').click();
      await expect(statusTab(page, 'Sync queue')).toHaveAttribute('aria-selected', 'true');
      const sync = page.getByTestId('status-sync');
      await expect(sync.getByTestId('sync-parked')).toHaveText(/2/);
      const items = page.getByTestId('parked-item');
      await expect(items).toHaveCount(2);
      await expect(items.nth(0)).toContainText('Removing a key');
      await expect(items.nth(0)).toContainText('For: amara.okafor@example.com');
      await expect(items.nth(0)).toContainText('The IdP said: Insufficient privileges to complete the operation.');
      await expect(items.nth(1)).toContainText('The IdP said: Authenticator seeded-100102 is locked by policy.');
      await expect(page.getByTestId('audit-result')).toHaveText(/^✓\s*5 events, chain intact$/);
      await checkScreen(page, 'status-04-parked-en');

      // Decisions are recorded under the facilitator who unlocked the kiosk.
      await expect(sync).toContainText('Retries and discards are recorded under your name: Training facilitator.');
      await items.nth(0).getByRole('button', { name: 'Retry' }).click();
      // The training IdP accepts the retried item: it leaves the list by itself (outbox.* events).
      await expect(items).toHaveCount(1);
      await expect(items.first()).toContainText('juergen.mueller@example.com');
      await expect(sync.getByTestId('sync-last-success')).toHaveText(/^(Now|\d+ seconds? ago)$/);
      await expect(page.getByTestId('audit-result')).toHaveText(/^✓\s*7 events, chain intact$/);

      await items.first().getByRole('button', { name: 'Discard…' }).click();
      await items.first().getByRole('button', { name: 'Discard this item' }).click();
      await expect(page.getByText('Say why this item is discarded.')).toBeVisible();
      await checkScreen(page, 'status-05-parked-discard-reason');
      await page.getByLabel('Why discard it? (required)').fill('Key was handed back; nothing left to revoke.');
      await items.first().getByRole('button', { name: 'Discard this item' }).click();
      await expect(items).toHaveCount(0);
      await expect(sync.getByTestId('sync-empty')).toContainText('Nothing is waiting');
      await expect(sync.getByTestId('sync-parked')).toHaveText('0');

      // Two parks from the earlier run, the training key enrolled, its unlock attempt and the unlock, then retry, synced and discard: the audit check follows each decision.
      await expect(page.getByTestId('audit-result')).toHaveText(/^✓\s*8 events, chain intact$/);
      // Nothing needs an operator any more: the marker goes, the open tab stays.
      await expect(statusTab(page, 'Sync queue')).toHaveAccessibleName('Sync queue');
      await expect(statusTab(page, 'Sync queue')).toHaveAttribute('aria-selected', 'true');
      await checkScreen(page, 'status-06-parked-resolved');
    } finally {
      await host.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  base('the parked list in German', async ({ page }) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-parked-'));
    await seedParkedOutbox(dataDir, [
      { subjectKey: 'amara.okafor@example.com', badgeId: '100101', displayName: 'Amara Okafor', email: 'amara.okafor@example.com', idpMessage: 'Insufficient privileges to complete the operation.' },
    ]);
    const host = await spawnWebHost(dataDir);
    try {
      await page.goto(host.url);
      await unlockKiosk(page);
      await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Deutsch' }).click();
      await openStatus(page, 'Kiosk-Status');
      await expect(page.getByTestId('parked-item')).toContainText('Entfernen eines Schlüssels');
      await expect(page.getByTestId('parked-item')).toContainText('1 Versuch');
      // What went wrong was kept as its code, so it reads German; what the IdP said stays its own words.
      await expect(page.getByTestId('parked-item')).toContainText(
        'Was schiefging: Keycloak hat die Anfrage abgelehnt (HTTP 403). Bitten Sie die IT, die Berechtigungen des Kiosks beim Identitätsanbieter zu prüfen.',
      );
      await expect(page.getByTestId('parked-item')).not.toContainText('refused the request');
      await expect(page.getByTestId('parked-item')).toContainText('Insufficient privileges to complete the operation.');
      await expect(page.getByTestId('status-sync')).toContainText('Erneute Versuche und Verwerfen werden unter Ihrem Namen protokolliert: Training facilitator.');
      await expect(statusTab(page, 'Sync-Warteschlange', 'Bereiche des Kiosks')).toHaveAccessibleName('Sync-Warteschlange (braucht Aufmerksamkeit)');
      await statusTab(page, 'Sync-Warteschlange', 'Bereiche des Kiosks').click();
      await checkScreen(page, 'status-07-parked-de');
      // The first keys.list starts hotplug watching, whose attach event asks again while the key
      // still answers the first: a key seen busy that way is asked again until it is ready.
      await statusTab(page, 'Sicherheitsschlüssel', 'Bereiche des Kiosks').click();
      await expect(page.getByTestId('key-card').getByRole('heading', { level: 3 })).toHaveText(trainingKeyModel);
      await expect(page.getByTestId('key-state')).toHaveText(/Bereit/);
    } finally {
      await host.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
