import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IdpError } from '../../electron/core/idp/idp-error';
import { withSyncFailures } from '../../electron/core/idp/idp-sync-failure';
import { systemClock } from '../../electron/core/ports/clock';
import { AuditLog } from '../../electron/core/store/audit-log';
import { applyMigrations } from '../../electron/core/store/migrate';
import { migrations } from '../../electron/core/store/migrations';
import { openDatabase } from '../../electron/core/store/open-database';
import { silentNotifier } from '../../electron/core/sync/outbox-notifier';
import { OutboxService } from '../../electron/core/sync/outbox-service';
import { englishText, message } from '../../shared/contract/messages';
import { say } from '../unit/helpers/translate-both-languages';
import { anyPayloadKind } from './helpers/test-outbox-kinds';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-migrate-outbox-codes-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const englishBefore = 'Keycloak refused removing the authenticator: the kiosk is not allowed to do this (check the permissions of its IdP account). Keycloak said: "HTTP 403 Forbidden".';

/** A kiosk file as the versions before kept the outbox: each item's last error as English text only. */
function fileWithEnglishErrors(file: string): void {
  const db = new Database(file);
  applyMigrations(db, migrations.slice(0, 11));
  const item = db.prepare(
    `INSERT INTO outbox (idempotency_key, subject_key, kind, payload, state, attempts, uncertain, next_attempt_at, last_error, idp_message, created_at, updated_at)
     VALUES (?, ?, 'idp.revokeAuthenticator', '{}', ?, 1, 0, 0, ?, ?, 1, 1)`,
  );
  item.run('old-parked', 'amara', 'parked', englishBefore, 'HTTP 403 Forbidden');
  item.run('old-queued', 'ben', 'queued', 'The IdP did not answer within 30 s.', null);
  item.run('old-done', 'cleo', 'done', null, null);
  db.close();
}

describe('migration 012: an outbox item keeps its last error as a message code', () => {
  it('keeps the English of items parked before, says so in either language, and stores codes from then on', async () => {
    const file = join(dir, 'kiosk.sqlite');
    fileWithEnglishErrors(file);
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect((db.prepare('PRAGMA table_info(outbox)').all() as { name: string }[]).map((column) => column.name)).not.toContain('last_error');
    const outbox = new OutboxService({ db, audit: new AuditLog(db, () => systemClock.now()), clock: systemClock, notify: silentNotifier });

    // Nothing said before is lost; the screen says in the reader's language that it is the earlier English.
    const [before] = outbox.parked();
    expect(before).toMatchObject({ subjectKey: 'amara', lastError: { reason: 'outbox.earlierError', params: { text: englishBefore } }, idpMessage: 'HTTP 403 Forbidden' });
    expect(say('de', before!.lastError!)).toBe(`Von einer früheren Kiosk-Version auf Englisch notiert: ${englishBefore}`);
    expect(outbox.summary().lastError).toMatchObject({ reason: 'outbox.earlierError' });
    expect(db.prepare("SELECT last_error_code FROM outbox WHERE idempotency_key = 'old-done'").pluck().get()).toBeNull();

    // A refusal from now on is stored as what it says: its code and parameters, the IdP's own words beside them.
    const refused = message('idp.refused', { idp: 'Keycloak', status: 403 });
    outbox.register('idp.revokeAuthenticator', withSyncFailures({ send: () => Promise.reject(new IdpError('permanent', refused, { status: 403, idpMessage: 'Missing role manage-users' })) }));
    const fresh = outbox.enqueue(anyPayloadKind('idp.revokeAuthenticator'), { idempotencyKey: 'new', subjectKey: 'dora', payload: { authenticatorId: 'x' } });
    await outbox.worker.runDue();
    const parked = outbox.store.get(fresh.id)!;
    expect(parked).toMatchObject({ state: 'parked', lastError: refused, idpMessage: 'Missing role manage-users' });
    expect(say('de', parked.lastError!)).toBe('Keycloak hat die Anfrage abgelehnt (HTTP 403). Bitten Sie die IT, die Berechtigungen des Kiosks beim Identitätsanbieter zu prüfen.');
    expect(englishText(parked.lastError!)).toBe("Keycloak refused the request (HTTP 403). Ask IT to check the kiosk's permissions at the IdP.");

    // An operator's discard is a message too, with their name and their own words.
    expect(outbox.discard(fresh.id, 'Ida IT', 'Key handed back').lastError).toEqual(message('outbox.discarded', { operator: 'Ida IT', reason: 'Key handed back' }));
    db.close();
  });
});
