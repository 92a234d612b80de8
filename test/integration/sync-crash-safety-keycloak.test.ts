import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keycloakIdpConfigSchema } from '../../electron/core/idp/idp-config-schema';
import { KeycloakConnector } from '../../electron/core/idp/keycloak/keycloak-connector';
import { systemClock } from '../../electron/core/ports/clock';
import { FileSecretStore } from '../../electron/core/secrets/file-secret-store';
import { openDatabase } from '../../electron/core/store/open-database';
import type { KeyRegistrationItem } from './helpers/test-outbox-kinds';
import { KeycloakFake } from '../fakes/keycloak-fake';
import { registerWithVirtualKey } from '../fakes/virtual-key';
import { buildChild, runKillLoop } from './helpers/sync-crash-runner';

/**
 * The crash test again, end to end with a real IdP connector: backup-key registrations from
 * the virtual authenticator, finished by the Keycloak connector's outbox handlers against the
 * Keycloak fake (every request and response checked against Keycloak's admin OpenAPI), while
 * the process is SIGKILLed. Each credential must be imported exactly once. A tenth of the
 * generic test's kills (KIOSK_SOAK_KILLS), because each cycle costs more here.
 */
const KILLS = Math.max(20, Math.round(Number(process.env.KIOSK_SOAK_KILLS ?? 200) / 10));
const SEED = Number(process.env.KIOSK_SOAK_SEED ?? 4242) + 1;
const USERS = 8;
const ITEMS = Math.max(60, KILLS * 2);

let dir: string;
let secretsDir: string;
let child: { file: string; remove(): void };
let fake: KeycloakFake;
let config: Record<string, unknown>;
const items: KeyRegistrationItem[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'kiosk-crash-kc-'));
  secretsDir = mkdtempSync(join(tmpdir(), 'kiosk-crash-kc-secrets-'));
  child = await buildChild('test/integration/helpers/outbox-crash-child-keycloak.ts');
  fake = await KeycloakFake.start();
  const secrets = new FileSecretStore({ dataDir: secretsDir, warn: () => {} });
  await secrets.set('kc', fake.clientSecret);
  config = { kind: 'keycloak', baseUrl: fake.baseUrl, realm: fake.realm, clientId: fake.clientId, clientSecretRef: 'kc', webauthn: { rpId: 'sso.example.test', origin: 'https://sso.example.test' } };
  const connector = new KeycloakConnector(keycloakIdpConfigSchema.parse(config), { secrets, clock: systemClock });
  const users = [];
  for (let u = 0; u < USERS; u += 1) {
    fake.addUser({ username: `crash.user${u}`, firstName: 'Crash', lastName: `User ${u}`, badgeId: `7700${u}` });
    users.push((await connector.findUser({ badgeId: `7700${u}` }))!);
  }
  for (let i = 0; i < ITEMS; i += 1) {
    const user = users[i % USERS]!;
    const start = await connector.beginKeyRegistration(user);
    const response = await registerWithVirtualKey(start);
    items.push({
      idempotencyKey: `key:${user.id}:${response.id}`,
      subjectKey: user.id,
      payload: { handle: start.handle, response, displayName: `Backup key ${i}` },
    });
  }
  writeFileSync(join(dir, 'items.json'), JSON.stringify(items));
}, 120_000);

afterAll(async () => {
  await fake?.stop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(secretsDir, { recursive: true, force: true });
  child?.remove();
});

describe('outbox crash safety with the Keycloak connector', () => {
  it(
    `imports every backup key into Keycloak exactly once while the syncing process is SIGKILLed ${KILLS} times`,
    async () => {
      const dbFile = join(dir, 'kiosk.sqlite');
      const result = await runKillLoop({
        childFile: child.file,
        env: { CRASH_DB: dbFile, CRASH_ITEMS: join(dir, 'items.json'), CRASH_SECRETS_DIR: secretsDir, CRASH_KC_CONFIG: JSON.stringify(config), CRASH_ENQUEUE_EVERY_MS: '5' },
        kills: KILLS,
        seed: SEED,
        killWindowMs: 150,
      });
      const counts = items.map((item) => {
        const credentialId = item.payload.response.id;
        return fake.registrationsByCredentialId.get(Buffer.from(credentialId, 'base64url').toString('base64')) ?? 0;
      });
      const db = openDatabase(dbFile);
      const states = db.prepare('SELECT state, COUNT(*) AS n FROM outbox GROUP BY state').all();
      const reconciled = db.prepare(`SELECT COUNT(*) FROM audit_log WHERE action = 'outbox.synced' AND json_extract(data, '$.how') = 'reconciled'`).pluck().get() as number;
      db.close();
      const summary = {
        test: 'sync-crash-safety-keycloak',
        kills: result.kills,
        killedBeforeReady: result.killedBeforeReady,
        items: ITEMS,
        ackedBeforeFinalRun: result.acked,
        losses: counts.filter((n) => n === 0).length,
        duplicates: counts.filter((n) => n > 1).length,
        reconciledAfterCrash: reconciled,
        contractViolations: fake.server.violations.length,
        killPhaseSeconds: Math.round(result.killPhaseMs / 100) / 10,
        seed: SEED,
      };
      console.log(JSON.stringify(summary));

      expect(result.errors).toEqual([]);
      expect(result.finalExitCode).toBe(0);
      expect(result.drained).toBe(`${ITEMS} 0`);
      expect(counts.every((n) => n === 1)).toBe(true);
      expect(states).toEqual([{ state: 'done', n: ITEMS }]);
      expect(fake.server.violations).toEqual([]);
      expect(fake.credentialProblems).toEqual([]);
    },
    120_000 + KILLS * 2_000,
  );
});
