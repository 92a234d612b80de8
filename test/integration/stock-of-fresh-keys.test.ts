import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { kioskConfigSchema } from '../../electron/core/config/schema';
import { startVirtualAuthenticatorServer, type VirtualAuthenticatorServer } from '../../electron/core/fido/virtual';
import type { HidBackend } from '../../electron/core/fido/hid/hid-connection';
import { auditLength, dumpStore } from './helpers/facilitator-calls';
import { throughTheBackupKey } from './helpers/journey-to-codes';
import { confirmedTrainingAttendee, sessionCore } from './helpers/session-core';
import { until } from './helpers/until';
import { usbPort } from './helpers/usb-port';

/**
 * Issue 17, item 3: the stock of fresh keys. IT records deliveries (by model name or AAGUID)
 * and counts fresh keys by plugging them in, once each; a backup-key step that registers a key
 * takes one of its model; below the configured threshold the list warns. Real SQLite file,
 * real CTAP to virtual keys; every movement is in the audit chain.
 */
const YUBIKEY_NFC = 'YubiKey 5 Series with NFC';
const YUBIKEY_NFC_57 = 'a25342c0-3cdc-4414-8e46-f4807fca511c';
const TRAINING_KEY = 'Enrollment Kiosk virtual key (training)';
const UNNAMED_AAGUID = '0badc0de-1234-4abc-8def-0123456789ab';

const closing: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close();
});

function harness(...args: Parameters<typeof sessionCore>): ReturnType<typeof sessionCore> {
  const h = sessionCore(...args);
  closing.push(() => h.close());
  return h;
}

async function freshKey(): Promise<VirtualAuthenticatorServer> {
  const key = await startVirtualAuthenticatorServer();
  closing.push(() => key.close());
  return key;
}

/** The same USB port, with the serial number a key's USB descriptor carries (the socket backend's virtual key has none). */
function withSerial(hid: HidBackend, serial: () => string | null): HidBackend {
  return { kind: hid.kind, list: async () => (await hid.list()).map((device) => ({ ...device, serialNumber: serial() })), open: (path) => hid.open(path) };
}

const stockAudit = (file: string) => (dumpStore(file)['audit_log'] as Array<{ action: string; subject: string; actor: string; data: string }>).filter((row) => row.action.startsWith('stock.'));

describe('the stock of fresh keys', () => {
  it('records deliveries by model name (any case) and by AAGUID into one line per model, warns below the threshold, audits each and tells the screens', async () => {
    const h = harness({ stock: { warnBelow: 5, warnBelowFor: { [YUBIKEY_NFC_57.toUpperCase()]: 12 } } });
    // A model with a threshold of its own shows before its first delivery: nothing left is below it.
    expect((await h.call('stock.list', {})).lines).toEqual([{ model: YUBIKEY_NFC, aaguids: [], received: 0, used: 0, left: 0, warnBelow: 12, low: true }]);

    const first = await h.call('stock.receive', { model: ' yubikey 5 series with nfc ', count: 10, note: 'PO 4711' });
    expect(first.line).toMatchObject({ model: YUBIKEY_NFC, received: 10, left: 10, warnBelow: 12, low: true });
    // Another firmware of the same model (its own AAGUID) adds to the same line.
    const second = await h.call('stock.receive', { aaguid: YUBIKEY_NFC_57.toUpperCase(), count: 3 });
    expect(second.line).toMatchObject({ model: YUBIKEY_NFC, aaguids: [YUBIKEY_NFC_57], received: 13, left: 13, low: false });
    // An AAGUID no table names is a line of its own, named by the AAGUID, with the default threshold.
    const unnamed = await h.call('stock.receive', { aaguid: UNNAMED_AAGUID, count: 4 });
    expect(unnamed.line).toMatchObject({ model: UNNAMED_AAGUID, received: 4, left: 4, warnBelow: 5, low: true });

    const list = await h.call('stock.list', {});
    expect(list.lines.map((line) => [line.model, line.left, line.low])).toEqual([
      [UNNAMED_AAGUID, 4, true],
      [YUBIKEY_NFC, 13, false],
    ]);
    expect(list.warnBelow).toBe(5);
    expect(list.models).toContain(YUBIKEY_NFC);
    expect(list.recent.map((movement) => [movement.kind, movement.model, movement.count, movement.note, movement.actor])).toEqual([
      ['received', UNNAMED_AAGUID, 4, null, 'Training facilitator'],
      ['received', YUBIKEY_NFC, 3, null, 'Training facilitator'],
      ['received', YUBIKEY_NFC, 10, 'PO 4711', 'Training facilitator'],
    ]);
    expect(h.events.filter((event) => event.name === 'stock.changed').map((event) => event.payload)).toEqual([{ model: YUBIKEY_NFC }, { model: YUBIKEY_NFC }, { model: UNNAMED_AAGUID }]);

    const audit = stockAudit(join(h.dataDir, 'kiosk.sqlite'));
    expect(audit.map((row) => [row.action, row.subject, row.actor])).toEqual([
      ['stock.receive', YUBIKEY_NFC, 'Training facilitator'],
      ['stock.receive', YUBIKEY_NFC, 'Training facilitator'],
      ['stock.receive', UNNAMED_AAGUID, 'Training facilitator'],
    ]);
    expect(JSON.parse(audit[0]!.data)).toEqual({ aaguid: null, count: 10, note: 'PO 4711', left: 10 });
    expect((await h.call('audit.verify', {})).ok).toBe(true);
  });

  it('refuses a stock config whose threshold is no count or names no AAGUID, saying where', () => {
    const issues = (stock: unknown) => kioskConfigSchema.safeParse({ stock }).error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    expect(issues({ warnBelow: -1 })).toEqual([expect.stringMatching(/^stock\.warnBelow: /)]);
    expect(issues({ warnBelowFor: { 'YubiKey 5 NFC': 3 } })).toEqual([expect.stringContaining('an AAGUID looks like cb69481e-8ff7-4039-93ec-0a2729a154a8')]);
    expect(issues({ warnBelow: 5, lowAt: 2 })).toEqual([expect.stringMatching(/^stock: Unrecognized key: "lowAt"/)]);
    expect(kioskConfigSchema.parse({}).stock).toEqual({ warnBelow: 5, warnBelowFor: {} });
  });

  it('refuses a delivery that names no model, two, an unknown one, or a count that is no count, saying what to do, and records nothing', async () => {
    const h = harness();
    await h.call('stock.receive', { model: YUBIKEY_NFC, count: 2 });
    const file = join(h.dataDir, 'kiosk.sqlite');
    const before = dumpStore(file);
    const auditBefore = auditLength(file);

    expect(await h.fail('stock.receive', { count: 5 })).toMatchObject({
      code: 'invalid_input',
      reason: 'stock.modelOrAaguid',
      message: 'Say which model arrived: choose its name from the list, or give its AAGUID, but not both.',
    });
    expect(await h.fail('stock.receive', { model: YUBIKEY_NFC, aaguid: YUBIKEY_NFC_57, count: 5 })).toMatchObject({ reason: 'stock.modelOrAaguid' });
    expect(await h.fail('stock.receive', { model: 'YubiKey 6 Ultra', count: 5 })).toMatchObject({
      code: 'invalid_input',
      message: 'No key model is called "YubiKey 6 Ultra". Choose the name from the list, or plug in one key of the delivery and count it: the kiosk reads the model from the key.',
      details: { issues: [{ path: 'model' }] },
    });
    for (const count of [0, -3, 2.5, 501, '10']) {
      expect(await h.fail('stock.receive', { model: YUBIKEY_NFC, count }), String(count)).toMatchObject({ code: 'invalid_input', reason: 'contract.invalidInput', details: { issues: [{ path: 'count' }] } });
    }
    expect(await h.fail('stock.receive', { aaguid: 'cb69481e-8ff7', count: 5 })).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('an AAGUID looks like cb69481e-8ff7-4039-93ec-0a2729a154a8') });
    expect(await h.fail('stock.receive', { model: YUBIKEY_NFC, count: 5, note: 'x'.repeat(501) })).toMatchObject({ code: 'invalid_input', details: { issues: [{ path: 'note' }] } });
    // A direct call inside the core is held to the same rules.
    expect(() => h.core.stock.receive({ model: YUBIKEY_NFC, count: 5, actor: ' ' })).toThrow(/The keys received were not recorded \(actor:/);

    expect(dumpStore(file)).toEqual(before);
    expect(auditLength(file)).toBe(auditBefore);
    expect((await h.call('stock.list', {})).lines).toMatchObject([{ model: YUBIKEY_NFC, left: 2 }]);
  });

  it('counts a fresh plugged-in key once while it stays plugged in, the next key of the box again, and refuses a key with a PIN', async () => {
    const port = usbPort();
    const h = harness({}, { hid: port.hid });
    const first = await freshKey();
    port.plug(first.port);
    const [key] = (await h.call('keys.list', {})).keys;

    const counted = await h.call('stock.countPlugged', { path: key!.path, note: 'Box 1' });
    expect(counted).toEqual({ line: expect.objectContaining({ model: TRAINING_KEY, received: 1, left: 1 }), serial: null });
    expect(await h.fail('stock.countPlugged', { path: key!.path })).toMatchObject({
      code: 'conflict',
      message: 'This key was counted already since it was plugged in. Unplug it and plug in the next key of the delivery.',
    });

    // Pulled out (the hotplug watch notices), and the next key of the box plugged into the same port: counted.
    const detached = until('the key pulled out', async () => h.events.some((event) => event.name === 'key.detached'));
    port.plug(null);
    await detached;
    const second = await freshKey();
    port.plug(second.port);
    const [next] = (await h.call('keys.list', {})).keys;
    expect((await h.call('stock.countPlugged', { path: next!.path })).line).toMatchObject({ model: TRAINING_KEY, received: 2, left: 2 });

    // A key with a PIN has been used: not stock. Nothing on it was changed by the kiosk's look.
    const used = await freshKey();
    port.plug(used.port);
    const [withPin] = (await h.call('keys.list', {})).keys;
    await h.core.keys.setPin(withPin!.path, '482915');
    expect(await h.fail('stock.countPlugged', { path: withPin!.path })).toMatchObject({
      code: 'conflict',
      message: `This key (${TRAINING_KEY}) already has a PIN, so it has been used before: only fresh keys without a PIN are counted into the stock. Put it aside for IT to check and reset.`,
    });
    expect(await h.fail('stock.countPlugged', { path: 'virtual:127.0.0.1:1' })).toMatchObject({ code: 'key_not_found', reason: 'key.notConnected' });
    expect((await h.call('stock.list', {})).lines).toMatchObject([{ model: TRAINING_KEY, received: 2 }]);
    expect(stockAudit(join(h.dataDir, 'kiosk.sqlite')).map((row) => [row.action, JSON.parse(row.data).note, JSON.parse(row.data).serial])).toEqual([
      ['stock.countPlugged', 'Box 1', null],
      ['stock.countPlugged', null, null],
    ]);
  });

  it('counts a key that offers a USB serial number once for good: plugged in again, even after a restart, it is refused naming when and by whom', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-stock-serial-'));
    closing.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const port = usbPort();
    let serial: string | null = 'FT-2291-0042';
    const hid = withSerial(port.hid, () => serial);
    const key = await freshKey();
    port.plug(key.port);

    const h = sessionCore({}, { hid }, { dataDir });
    const [plugged] = (await h.call('keys.list', {})).keys;
    expect(await h.call('stock.countPlugged', { path: plugged!.path })).toMatchObject({ serial: 'FT-2291-0042', line: { received: 1 } });
    await h.close();

    const again = harness({}, { hid }, { dataDir });
    expect(await again.fail('stock.countPlugged', { path: plugged!.path })).toMatchObject({
      code: 'conflict',
      message: 'This key (serial number FT-2291-0042) was counted already, 2026-03-02 09:00 UTC by Training facilitator. Each key is counted once.',
    });
    // Another key of the same model with its own serial counts.
    serial = 'FT-2291-0043';
    expect(await again.call('stock.countPlugged', { path: plugged!.path })).toMatchObject({ serial: 'FT-2291-0043', line: { model: TRAINING_KEY, received: 2 } });
  });

  it("a backup-key step that registers a key takes one of its model, in the step's own commit, audited; below the threshold the line warns", async () => {
    const h = harness({ stock: { warnBelow: 2 } });
    await h.call('stock.receive', { model: TRAINING_KEY, count: 2, note: 'Training kit' });
    const who = await confirmedTrainingAttendee(h, '100106');
    await throughTheBackupKey(h, who, '482915');

    await h.comeBack();
    const list = await h.call('stock.list', {});
    expect(list.lines).toEqual([{ model: TRAINING_KEY, aaguids: ['5a729029-a85a-4a4d-ba4c-047db7869c5d'], received: 2, used: 1, left: 1, warnBelow: 2, low: true }]);
    expect(list.recent[0]).toMatchObject({ kind: 'used', model: TRAINING_KEY, count: 1, actor: 'Training facilitator' });
    expect(h.events.filter((event) => event.name === 'stock.changed')).toHaveLength(2);

    const audit = stockAudit(join(h.dataDir, 'kiosk.sqlite'));
    expect(audit.map((row) => [row.action, row.subject])).toEqual([
      ['stock.receive', TRAINING_KEY],
      ['stock.take', TRAINING_KEY],
    ]);
    expect(JSON.parse(audit[1]!.data)).toEqual({ aaguid: '5a729029-a85a-4a4d-ba4c-047db7869c5d', sessionId: who.sessionId, attendeeId: who.attendeeId, left: 1 });
    const steps = dumpStore(join(h.dataDir, 'kiosk.sqlite'))['attendee_steps'] as Array<{ attendee_id: string; step: string; status: string }>;
    expect(steps.find((row) => row.attendee_id === who.attendeeId && row.step === 'backupKey')?.status).toBe('done');
    expect((await h.call('audit.verify', {})).ok).toBe(true);
  });
});
