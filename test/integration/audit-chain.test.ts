import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../electron/core/store/audit-log';
import { canonicalJson } from '../../electron/core/store/canonical-json';
import { openDatabase, type Db } from '../../electron/core/store/open-database';

let dir: string;
let db: Db;
let audit: AuditLog;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-audit-'));
  db = openDatabase(join(dir, 'kiosk.sqlite'));
  let tick = Date.parse('2026-03-02T09:00:00.000Z');
  audit = new AuditLog(db, () => new Date((tick += 1000)));
  for (let i = 1; i <= 5; i += 1) {
    audit.append({ actor: 'Ingrid Falk', action: 'badge.scan', subject: `attendee-${i}`, data: { outcome: 'matched', badgeId: `10${i}` } });
  }
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What a tamperer with the file would do first: remove the append-only triggers. */
function dropTriggers(): void {
  db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
}

describe('hash-chained audit log', () => {
  it('verifies an untouched chain, also after the file is re-opened', () => {
    expect(audit.verify()).toEqual({ ok: true, events: 5, firstBadSeq: null, problem: null });
    db.close();
    db = openDatabase(join(dir, 'kiosk.sqlite'));
    expect(new AuditLog(db, () => new Date()).verify().ok).toBe(true);
  });

  it('refuses updates and deletes while the triggers are in place', () => {
    expect(() => db.prepare("UPDATE audit_log SET actor = 'x' WHERE seq = 2").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log WHERE seq = 5').run()).toThrow(/append-only/);
  });

  it('detects an edited row', () => {
    dropTriggers();
    db.prepare(`UPDATE audit_log SET data = '{"badgeId":"999","outcome":"matched"}' WHERE seq = 3`).run();
    expect(audit.verify()).toMatchObject({ ok: false, firstBadSeq: 3, problem: { reason: 'audit.eventChanged', params: { seq: 3 } } });
  });

  it('detects an edited row whose own hash a tamperer recomputed, because the next row no longer follows', () => {
    dropTriggers();
    const row = db.prepare('SELECT * FROM audit_log WHERE seq = 2').get() as { seq: number; at: string; subject: string; action: string; data: string; prev_hash: string };
    const canonical = canonicalJson({ seq: row.seq, at: row.at, actor: 'Mallory', action: row.action, subject: row.subject, data: JSON.parse(row.data) });
    const forged = createHash('sha256').update(row.prev_hash).update('\n').update(canonical).digest('hex');
    db.prepare("UPDATE audit_log SET actor = 'Mallory', hash = ? WHERE seq = 2").run(forged);
    expect(audit.verify()).toMatchObject({ ok: false, firstBadSeq: 3, problem: { reason: 'audit.chainBroken', params: { seq: 3 } } });
  });

  it('detects a deleted middle row', () => {
    dropTriggers();
    db.prepare('DELETE FROM audit_log WHERE seq = 3').run();
    expect(audit.verify()).toMatchObject({ ok: false, firstBadSeq: 3, problem: { reason: 'audit.eventMissing', params: { seq: 3, next: 4 } } });
  });

  it('detects a deleted middle row even when later rows were renumbered to close the gap', () => {
    dropTriggers();
    db.prepare('DELETE FROM audit_log WHERE seq = 3').run();
    db.prepare('UPDATE audit_log SET seq = seq - 1 WHERE seq > 3').run();
    expect(audit.verify()).toMatchObject({ ok: false, firstBadSeq: 3 });
  });

  it('still reports an edit after new events were appended on top of it', () => {
    dropTriggers();
    db.prepare("UPDATE audit_log SET subject = 'someone-else' WHERE seq = 1").run();
    audit.append({ actor: 'Ingrid Falk', action: 'session.end', subject: null, data: {} });
    expect(audit.verify()).toMatchObject({ ok: false, firstBadSeq: 1 });
  });
});
