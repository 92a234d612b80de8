import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/app/create-core';
import { kioskConfigSchema } from '../../electron/core/config/schema';
import { startVirtualAuthenticatorServer, type VirtualAuthenticatorServer } from '../../electron/core/fido/virtual';
import { FileSecretStore } from '../../electron/core/secrets/file-secret-store';
import { AuditLog } from '../../electron/core/store/audit-log';
import type { CallInput, CallName, CallOutput } from '../../shared/contract/calls';
import { KeycloakFake } from '../fakes/keycloak-fake';
import { runJourneyKillLoop, type KillRule } from './helpers/journey-crash-runner';
import { createPasskeyAtKeycloakFake } from './helpers/keycloak-phone';
import { buildChild, lcg } from './helpers/sync-crash-runner';
import { TouchWatchingKey } from './helpers/touch-watching-key';
import { unlockCore } from './helpers/unlock-core';

/**
 * Crash mid-journey: the kiosk process (the whole core, journey-crash-child.ts) is SIGKILLed
 * right after each committed step of three attendees' journeys in turn, and at seeded random
 * moments inside the long operations (the passkey watch, the key's touches, the outbox
 * sending), restarting on the same data dir each time. The key (virtual authenticator) and
 * the IdP (Keycloak fake) live here in the parent and outlive every kiosk, as a USB key and a
 * real Keycloak would. In the end every journey must be complete with nothing done twice at
 * the key or the IdP.
 *
 * One moment cannot be made safe by the kiosk: killed while a key waits for the touch (or
 * after it answered, before the kiosk wrote the answer down), the key goes on and makes a
 * credential whose id never reached the kiosk's disk. The retry asks for the same user handle,
 * so the key replaces that credential (CTAP 2.1 makeCredential overwrites a discoverable
 * credential of the same RP and user), and the IdP only ever sees the retry's. The test kills
 * there on purpose and checks exactly that.
 *
 * The phone uses the Keycloak fake's own account console and passkey page (sign-in, creation
 * options, verification with @simplewebauthn/server), with a virtual authenticator of its own.
 */
const SEED = Number(process.env.KIOSK_SOAK_SEED ?? 4242) + 7;
const PIN = '482915';
/** The simulated person touches a key this long after it asks; kills in the touch land in its first half. */
const TOUCH_MS = 150;
/** Random kills while the kiosk waits for the phone's passkey or sends to the IdP, within this long after its core started. */
const RANDOM_WINDOW_MS = 450;
/**
 * phoneMs: how long the attendee takes on the phone after the link is shown. Jürgen is slow, so
 * a restarted kiosk shows him a new link before his passkey exists; the others are done first.
 */
const people = [
  { badge: '510001', givenName: 'Amara', familyName: 'Okafor', phoneMs: 0 },
  { badge: '510002', givenName: 'Jürgen', familyName: 'Müller', phoneMs: 1_500 },
  { badge: '510003', givenName: 'Sofia', familyName: 'Lindqvist', phoneMs: 0 },
].map((p) => ({ ...p, email: `${p.givenName.toLowerCase().replace('ü', 'ue')}.${p.familyName.toLowerCase().replace('ü', 'ue')}@example.com` }));

let dataDir: string;
let child: { file: string; remove(): void };
let fake: KeycloakFake;
/** Each attendee's own backup key, in the order of `people`. */
let keys: Array<VirtualAuthenticatorServer & { authenticator: TouchWatchingKey }>;
let config: Record<string, unknown>;
const userIds = new Map<string, string>();

beforeAll(async () => {
  dataDir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'kiosk-journey-crash-'));
  child = await buildChild('test/integration/helpers/journey-crash-child.ts');
  fake = await KeycloakFake.start();
  for (const p of people) userIds.set(p.badge, fake.addUser({ username: p.email, email: p.email, firstName: p.givenName, lastName: p.familyName, badgeId: p.badge }));
  // Localhost, so the passkey page can be its own relying party (WebAuthn refuses an IP address); training mode allows a loopback IdP.
  const local = fake.server.localBaseUrl;
  config = {
    mode: 'training',
    idp: { kind: 'keycloak', baseUrl: local, realm: fake.realm, clientId: fake.clientId, clientSecretRef: 'idp.keycloak.clientSecret', webauthn: { rpId: 'localhost', origin: local } },
    outbox: { backoffBaseMs: 100, backoffCapMs: 1_000 },
  };
  await new FileSecretStore({ dataDir, warn: () => undefined }).set('idp.keycloak.clientSecret', fake.clientSecret);
  keys = await Promise.all(
    people.map(async () => {
      const authenticator = new TouchWatchingKey({ userPresence: { delayMs: TOUCH_MS } });
      return { ...(await startVirtualAuthenticatorServer({ authenticator })), authenticator };
    }),
  );
}, 60_000);

afterAll(async () => {
  for (const key of keys ?? []) await key.close();
  await fake?.stop();
  child?.remove();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Every mark a child writes, in journey order: a kill "at k" lands right after the k-th commit. */
function journeyMarks(): string[] {
  const perAttendee = people.flatMap((p) => [`scan:${p.badge}`, `confirm:${p.badge}`, `link:${p.badge}`, `passkey:${p.badge}`, `inspect:${p.badge}`, `pin:${p.badge}`, `registered:${p.badge}`, `key:${p.badge}`]);
  return ['session', 'roster', ...perAttendee, 'complete'];
}

/**
 * A kill after each mark in turn. Before each long action one more run is killed inside it
 * (it cannot get past the action's mark): while the key waits for the touch that makes the
 * credential or the one of the test sign-in, and at a seeded random moment while the kiosk
 * watches for the phone's passkey; last, one at a random moment while the outbox drains.
 */
function killPlan(marks: string[]): KillRule[] {
  const random = lcg(SEED);
  const randomMs = () => Math.round(random() * RANDOM_WINDOW_MS);
  const inside = (mark: string): KillRule['early'] => {
    if (/^(registered|key):/.test(mark)) return { kind: 'inTouch', ms: Math.round((random() * TOUCH_MS) / 3) };
    if (/^passkey:/.test(mark)) return { kind: 'afterStart', ms: randomMs() };
    return undefined;
  };
  const perMark = marks.flatMap((mark, index): KillRule[] => {
    const early = inside(mark);
    return early ? [{ index, early }, { index }] : [{ index }];
  });
  return [...perMark, { index: marks.length, early: { kind: 'afterStart', ms: randomMs() } }];
}

/** What a kiosk started afterwards on the same data dir says, through the dispatcher. */
async function kioskAfterwards() {
  const core = createCore({ config: kioskConfigSchema.parse(config), dataDir, version: 'crash-check', ports: { secrets: new FileSecretStore({ dataDir, warn: () => undefined }) } });
  const call = async <K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>> => {
    const envelope = await core.dispatch(name, input, { transport: 'test' });
    if (!envelope.ok) throw new Error(`${name}: ${envelope.error.message}`);
    return envelope.result as CallOutput<K>;
  };
  try {
    await unlockCore(core);
    const session = await call('session.current', {});
    if (!session) throw new Error('no open session');
    return {
      board: await call('board.get', { sessionId: session.id }),
      summary: await call('outbox.summary', {}),
      parked: await call('outbox.parked', {}),
      audit: await call('audit.verify', {}),
      events: new AuditLog(core.db, () => new Date()).list(100_000),
    };
  } finally {
    await core.close();
  }
}

describe('crash mid-journey', () => {
  it('resumes each attendee at the first step not committed, doing nothing twice at the key or the IdP', async () => {
    const started = Date.now();
    const marks = journeyMarks();
    const plan = killPlan(marks);
    const phones = new Map<string, Promise<void>>();
    const phoneErrors: string[] = [];
    const result = await runJourneyKillLoop({
      childFile: child.file,
      env: {
        JOURNEY_DATA_DIR: dataDir,
        JOURNEY_KEY_PORTS: keys.map((key) => key.port).join(','),
        JOURNEY_CONFIG: JSON.stringify(config),
        JOURNEY_BADGES: people.map((p) => p.badge).join(','),
        JOURNEY_ROSTER: ['Badge ID,Given name,Family name,Email,Department,Manager', ...people.map((p) => `${p.badge},${p.givenName},${p.familyName},${p.email},Crash,Henrike Schäfer`)].join('\n'),
        JOURNEY_PIN: PIN,
      },
      marks,
      plan,
      // The phone goes on by itself once it has the link, even when the kiosk dies meanwhile; it makes one passkey per attendee.
      onLink: (name, url) => {
        const person = people.find((p) => `link:${p.badge}` === name)!;
        if (phones.has(person.badge)) return;
        const phone = new Promise((resolve) => setTimeout(resolve, person.phoneMs)).then(() => createPasskeyAtKeycloakFake(url, person.email));
        phones.set(person.badge, phone.catch((error: unknown) => void phoneErrors.push(String(error))));
      },
      onTouchRequest: (listener) => {
        const stops = keys.map((key) => key.authenticator.onTouchRequest(listener));
        return () => stops.forEach((stop) => stop());
      },
      runTimeoutMs: 20_000,
    });
    await Promise.all(phones.values());

    const atIdp = people.map((p, i) => {
      const key = keys[i]!.authenticator.toJSON();
      const stored = fake.credentials.get(userIds.get(p.badge)!) ?? [];
      const webauthn = stored.filter((c) => c.type === 'webauthn-passwordless').map((c) => ({ label: c.userLabel ?? '', credentialId: (JSON.parse(c.credentialData ?? '{}') as { credentialId: string }).credentialId }));
      return {
        badge: p.badge,
        onKey: key.credentials.filter((c) => c.rpId === 'localhost').map((c) => ({ user: Buffer.from(c.userId, 'base64url').toString('utf8'), credentialId: Buffer.from(c.credentialId, 'base64url').toString('base64') })),
        madeOnKey: key.credentialSeq,
        passkeys: webauthn.filter((c) => c.label === 'Passkey').length,
        backupKeys: webauthn.filter((c) => c.label.startsWith('Backup key')).map((c) => c.credentialId),
        links: fake.actionEmails.filter((e) => e.userId === userIds.get(p.badge)).length,
      };
    });

    const { board, summary, parked, audit, events } = await kioskAfterwards();
    const count = (action: string, step?: string) => events.filter((e) => e.action === action && (step === undefined || e.data.step === step)).length;

    const report = {
      test: 'journey-crash-safety',
      runs: result.runs.length,
      killsAtMark: result.runs.filter((r) => r.killedBy === 'mark').length,
      killsInTouch: result.runs.filter((r) => r.killedBy === 'early' && r.rule?.early?.kind === 'inTouch').length,
      killsAtRandom: result.runs.filter((r) => r.killedBy === 'early' && r.rule?.early?.kind === 'afterStart').length,
      // What each run did last before it was killed ('+ms kind' when killed inside an action).
      killedAfter: result.runs.map((r) => `${r.marks.at(-1) ?? 'start'}${r.killedBy === 'early' ? ` +${r.rule?.early?.ms}ms ${r.rule?.early?.kind}` : ''}${r.killedBy ? '' : r.rule ? ' (got through)' : ' (final)'}`),
      credentialsMadeOnKeys: atIdp.map((a) => a.madeOnKey),
      passkeyLinksIssued: atIdp.map((a) => a.links),
      seconds: Math.round((Date.now() - started) / 100) / 10,
      seed: SEED,
    };
    console.log(JSON.stringify(report));

    expect(result.errors).toEqual([]);
    expect(phoneErrors).toEqual([]);
    expect(result.finalExitCode).toBe(0);
    expect(result.drained).toBe(`${people.length} 0`);
    expect(report.killsAtMark).toBeGreaterThanOrEqual(marks.length);
    expect(report.killsInTouch).toBeGreaterThanOrEqual(people.length);

    // Every journey resumed to its end: both steps done for everyone.
    for (const p of people) {
      const row = board.rows.find((r) => r.attendee.badgeId === p.badge);
      expect(row?.steps, p.badge).toMatchObject({ badge: { status: 'done' }, platformPasskey: { status: 'done' }, backupKey: { status: 'done' } });
    }
    // Each key holds one credential for the IdP's RP, the attendee's, and it is the one the IdP holds; one passkey from the phone.
    for (const a of atIdp) {
      expect(a.onKey, `credentials on the key of ${a.badge}`).toEqual([{ user: userIds.get(a.badge), credentialId: expect.any(String) }]);
      expect(a.backupKeys, `backup keys of ${a.badge} at the IdP`).toEqual([a.onKey[0]?.credentialId]);
      expect(a.passkeys, `passkeys of ${a.badge} at the IdP`).toBe(1);
    }
    // Each key made two credentials: the kill inside its first touch left it making one the kiosk never heard of, which the retry replaced.
    expect(atIdp.map((a) => a.madeOnKey)).toEqual(people.map(() => 2));
    expect([...fake.registrationsByCredentialId.values()]).toEqual(Array(people.length * 2).fill(1));
    expect(fake.server.violations).toEqual([]);
    expect(fake.credentialProblems).toEqual([]);
    // The kiosk's store: one delivered outbox item per registration, nothing parked, each step recorded once, the chain intact.
    expect(summary).toMatchObject({ pending: 0, parked: 0, done: people.length, discarded: 0 });
    expect(parked.items).toEqual([]);
    expect(count('journey.keyRegistered')).toBe(people.length);
    expect(count('step.done', 'platformPasskey')).toBe(people.length);
    expect(count('step.done', 'backupKey')).toBe(people.length);
    expect(count('identity.confirm')).toBe(people.length);
    expect(count('journey.keyPinSet')).toBeLessThanOrEqual(people.length);
    for (const key of keys) expect(key.authenticator.describe()).toMatchObject({ pinSet: true, pinRetries: 8 });
    expect(audit).toMatchObject({ ok: true, firstBadSeq: null });
  }, 120_000);
});
