import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IdpError } from '../../electron/core/idp/idp-error';
import { withSyncFailures } from '../../electron/core/idp/idp-sync-failure';
import { coreLogHooks } from '../../electron/core/log/core-log-hooks';
import { createKioskLogger, logFilePath } from '../../electron/core/log/kiosk-logger';
import { systemClock } from '../../electron/core/ports/clock';
import { AuditLog } from '../../electron/core/store/audit-log';
import { openDatabase } from '../../electron/core/store/open-database';
import { silentNotifier } from '../../electron/core/sync/outbox-notifier';
import { OutboxService } from '../../electron/core/sync/outbox-service';
import { message } from '../../shared/contract/messages';
import { say } from '../unit/helpers/translate-both-languages';
import { anyPayloadKind } from './helpers/test-outbox-kinds';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the log renders the English of what went wrong from its code', () => {
  it('logs a parked item with its code, that code\'s English and what the kiosk was doing; the screen says the same code in German', async () => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-log-code-'));
    const log = createKioskLogger({ dataDir: dir });
    const hooks = coreLogHooks(log.logger);
    const db = openDatabase(join(dir, 'kiosk.sqlite'));
    const outbox = new OutboxService({ db, audit: new AuditLog(db, () => systemClock.now()), clock: systemClock, notify: silentNotifier, onOutcome: hooks.outboxOutcome });
    const refused = message('idp.notFound', { idp: 'Keycloak', status: 404 });
    outbox.register('idp.revokeAuthenticator', withSyncFailures({ send: () => Promise.reject(new IdpError('permanent', refused, { status: 404, idpMessage: 'User not found', during: 'removing the authenticator' })) }));
    const item = outbox.enqueue(anyPayloadKind('idp.revokeAuthenticator'), { idempotencyKey: 'revoke-1', subjectKey: 'amara', payload: { authenticatorId: 'x' } });
    await outbox.worker.runDue();
    db.close();
    log.close();

    const lines = readFileSync(logFilePath(dir), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { msg: string; outbox?: { error?: unknown } });
    const outcome = lines.find((line) => line.msg === 'outbox item');
    const english = "Keycloak does not know this user or object (HTTP 404). If the user was deleted or renamed at the IdP, ask IT; otherwise check the user at the IdP, then retry.";
    expect(outcome?.outbox).toEqual({
      id: item.id,
      kind: 'idp.revokeAuthenticator',
      attempts: 1,
      result: 'parked',
      error: { kind: 'permanent', status: 404, code: 'idp.notFound', message: english, during: 'removing the authenticator' },
    });
    // One text: the screen's English is the log's, and German comes from the same code.
    expect(say('en', refused)).toBe(english);
    expect(say('de', refused)).toMatch(/^Keycloak kennt /);
  });
});
