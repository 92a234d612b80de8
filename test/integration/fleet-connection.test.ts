import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleetDatabase, type FleetDatabase } from '../fixtures/fleet-database';
import { fleetKioskCore } from './helpers/fleet-kiosk';
import { until } from './helpers/until';

/**
 * How a kiosk reaches the fleet: TLS with verify-full against the configured CA (a server whose
 * certificate another CA signed is refused and the status says why), and a role that may not
 * migrate a schema that is behind is told what the operator must do.
 */
let fleet: FleetDatabase;
let scratch: string;
beforeAll(async () => {
  fleet = await startFleetDatabase({ tls: true });
  scratch = mkdtempSync(join(tmpdir(), 'kiosk-fleet-tls-'));
});
afterAll(() => {
  fleet?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe('reaching the fleet', () => {
  it('connects over TLS with verify-full when the server certificate chains to the configured CA and names the host', async () => {
    const kiosk = fleet.addKiosk('kiosk_tls_ok');
    expect(kiosk.config.tls).toMatchObject({ mode: 'verify-full' });
    const h = fleetKioskCore(kiosk);
    try {
      await h.call('session.start', { department: 'Finance', room: 'A-1', plannedMinutes: 30 });
      await until('the session in the fleet', async () => h.core.fleet.status().connected && h.core.fleet.status().waiting === 0);
      const ssl = await fleet.cluster.sql("SELECT count(*) AS n FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.usename = 'kiosk_tls_ok' AND s.ssl");
      expect(Number(ssl[0]?.rows[0]?.n)).toBeGreaterThan(0);
    } finally {
      await h.close();
    }
  });

  it('refuses a server whose certificate another CA signed, and the status says why while enrolment goes on', async () => {
    const strangerCa = join(scratch, 'stranger-ca.crt');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=stranger', '-keyout', join(scratch, 'stranger.key'), '-out', strangerCa], { stdio: 'ignore' });
    const kiosk = fleet.addKiosk('kiosk_tls_stranger');
    const h = fleetKioskCore({ ...kiosk, config: { ...kiosk.config, tls: { mode: 'verify-full', caFile: strangerCa } } });
    try {
      await h.call('session.start', { department: 'Finance', room: 'A-1', plannedMinutes: 30 });
      const status = await until('the status to name the problem', async () => h.core.fleet.status().problem);
      expect(status.reason).toBe('fleet.unreachable');
      expect(String(status.params['problem'])).toMatch(/certificate/i);
      expect(h.core.fleet.status()).toMatchObject({ connected: false });
      expect(h.core.fleet.status().waiting).toBeGreaterThan(0);
    } finally {
      await h.close();
    }
  });

  it('says which schema version the kiosk needs when its role may not migrate a fleet that is behind', async () => {
    await fleet.cluster.sql('CREATE DATABASE kiosk_fleet_empty OWNER fleet_owner');
    await fleet.cluster.sql('GRANT CONNECT ON DATABASE kiosk_fleet_empty TO fleet_kiosk; REVOKE CREATE ON SCHEMA public FROM PUBLIC', 'kiosk_fleet_empty');
    const kiosk = fleet.addKiosk('kiosk_no_migrator', { migrator: false });
    const h = fleetKioskCore({ ...kiosk, config: { ...kiosk.config, database: 'kiosk_fleet_empty' } });
    try {
      const problem = await until('the status to say the schema is behind', async () => h.core.fleet.status().problem);
      expect(problem).toMatchObject({ reason: 'fleet.schemaBehind', params: { found: 0, user: 'kiosk_no_migrator' } });
    } finally {
      await h.close();
    }
  });

});
