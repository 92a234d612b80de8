import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRAINING_FACILITATOR_PIN } from '../../electron/core/access/training-facilitator-key';
import { createCore, type Core } from '../../electron/core/app/create-core';
import { kioskConfigSchema } from '../../electron/core/config/schema';
import { startVirtualAuthenticatorServer, type VirtualAuthenticatorServer } from '../../electron/core/fido/virtual';
import { startWebHost } from '../../electron/web/start-web-host';
import { calls, type CallInput, type CallName } from '../../shared/contract/calls';
import { facilitatorRoles, type FacilitatorRole } from '../../shared/domain/access';
import { openBridge, type BridgeClient } from './helpers/bridge-client';
import { auditLength, callNames, dumpStore, kioskInUse, lockedInputs, type Fixture } from './helpers/facilitator-calls';
import { usbPort } from './helpers/usb-port';

/**
 * Issue 15: roles gate, in the core. Each role's own key unlocks a kiosk in use; every call the
 * roles gate is then made over the web host's WebSocket bridge. A call the role may not make is
 * refused with `forbidden`, naming the roles that may, before its input is read, and the SQLite
 * file is unchanged; a call it may make gets past the gate to its input check.
 */

/** The policy, written out here rather than read from call-audience: who may make each gated call. */
const onlyFor: Partial<Record<CallName, FacilitatorRole[]>> = {
  'access.enroll': ['it'],
  'access.remove': ['it'],
  'audit.export': ['it'],
  'custody.find': ['it'],
  'custody.move': ['it'],
  'custody.list': ['it'],
  'custody.reprintLabel': ['it'],
  'stock.receive': ['it'],
  'stock.countPlugged': ['it'],
  'session.latest': ['facilitator'],
  'session.start': ['facilitator'],
  'session.end': ['facilitator'],
  'session.report': ['facilitator'],
  'session.exportCsv': ['facilitator'],
  'roster.preview': ['facilitator'],
  'roster.import': ['facilitator'],
  'roster.loadTraining': ['facilitator'],
  'board.get': ['facilitator'],
  'identity.confirm': ['facilitator'],
  'identity.reject': ['facilitator'],
  'stations.share': ['facilitator'],
  'stations.join': ['facilitator'],
  'stations.override': ['facilitator'],
  'outbox.retry': ['it', 'facilitator'],
  'outbox.discard': ['it', 'facilitator'],
  'fleet.report': ['facilitator', 'it'],
  'fleet.reportCsv': ['facilitator', 'it'],
  'recovery.newCodes': ['facilitator'],
  'recovery.newCodesFor': ['helpdesk'],
  'recovery.sheetReprint': ['facilitator', 'helpdesk'],
  'recovery.sheetConfirm': ['facilitator', 'helpdesk'],
  'recovery.sheetCancel': ['facilitator', 'helpdesk'],
  'recovery.start': ['helpdesk'],
  'recovery.list': ['helpdesk'],
  'recovery.get': ['helpdesk'],
  'recovery.identity.confirm': ['helpdesk'],
  'recovery.authenticators': ['helpdesk'],
  'recovery.revoke': ['helpdesk'],
  'recovery.handOut': ['helpdesk'],
  'recovery.passkey.start': ['helpdesk'],
  'recovery.passkey.check': ['helpdesk'],
  'recovery.reseal': ['helpdesk'],
  'recovery.replaceKey': ['helpdesk'],
  'recovery.complete': ['helpdesk'],
};

/** Every role makes these: reads of the kiosk's state that the status screen shows. */
const everyRole: CallName[] = ['audit.verify', 'audit.signingKey', 'access.keys', 'outbox.summary', 'outbox.parked', 'keys.pinState', 'keys.wink', 'idp.status', 'printers.status', 'fleet.status', 'stock.list'];

/** The calls made only with an unlocked key, and adding a key (made while locked only for the first). */
const gatedCalls = callNames.filter((name) => lockedInputs[name] !== null || name === 'access.enroll');

const people: Record<FacilitatorRole, { name: string; pin: string }> = {
  facilitator: { name: 'Fran Facilitator', pin: '583920' },
  it: { name: 'Ida IT', pin: '730461' },
  helpdesk: { name: 'Hal Helpdesk', pin: '915372' },
};

function validInput(name: CallName, fixture: Fixture): CallInput<CallName> {
  if (name === 'access.enroll') return { name: 'Mallory', role: 'it', pin: '604918' };
  return lockedInputs[name]!(fixture);
}

describe('roles over the web host\'s WebSocket bridge (training kiosk, one key per role)', () => {
  let dir: string;
  let core: Core;
  let sqliteFile: string;
  let bridge: BridgeClient;
  let fixture: Fixture;
  const port = usbPort();
  const keys = {} as Record<FacilitatorRole, VirtualAuthenticatorServer>;
  const closing: Array<() => Promise<void> | void> = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-roles-'));
    const dataDir = join(dir, 'data');
    sqliteFile = join(dataDir, 'kiosk.sqlite');
    core = createCore({ config: kioskConfigSchema.parse({}), dataDir, version: 'roles-test', ports: { hid: port.hid } });
    closing.push(() => core.close());
    const rendererDir = join(dir, 'renderer');
    mkdirSync(rendererDir, { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head><title>Kiosk</title></head><body></body></html>');
    const host = await startWebHost({ core, rendererDir, port: 0 });
    closing.push(() => host.close());
    bridge = await openBridge(host);
    closing.push(() => bridge.close());

    // The built-in training key acts in every role: it enrolls one key per role, each plugged in by its person.
    await bridge.call('access.unlock', { pin: TRAINING_FACILITATOR_PIN });
    for (const role of facilitatorRoles) {
      keys[role] = await startVirtualAuthenticatorServer();
      closing.push(() => keys[role].close());
      port.plug(keys[role].port);
      await bridge.call('access.enroll', { name: people[role].name, role, pin: people[role].pin });
    }
    fixture = await kioskInUse(bridge.call, core);
  });

  afterAll(async () => {
    for (const close of closing.reverse()) await close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('classifies every gated call: the policy above names only gated calls, and every role may make the rest', () => {
    expect(gatedCalls).toHaveLength(Object.keys(onlyFor).length + everyRole.length);
    for (const name of Object.keys(onlyFor) as CallName[]) expect(gatedCalls, name).toContain(name);
    for (const name of everyRole) expect(gatedCalls, name).toContain(name);
    expect(gatedCalls.filter((name) => !onlyFor[name] && !everyRole.includes(name))).toEqual([]);
  });

  it('lists each key with the roles it acts in: its own, and every role for the built-in training key', async () => {
    const listed = (await bridge.call('access.keys', {})).keys.map((key) => [key.name, key.role, key.roles, key.removable]);
    expect(listed).toEqual([
      ['Training facilitator', 'facilitator', ['facilitator', 'it', 'helpdesk'], true],
      [people.facilitator.name, 'facilitator', ['facilitator'], true],
      [people.it.name, 'it', ['it'], true],
      [people.helpdesk.name, 'helpdesk', ['helpdesk'], true],
    ]);
  });

  for (const role of facilitatorRoles) {
    it(`${role}: every call the role may not make is refused with \`forbidden\` naming who may, and the store is unchanged`, async () => {
      await bridge.call('access.lock', {});
      port.plug(keys[role].port);
      const unlocked = await bridge.call('access.unlock', { pin: people[role].pin });
      expect(unlocked.facilitator).toMatchObject({ name: people[role].name, role, roles: [role] });
      const before = dumpStore(sqliteFile);
      const auditBefore = auditLength(sqliteFile);

      const answers: Record<string, string> = {};
      const expected: Record<string, string> = {};
      for (const name of gatedCalls) {
        const allowed = onlyFor[name]?.includes(role) ?? true;
        expected[name] = allowed ? 'invalid_input' : 'forbidden';
        const input = validInput(name, fixture);
        expect(calls[name].input.safeParse(input).success, `the test's input for ${name} is valid`).toBe(true);
        // A call the role may make is sent with no input at all: it passes the gate and stops at the input check, changing nothing.
        const envelope = await bridge.send(name, allowed ? null : input);
        answers[name] = envelope.ok ? 'ok' : envelope.error.code;
        if (!allowed && !envelope.ok) {
          expect(envelope.error.reason, name).toBe('access.roleNeeded');
          expect(String(envelope.error.params?.['roles']).split(',').sort(), name).toEqual([...onlyFor[name]!].sort());
          expect(envelope.error.details, name).toMatchObject({ call: name });
          // Refused before its input is read: no input at all is refused the same way.
          expect(await bridge.send(name, null), name).toMatchObject({ ok: false, error: { code: 'forbidden' } });
        }
      }
      expect(answers).toEqual(expected);
      expect(Object.values(answers)).toContain('forbidden');
      expect(dumpStore(sqliteFile)).toEqual(before);
      expect(auditLength(sqliteFile)).toBe(auditBefore);
      expect(core.access.state()).toMatchObject({ locked: false, facilitator: { name: people[role].name } });
    });
  }

  it('a refused call was refused by the role, not by its input: the built-in key (every role) makes the same call', async () => {
    await bridge.call('access.lock', {});
    port.plug(null);
    await bridge.call('access.unlock', { pin: TRAINING_FACILITATOR_PIN });
    const moved = await bridge.call('custody.move', validInput('custody.move', fixture) as CallInput<'custody.move'>);
    expect(moved.envelope.state).toBe('collected');
  });
});
