import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createIdpOutboxHandlers } from '../../electron/core/idp/idp-outbox-handlers';
import { IDP_OUTBOX_KINDS } from '../../electron/core/idp/idp-outbox-kinds';
import { addPdfQueue, cupsMissing, ensureCups, type PdfQueue } from './helpers/cups-queue';
import { throughTheBackupKey } from './helpers/journey-to-codes';
import { confirmedTrainingAttendee, sessionCore } from './helpers/session-core';
import { until } from './helpers/until';

/**
 * The training IdP is an IdP: what an attendee enrolled there is still there after the kiosk
 * restarts. The outbox is held back before the recovery codes, so their hashes reach the IdP
 * only after the restart, as after a crash: the enrollment check that delivery starts must ask
 * an IdP that still lists the passkey and the backup key.
 */
const missing = cupsMissing();
const PIN = '482915';
const BADGE = '100104';
let dataDir: string;
const harnesses: Array<ReturnType<typeof sessionCore>> = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close().catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(missing !== null)(`a restart of the kiosk keeps the training attendee enrolled${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let sheets: PdfQueue;
  let labels: PdfQueue;
  beforeAll(async () => {
    await ensureCups();
    sheets = addPdfQueue('kiosk-test-restart-sheet');
    labels = addPdfQueue('kiosk-test-restart-label');
  });
  afterAll(() => {
    sheets?.remove();
    labels?.remove();
  });

  it('after all five steps and a restart, the enrollment check says enrolled with the same two authenticators, and a replayed key item adds none', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kiosk-restart-'));
    const config = { printers: { sheet: { queue: sheets.name }, label: { queue: labels.name } } };
    const first = sessionCore(config, {}, { dataDir });
    harnesses.push(first);
    const who = await confirmedTrainingAttendee(first, BADGE);

    await throughTheBackupKey(first, who, PIN);
    const user = (await first.core.idp.findUser({ badgeId: BADGE }))!;
    const enrolled = await until('the outbox to deliver the backup key', async () => {
      const list = await first.core.idp.listAuthenticators(user);
      return list.some((a) => a.type === 'securityKey') ? list : null;
    });

    // The codes' hashes wait in the outbox over the restart.
    await first.core.outbox.stop();
    await first.call('journey.codes.print', { ...who, locale: 'en' });
    await first.call('journey.codes.confirm', who);
    const done = await first.call('journey.envelope.print', { ...who, sealNumber: null, locale: 'en' });
    expect(done.place).toBe('done');
    expect(Object.values(done.steps).map((step) => step.status)).toEqual(['done', 'done', 'done', 'done', 'done']);
    await first.comeBack();
    const waiting = await until('the board to wait for the IdP', async () => {
      const row = (await first.call('board.get', { sessionId: who.sessionId })).rows.find((r) => r.attendee.id === who.attendeeId);
      return row?.enrollment?.outcome === 'waitingForIdp' ? row : null;
    });
    expect(waiting.enrollment?.authenticators).toBeNull();
    await first.core.close();

    const second = sessionCore(config, {}, { dataDir });
    harnesses.push(second);
    const row = await until('the board to say enrolled after the restart', async () => {
      const found = (await second.call('board.get', { sessionId: who.sessionId })).rows.find((r) => r.attendee.id === who.attendeeId);
      return found?.enrollment && found.enrollment.outcome !== 'waitingForIdp' ? found : null;
    });
    expect(row.enrollment).toMatchObject({ outcome: 'enrolled', authenticators: 2 });
    const after = await second.core.idp.listAuthenticators(user);
    expect(after.filter((a) => a.type !== 'recoveryCodes')).toEqual(enrolled);
    expect(after.map((a) => a.type)).toEqual(['passkey', 'securityKey', 'recoveryCodes']);

    // The key registration the outbox delivered before the restart, sent again: the same key, no second one.
    const keyItemId = second.core.db.prepare('SELECT id FROM outbox WHERE kind = ?').pluck().get(IDP_OUTBOX_KINDS.keyRegistration.name) as number;
    const keyItem = second.core.outbox.store.get(keyItemId)!;
    const handler = createIdpOutboxHandlers(second.core.idp)[IDP_OUTBOX_KINDS.keyRegistration.name]!;
    const replayed = await handler.send(keyItem, { signal: new AbortController().signal, attempt: 2, idempotencyKey: keyItem.idempotencyKey });
    expect(replayed).toEqual({ authenticatorId: enrolled.find((a) => a.type === 'securityKey')!.id });
    expect(await second.core.idp.listAuthenticators(user)).toEqual(after);
  });
});
