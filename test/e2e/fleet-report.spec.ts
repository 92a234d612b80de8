import { expect, test } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateFleet } from '../../electron/core/fleet/fleet-migrate';
import { fleetMigrations } from '../../electron/core/fleet/migrations';
import { FileSecretStore } from '../../electron/core/secrets/file-secret-store';
import { stepIds } from '../../shared/domain/step-table';
import { FLEET_DATABASE, OWNER_PASSWORD, startFleetDatabase, type FleetDatabase } from '../fixtures/fleet-database';
import { attendeeRows, replicateAs, sessionRows, stepRows } from '../fixtures/fleet-rows';
import { unlockKiosk } from './fixtures/unlock';
import { spawnWebHost, type RunningWebHost } from './fixtures/web-host-process';
import { checkScreen } from './screen-checks';

/**
 * The fleet report screen on a web host that is a training kiosk of a fleet on a real
 * PostgreSQL 15: the rows of two kiosks (as their own roles replicate them) per department and
 * per kiosk, its CSV, in English and German; the fleet stopped, it says so and shows no figures.
 * A kiosk without a fleet says it works alone.
 */
let fleet: FleetDatabase;
let dataDir: string;
let host: RunningWebHost;

const roomA = { id: 'kiosk_e2e_room_a', name: 'Room A', site: 'Berlin' };
const roomB = { id: 'kiosk_e2e_room_b', name: 'Room B', site: 'Munich' };

test.beforeAll(async () => {
  fleet = await startFleetDatabase();
  const own = fleet.addKiosk(roomA.id, { kioskName: roomA.name, site: roomA.site });
  fleet.addKiosk(roomB.id, { kioskName: roomB.name, site: roomB.site });
  await migrateFleet({ host: fleet.cluster.host, port: fleet.cluster.port, database: FLEET_DATABASE, user: 'fleet_owner', password: OWNER_PASSWORD }, fleetMigrations);
  // Training sessions: the web host is a training kiosk, and a training kiosk reports those.
  await replicateAs(fleet, roomA, [
    sessionRows(roomA.site, [{ id: 'a-s1', startedAt: '2026-03-02T09:00:00.000Z', training: true }]),
    attendeeRows(['Finance', 'Finance', 'Finance', 'Legal'].map((department, i) => ({ id: `a-${i}`, session: 'a-s1', department }))),
    stepRows([...stepIds.map((step) => ({ attendee: 'a-0', step, status: 'done' })), ...stepIds.map((step) => ({ attendee: 'a-1', step, status: step === 'backupKey' ? 'skipped' : 'done' }))]),
  ]);
  await replicateAs(fleet, roomB, [
    sessionRows(roomB.site, [{ id: 'b-s1', startedAt: '2026-03-10T09:00:00.000Z', training: true }]),
    attendeeRows(['Legal', 'Sales'].map((department, i) => ({ id: `b-${i}`, session: 'b-s1', department }))),
    stepRows(stepIds.map((step) => ({ attendee: 'b-0', step, status: 'done' }))),
  ]);

  dataDir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-fleet-report-'));
  const secrets = new FileSecretStore({ dataDir });
  for (const [name, value] of Object.entries(own.secrets)) await secrets.set(name, value);
  const config = join(dataDir, 'kiosk.json');
  writeFileSync(config, JSON.stringify({ fleet: own.config }));
  host = await spawnWebHost(dataDir, ['--config', config]);
});

test.afterAll(async () => {
  await host?.stop();
  fleet?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test.describe.configure({ timeout: 120_000 });

test('shows the fleet per department and per kiosk with its CSV, in English and German, and no figures while the fleet is away', async ({ page }) => {
  await page.goto(host.url);
  await unlockKiosk(page);
  await page.getByRole('navigation').getByRole('button', { name: 'Fleet report' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Fleet report' })).toBeVisible();
  await expect(page.getByText('Training sessions only: this is a training kiosk.')).toBeVisible();

  const table = page.getByTestId('fleet-report-table');
  await expect(table.getByRole('caption')).toHaveText('Adoption per department');
  await expect(table.locator('tbody th')).toHaveText(['Finance', 'Legal', 'Sales']);
  const finance = table.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: 'Finance' }) });
  // Finance: 3 on the roster, 1 through every step; the backup key done by 1 and skipped by 1.
  await expect(finance.locator('td')).toHaveText(['3', '1 (33%)', '2 (67%)', '2 (67%)', /^1 \(33%\)1 skipped · 0 failed$/, '2 (67%)', '2 (67%)']);
  await expect(table.locator('tfoot td').first()).toHaveText('6');
  await checkScreen(page, 'fleet-report-01-department-en');

  await page.getByLabel('Group by').selectOption('kiosk');
  await expect(table.getByRole('caption')).toHaveText('Adoption per kiosk');
  await expect(table.locator('tbody th')).toHaveText(['Room A', 'Room B']);
  await page.getByLabel('From week').fill('2026-W11');
  await expect(table.locator('tbody th')).toHaveText(['Room B']);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^fleet-report-kiosk-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = readFileSync(await file.path(), 'utf8').replace(/^\uFEFF/, '').trimEnd().split('\r\n');
  expect(lines[0]).toMatch(/^Kiosk,Attendees on the roster,Fully enrolled,Fully enrolled \(%\),/);
  expect(lines.slice(1).map((line) => line.split(',').slice(0, 4).join(','))).toEqual(['Room B,2,1,50.0', 'All,2,1,50.0']);

  await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Deutsch' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Flottenbericht' })).toBeVisible();
  await expect(table.getByRole('caption')).toHaveText('Verbreitung je Kiosk');
  await expect(table.locator('tfoot th')).toHaveText('Gesamt');
  await checkScreen(page, 'fleet-report-02-kiosk-de');

  fleet.cluster.stopServer();
  try {
    await page.getByRole('button', { name: 'Neu lesen' }).click();
    await expect(page.getByRole('alert')).toContainText('Der Flottenbericht kann gerade nicht angezeigt werden');
    await expect(table).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'CSV exportieren' })).toBeDisabled();
    await checkScreen(page, 'fleet-report-03-unreachable-de');
  } finally {
    fleet.cluster.startServer();
  }
  await page.getByRole('button', { name: 'Neu lesen' }).click();
  await expect(table.locator('tbody th')).toHaveText(['Room B'], { timeout: 30_000 });
});

test('says a kiosk without a fleet works alone', async ({ page }) => {
  const aloneDir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-alone-'));
  const alone = await spawnWebHost(aloneDir);
  try {
    await page.goto(alone.url);
    await unlockKiosk(page);
    await page.getByRole('navigation').getByRole('button', { name: 'Fleet report' }).click();
    await expect(page.getByRole('alert')).toContainText('This kiosk works alone (its config has no fleet section), so there is no fleet report.');
    await expect(page.getByTestId('fleet-report-table')).toHaveCount(0);
    await checkScreen(page, 'fleet-report-04-alone-en');
  } finally {
    await alone.stop();
    rmSync(aloneDir, { recursive: true, force: true });
  }
});
