import { test, expect, type Browser, type Page } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startVirtualAuthenticatorServer, type VirtualAuthenticatorServer } from '../../electron/core/fido/virtual';
import { FLEET_DATABASE, startFleetDatabase, type FleetDatabase, type FleetKiosk } from '../fixtures/fleet-database';
import { unlockKiosk } from './fixtures/unlock';
import { spawnWebHost, type RunningWebHost } from './fixtures/web-host-process';
import { checkScreen, openSessionWithRoster, scanWithReader } from './screen-checks';

/**
 * Issue 16, several stations serving one session: two web hosts (two stations, each its own
 * data dir, config with a `fleet` section and secrets file) on one real PostgreSQL. The host
 * shares its session, the second station joins with the code, a badge checked at one shows
 * "at station …" at the other, and with the fleet stopped the facilitator's override is
 * flagged as a double claim on the board once it is back. Then a facilitator key enrolled at
 * one station unlocks the other, whose fleet report lists both kiosks.
 */
interface Station {
  host: RunningWebHost;
  dataDir: string;
  page: Page;
}

async function startStation(browser: Browser, kiosk: FleetKiosk, hostArgs: string[] = []): Promise<Station> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-station-'));
  const config = join(dataDir, 'kiosk.json');
  writeFileSync(config, JSON.stringify({ fleet: kiosk.config }));
  // The web host's secret store: <dataDir>/secrets.json, owner-only.
  writeFileSync(join(dataDir, 'secrets.json'), JSON.stringify({ version: 1, secrets: kiosk.secrets }), { mode: 0o600 });
  const host = await spawnWebHost(dataDir, ['--config', config, ...hostArgs]);
  const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  await page.goto(host.url);
  await unlockKiosk(page);
  return { host, dataDir, page };
}

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main navigation' }).getByRole('button', { name }).click();

test.describe('two stations, one session', () => {
  test.describe.configure({ timeout: 240_000 });

  let fleet: FleetDatabase;
  const stations: Station[] = [];
  let idasKey: VirtualAuthenticatorServer | null = null;

  test.beforeAll(async () => {
    fleet = await startFleetDatabase();
  });

  test.afterAll(async () => {
    await idasKey?.close();
    for (const station of stations) {
      await station.page.context().close();
      await station.host.stop();
      rmSync(station.dataDir, { recursive: true, force: true });
    }
    fleet?.stop();
  });

  test('share a board, say "at station …" at the other, and flag a double claim made during an outage', async ({ browser }) => {
    const a = await startStation(browser, fleet.addKiosk('e2e_room_a', { kioskName: 'Room A' }));
    stations.push(a);
    const b = await startStation(browser, fleet.addKiosk('e2e_room_b', { kioskName: 'Room B' }));
    stations.push(b);

    await openSessionWithRoster(a.page);
    await a.page.getByRole('button', { name: 'Share with another station' }).click();
    const code = (await a.page.getByTestId('join-code').textContent()) ?? '';
    expect(code).toMatch(/^[A-Z0-9]{6}$/);
    await checkScreen(a.page, 'stations-01-host-shared');

    await expect(b.page.getByRole('heading', { level: 2, name: 'Join a session at another station' })).toBeVisible();
    await b.page.getByLabel('Join code').fill(`${code.slice(0, 3)}-${code.slice(3).toLowerCase()}`);
    await checkScreen(b.page, 'stations-02-join-form');
    await b.page.getByRole('button', { name: 'Join the session' }).click();
    await expect(b.page.getByRole('heading', { level: 1, name: 'Session board' })).toBeVisible();
    await expect(b.page.getByText('Shared by station Room A')).toBeVisible();
    await expect(b.page.getByTestId('board-grid').locator('tbody tr')).toHaveCount(12);

    // A checks Björn in; B's scan of his badge says where he is and goes no further.
    await nav(a.page, 'Badge check');
    await scanWithReader(a.page, '200202');
    await expect(a.page.getByRole('heading', { level: 1, name: 'Welcome, Björn' })).toBeVisible();
    await nav(b.page, 'Badge check');
    await expect(b.page.getByRole('heading', { level: 1, name: 'Scan your badge' })).toBeVisible();
    await scanWithReader(b.page, '200202');
    await expect(b.page.getByRole('heading', { level: 1, name: 'Checked in at another station' })).toBeVisible();
    await expect(b.page.getByText('Please go to station Room A: your enrolment goes on there.')).toBeVisible();
    await expect(b.page.locator('main')).not.toContainText('Köhler');
    await checkScreen(b.page, 'stations-03-held-elsewhere');

    await b.page.getByRole('button', { name: 'Scan again' }).click();
    await nav(b.page, 'Session board');
    await expect(b.page.getByTestId('board-grid').locator('tr[data-badge="200202"] [data-station="e2e_room_a"]')).toHaveText('at station Room A');
    await checkScreen(b.page, 'stations-04-board-at-station');

    // A takes Aisha's badge too; then the fleet goes away, and B checks her in with a reason.
    await nav(a.page, 'Session board');
    await nav(a.page, 'Badge check');
    await scanWithReader(a.page, '200203');
    await expect(a.page.getByRole('heading', { level: 1, name: 'Welcome, Aisha' })).toBeVisible();
    fleet.cluster.stopServer();
    try {
      await nav(b.page, 'Badge check');
      await scanWithReader(b.page, '200203');
      await expect(b.page.getByRole('heading', { level: 1, name: 'This station cannot check in anyone new just now' })).toBeVisible();
      await b.page.getByRole('button', { name: 'Check in here with this reason' }).click();
      await expect(b.page.getByText('Please give the reason for checking in without the fleet.')).toBeVisible();
      await b.page.getByLabel('Reason').fill('Fleet down; Aisha has a flight to catch.');
      await checkScreen(b.page, 'stations-05-override');
      await b.page.getByRole('button', { name: 'Check in here with this reason' }).click();
      await expect(b.page.getByRole('heading', { level: 1, name: 'Welcome, Aisha' })).toBeVisible();
    } finally {
      fleet.cluster.startServer();
    }
    await nav(b.page, 'Session board');
    const flag = b.page.getByTestId('board-grid').locator('tr[data-badge="200203"] [data-double-claim="true"]');
    await expect(flag).toBeVisible({ timeout: 60_000 });
    await expect(flag).toHaveText('!Checked in twice');
    await expect(b.page.getByTestId('double-claims')).toHaveText(
      'Aisha Bello was checked in twice: at Room A, and at Room B during a fleet outage (Fleet down; Aisha has a flight to catch.). Settle with the other station which enrolment counts.',
    );
    await checkScreen(b.page, 'stations-06-double-claim');
    await nav(a.page, 'Session board');
    await expect(a.page.getByTestId('board-grid').locator('tr[data-badge="200203"] [data-double-claim="true"]')).toBeVisible({ timeout: 60_000 });
  });

  test('a facilitator key enrolled at one station unlocks the other, and its fleet report lists both kiosks', async ({ browser }) => {
    // Ida's security key, plugged into one station and then the other (both hosts' USB port).
    idasKey = await startVirtualAuthenticatorServer();
    const keyPort = ['--virtual-key-port', String(idasKey.port)];
    const c = await startStation(browser, fleet.addKiosk('e2e_room_c', { kioskName: 'Room C', site: 'Berlin' }), keyPort);
    stations.push(c);
    const d = await startStation(browser, fleet.addKiosk('e2e_room_d', { kioskName: 'Room D', site: 'Munich' }), keyPort);
    stations.push(d);
    await openSessionWithRoster(c.page, 'Finance');
    await openSessionWithRoster(d.page, 'Sales');

    // At Room C the training key adds Ida's key for IT.
    await nav(c.page, 'Kiosk status');
    await c.page.getByRole('tablist', { name: 'Parts of the kiosk' }).getByRole('tab', { name: /^Facilitator keys/ }).click();
    await c.page.getByRole('button', { name: 'Add a facilitator key' }).click();
    await c.page.getByLabel('Name').fill('Ida IT');
    await c.page.getByLabel('Role').selectOption('it');
    await c.page.getByLabel('PIN of your key').fill('730461');
    await c.page.getByRole('button', { name: 'Add this key' }).click();
    await expect(c.page.getByTestId('facilitator-key').filter({ hasText: 'Ida IT' }).getByTestId('facilitator-key-roles')).toHaveText('IT', { timeout: 20_000 });
    const admin = await fleet.cluster.adminClient(FLEET_DATABASE);
    try {
      await expect.poll(async () => (await admin.query("SELECT count(*)::int AS n FROM fleet.facilitator_keys WHERE kiosk_id = 'e2e_room_c' AND name = 'Ida IT'")).rows[0]?.n, { timeout: 20_000 }).toBe(1);
    } finally {
      await admin.end();
    }

    // Room C's status: connected to the fleet, nothing waiting.
    await c.page.getByRole('tablist', { name: 'Parts of the kiosk' }).getByRole('tab', { name: /^Fleet/ }).click();
    await expect(c.page.getByTestId('fleet-state')).toContainText('Connected', { timeout: 20_000 });
    await expect(c.page.getByTestId('fleet-kiosk')).toHaveText('Room C, Berlin');
    await expect(c.page.getByTestId('fleet-waiting')).toHaveText('0', { timeout: 20_000 });
    await checkScreen(c.page, 'stations-07-status-fleet-connected');

    // Room D has never seen Ida's key: it unlocks with it all the same, as IT.
    await d.page.getByRole('button', { name: 'Lock', exact: true }).click();
    await unlockKiosk(d.page, '730461');
    await expect(d.page.getByText('Unlocked: Ida IT')).toBeVisible();
    await expect(d.page.getByRole('navigation', { name: 'Main navigation' }).getByRole('button')).toHaveText(['Envelopes', 'Fleet report', 'Kiosk status']);

    // Its fleet report, per kiosk, lists both stations' sessions.
    await nav(d.page, 'Fleet report');
    await expect(d.page.getByRole('heading', { level: 1, name: 'Fleet report' })).toBeVisible();
    await d.page.getByLabel('Group by').selectOption('kiosk');
    const table = d.page.getByTestId('fleet-report-table');
    await expect(table.getByRole('caption')).toHaveText('Adoption per kiosk');
    for (const kiosk of ['Room C', 'Room D']) await expect(table.getByRole('rowheader', { name: kiosk })).toBeVisible({ timeout: 20_000 });
    await checkScreen(d.page, 'stations-08-fleet-report-both-kiosks');
  });
});
