import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../electron/core/store/audit-log';
import { confirmedTrainingAttendee, sessionCore } from './helpers/session-core';

/**
 * Skip reasons are stored as codes, so the report reads in its own language whoever skipped in
 * whichever: the CSV exported in German carries German headings, statuses and reasons (the
 * core's own reason too), and the same session exported in English carries English ones. A
 * person's note stays as they wrote it.
 */
let harness: ReturnType<typeof sessionCore> | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

function table(csv: string): Record<string, string>[] {
  expect(csv.startsWith('\uFEFF')).toBe(true);
  return parse(csv.slice(1), { columns: true }) as Record<string, string>[];
}

describe('the CSV report in the report\'s language', () => {
  it('exports the same skips with German reasons in German and English reasons in English', async () => {
    const h = (harness = sessionCore());
    const who = await confirmedTrainingAttendee(h, '100101');
    await h.call('journey.skip', { ...who, step: 'platformPasskey', reason: 'noSmartphone' });
    await h.call('journey.skip', { ...who, step: 'backupKey', reason: 'keyDefective', note: 'Stecker verbogen' });
    await h.call('journey.skip', { ...who, step: 'recoveryCodes', reason: 'policy' });
    // Without a backup key there is nothing to seal: the core skips the envelope with its own reason.
    const finished = await h.call('journey.envelope.print', { ...who, sealNumber: null, locale: 'en' });
    expect(finished.steps.envelope).toMatchObject({ status: 'skipped', reason: { code: 'noBackupKey', note: null } });
    await h.comeBack();

    const german = table((await h.call('session.exportCsv', { sessionId: who.sessionId, locale: 'de' })).csv).find((row) => row['Ausweisnummer'] === '100101');
    expect(german).toMatchObject({
      'Ausweisprüfung Status': 'Erledigt',
      'Ausweisprüfung Grund': '',
      'Passkey am Telefon Status': 'Übersprungen',
      'Passkey am Telefon Grund': 'Kein Smartphone dabei',
      'Ersatzschlüssel Grund': 'Schlüssel defekt: Stecker verbogen',
      'Wiederherstellungscodes Grund': 'Laut Richtlinie nicht nötig',
      'Umschlag Status': 'Übersprungen',
      'Umschlag Grund': 'Kein Ersatzschlüssel zum Versiegeln',
      Abgeschlossen: 'nein',
    });

    const english = table((await h.call('session.exportCsv', { sessionId: who.sessionId, locale: 'en' })).csv).find((row) => row['Badge ID'] === '100101');
    expect(english).toMatchObject({
      'Badge check status': 'Done',
      'Phone passkey status': 'Skipped',
      'Phone passkey reason': 'No smartphone with me',
      'Backup key reason': 'Key defective: Stecker verbogen',
      'Recovery codes reason': 'Not required by policy',
      'Envelope reason': 'No backup key to seal',
      Complete: 'no',
    });
    // The audit trail keeps codes too, the core's own included; each export names its language.
    const audit = new AuditLog(h.core.db, () => new Date()).list().reverse();
    expect(audit.filter((entry) => entry.action === 'step.skipped').map((entry) => [entry.data['step'], entry.data['reason'], entry.data['note']])).toEqual([
      ['platformPasskey', 'noSmartphone', null],
      ['backupKey', 'keyDefective', 'Stecker verbogen'],
      ['recoveryCodes', 'policy', null],
      ['envelope', 'noBackupKey', null],
    ]);
    expect(audit.filter((entry) => entry.action === 'session.export').map((entry) => entry.data['locale'])).toEqual(['de', 'en']);
  });

  it('refuses an export without a language it speaks', async () => {
    const h = (harness = sessionCore());
    const session = await h.call('session.start', { department: 'Training', room: 'B-204', plannedMinutes: 30 });
    expect((await h.fail('session.exportCsv', { sessionId: session.id })).code).toBe('invalid_input');
    expect((await h.fail('session.exportCsv', { sessionId: session.id, locale: 'fr' })).code).toBe('invalid_input');
  });
});
