import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportAuditRange, signedBytes } from '../../electron/core/audit/audit-export';
import type { AuditExportFile } from '../../electron/core/audit/audit-export-format';
import { verifyAuditExport } from '../../electron/core/audit/audit-export-verify';
import { loadKioskSigningKey, publicKeyFingerprint, SIGNING_KEY_SECRET, type KioskSigningKey } from '../../electron/core/audit/kiosk-signing-key';
import { FileSecretStore } from '../../electron/core/secrets/file-secret-store';
import { AuditLog, hashEvent } from '../../electron/core/store/audit-log';
import { openDatabase, type Db } from '../../electron/core/store/open-database';

let dir: string;
let db: Db;
let audit: AuditLog;
let secrets: FileSecretStore;
let key: KioskSigningKey;
/** Event n is written at 09:00 + n minutes on 2 March 2026. */
const at = (n: number) => new Date(Date.parse('2026-03-02T09:00:00.000Z') + n * 60_000);
let tick = 0;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-audit-export-'));
  db = openDatabase(join(dir, 'kiosk.sqlite'));
  tick = 0;
  audit = new AuditLog(db, () => at((tick += 1)));
  for (let i = 1; i <= 10; i += 1) audit.append({ actor: 'Ingrid Falk', action: 'badge.scan', subject: `attendee-${i}`, data: { outcome: 'matched', badgeId: `10${i}` } });
  secrets = new FileSecretStore({ dataDir: dir, warn: () => undefined });
  key = await loadKioskSigningKey(secrets);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Events 3 to 7: a range that starts and ends mid-chain. */
function exportMiddle(): { file: AuditExportFile; text: string } {
  return exportAuditRange(audit, key, { from: at(3).toISOString(), to: at(8).toISOString(), by: 'Ida IT' }, at(20));
}

describe('audit export: a time range of the chain, its head signed by the kiosk', () => {
  it('verifies on its own although it starts mid-chain, and the export is itself audited', () => {
    const { file, text } = exportMiddle();
    expect(file.head).toMatchObject({ events: 5, firstSeq: 3, lastSeq: 7, exportedBy: 'Ida IT', kiosk: { fingerprint: key.fingerprint, publicKey: key.publicKey } });
    expect(file.head.prevHash).toBe(audit.list().find((row) => row.seq === 2)!.hash);
    expect(file.events.map((event) => event.subject)).toEqual(['attendee-3', 'attendee-4', 'attendee-5', 'attendee-6', 'attendee-7']);
    expect(verifyAuditExport(text)).toMatchObject({ ok: true, head: { events: 5 } });
    expect(verifyAuditExport(text, { expectedKey: key.fingerprint }).ok).toBe(true);
    expect(verifyAuditExport(text, { expectedKey: key.publicKey }).ok).toBe(true);
    const [exported] = audit.list(1);
    expect(exported).toMatchObject({ seq: 11, actor: 'Ida IT', action: 'audit.exported', data: { events: 5, firstSeq: 3, lastSeq: 7, headHash: file.head.headHash, fingerprint: key.fingerprint } });
    expect(audit.verify().ok).toBe(true);
  });

  it('exports a range with no events as a signed statement of where the chain stood, and it verifies', () => {
    const { file, text } = exportAuditRange(audit, key, { from: at(50).toISOString(), to: at(60).toISOString(), by: 'Ida IT' }, at(70));
    expect(file.head).toMatchObject({ events: 0, firstSeq: 11, lastSeq: 10, prevHash: file.head.headHash });
    expect(file.head.headHash).toBe(audit.list().find((row) => row.seq === 10)!.hash);
    expect(verifyAuditExport(text).ok).toBe(true);
  });

  it('fails at the right event when one byte of it was changed', () => {
    const { text } = exportMiddle();
    // attendee-5 is event 5: one letter of its subject changed.
    const changed = text.replace('"attendee-5"', '"attendee-S"');
    expect(changed).not.toBe(text);
    expect(verifyAuditExport(changed)).toMatchObject({ ok: false, fault: 'changed', seq: 5, problem: { reason: 'audit.eventChanged', params: { seq: 5 } } });
    // The same for a byte of its data and of its own hash.
    expect(verifyAuditExport(text.replace('"106"', '"107"'))).toMatchObject({ ok: false, fault: 'changed', seq: 6 });
    const file = JSON.parse(text) as AuditExportFile;
    const hash4 = file.events[1]!.hash;
    expect(verifyAuditExport(text.replace(`"hash": "${hash4}"`, `"hash": "${hash4.slice(0, -1)}${hash4.endsWith('0') ? '1' : '0'}"`))).toMatchObject({ ok: false, fault: 'changed', seq: 4 });
  });

  it('fails a chain rewritten with its hashes recomputed, because it no longer leads to the signed head', () => {
    const file = JSON.parse(exportMiddle().text) as AuditExportFile;
    let prevHash = file.head.prevHash;
    const rewritten = file.events.map((event) => {
      const forged = { ...event, prevHash, actor: event.seq === 6 ? 'Mallory' : event.actor };
      forged.hash = hashEvent(prevHash, forged.seq, forged.at, forged);
      prevHash = forged.hash;
      return forged;
    });
    expect(verifyAuditExport(JSON.stringify({ ...file, events: rewritten }))).toMatchObject({
      ok: false,
      fault: 'changed',
      seq: null,
      problem: { reason: 'audit.headNotReached', params: { head: file.head.headHash } },
    });
  });

  it('names an event removed from the middle or the end as missing', () => {
    const file = JSON.parse(exportMiddle().text) as AuditExportFile;
    const without = (seq: number) => JSON.stringify({ ...file, events: file.events.filter((event) => event.seq !== seq) });
    expect(verifyAuditExport(without(5))).toMatchObject({ ok: false, fault: 'missing', seq: 5, problem: { reason: 'audit.eventMissing', params: { seq: 5, next: 6 } } });
    expect(verifyAuditExport(without(7))).toMatchObject({ ok: false, fault: 'missing', seq: 7, problem: { reason: 'audit.exportEndsEarly', params: { seq: 7, last: 7 } } });
    expect(verifyAuditExport(without(3))).toMatchObject({ ok: false, fault: 'missing', seq: 3 });
  });

  it('names an event put in between, even one whose hash links to the event before it', () => {
    const file = JSON.parse(exportMiddle().text) as AuditExportFile;
    const four = file.events[1]!;
    const forged = { ...four, actor: 'Mallory', subject: 'attendee-x' };
    forged.hash = hashEvent(forged.prevHash, forged.seq, forged.at, forged);
    // Mallory's event takes seq 4 and the real events from 4 on are renumbered after it.
    const renumbered = file.events.slice(1).map((event) => ({ ...event, seq: event.seq + 1 }));
    const inserted = { ...file, events: [file.events[0]!, forged, ...renumbered] };
    expect(verifyAuditExport(JSON.stringify(inserted))).toMatchObject({ ok: false, fault: 'inserted', seq: 4, problem: { reason: 'audit.eventInserted' } });
    // A second copy of an event, and an event after the signed head, are inserted too.
    expect(verifyAuditExport(JSON.stringify({ ...file, events: [...file.events.slice(0, 3), file.events[2]!, ...file.events.slice(3)] }))).toMatchObject({ ok: false, fault: 'inserted', seq: 5 });
    expect(verifyAuditExport(JSON.stringify({ ...file, events: [...file.events, { ...file.events[4]!, seq: 8 }] }))).toMatchObject({ ok: false, fault: 'inserted', seq: 8 });
  });

  it('fails the signature when the head was changed, and the key when another kiosk (or a forger) signed', () => {
    const file = JSON.parse(exportMiddle().text) as AuditExportFile;
    // Claiming a shorter range than was signed (to hide event 7) breaks the signature.
    const shortened = { ...file, head: { ...file.head, lastSeq: 6, events: 4, headHash: file.events[3]!.hash }, events: file.events.slice(0, 4) };
    expect(verifyAuditExport(JSON.stringify(shortened))).toMatchObject({ ok: false, fault: 'signature wrong', seq: null, problem: { reason: 'audit.signatureWrong' } });
    expect(verifyAuditExport(JSON.stringify({ ...file, signature: { alg: 'Ed25519', value: Buffer.alloc(64, 7).toString('base64') } }))).toMatchObject({ ok: false, fault: 'signature wrong' });

    // A forger re-signs the shortened head with a key of their own: the file agrees with itself, but not with the key IT recorded.
    const forger = generateKeyPairSync('ed25519');
    const forgerPublic = forger.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    const head = { ...shortened.head, kiosk: { ...shortened.head.kiosk, publicKey: forgerPublic, fingerprint: publicKeyFingerprint(forger.publicKey) } };
    const reSigned = JSON.stringify({ ...shortened, head, signature: { alg: 'Ed25519', value: sign(null, signedBytes(head), forger.privateKey).toString('base64') } });
    expect(verifyAuditExport(reSigned).ok).toBe(true);
    expect(verifyAuditExport(reSigned, { expectedKey: key.fingerprint })).toMatchObject({
      ok: false,
      fault: 'public key wrong',
      problem: { reason: 'audit.publicKeyNotRecorded', params: { fingerprint: publicKeyFingerprint(forger.publicKey), expected: key.fingerprint } },
    });
    expect(verifyAuditExport(reSigned, { expectedKey: key.publicKey }).ok).toBe(false);
    // Keeping the kiosk's key in the file while signing with another fails the signature itself.
    const keptKey = JSON.stringify({ ...shortened, signature: { alg: 'Ed25519', value: sign(null, signedBytes(shortened.head), forger.privateKey).toString('base64') } });
    expect(verifyAuditExport(keptKey)).toMatchObject({ ok: false, fault: 'signature wrong' });
  });

  it('says a file that is not an export is unreadable, naming what is wrong', () => {
    expect(verifyAuditExport('{"head": ')).toMatchObject({ ok: false, fault: 'unreadable', problem: { reason: 'audit.exportUnreadable' } });
    const file = JSON.parse(exportMiddle().text) as AuditExportFile;
    const noFormat = verifyAuditExport(JSON.stringify({ ...file, head: { ...file.head, format: 'something-else' } }));
    expect(noFormat).toMatchObject({ ok: false, fault: 'unreadable', problem: { params: { problem: expect.stringContaining('head.format') } } });
  });
});

describe("the kiosk's signing key", () => {
  it('is made once and kept in the secret store; the export carries only its public half', async () => {
    const again = await loadKioskSigningKey(new FileSecretStore({ dataDir: dir, warn: () => undefined }));
    expect(again.fingerprint).toBe(key.fingerprint);
    expect(key.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    const stored = (await secrets.get(SIGNING_KEY_SECRET))!;
    expect(exportMiddle().text).not.toContain(stored);
  });

  it('refuses a stored value that is no Ed25519 key, saying what to do, and leaves it as it was', async () => {
    await secrets.set(SIGNING_KEY_SECRET, 'not a key');
    await expect(loadKioskSigningKey(secrets)).rejects.toMatchObject({ code: 'config_invalid', says: { reason: 'audit.signingKeyUnreadable', params: { ref: SIGNING_KEY_SECRET } } });
    expect(await secrets.get(SIGNING_KEY_SECRET)).toBe('not a key');
  });
});
