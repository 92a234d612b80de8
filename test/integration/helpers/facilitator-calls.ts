import Database from 'better-sqlite3';
import type { Core } from '../../../electron/core/app/create-core';
import { SyncFailure } from '../../../electron/core/sync/sync-failure';
import { callAudience } from '../../../shared/contract/call-audience';
import { calls, type CallInput, type CallName, type CallOutput } from '../../../shared/contract/calls';
import { TRAINING_FACILITATOR } from './custody-setup';
import { message } from '../../../shared/contract/messages';
import { anyPayloadKind } from './test-outbox-kinds';

/** What exists on the kiosk when the facilitator calls are tried: real ids, so each input would act if the lock let it. */
export interface Fixture {
  sessionId: string;
  attendeeId: string;
  keyPath: string;
  envelopeCode: string;
  parkedItemId: number;
  facilitatorKeyId: string;
  rosterBase64: string;
  /** A helpdesk recovery of the second attendee, at the training IdP. */
  recoveryId: string;
}

/** A typed call through whichever transport the test drives (the dispatcher, the web bridge). */
export type Caller = <K extends CallName>(name: K, input: CallInput<K>) => Promise<CallOutput<K>>;

/**
 * A kiosk in use, made through `call` by an unlocked facilitator: a session with its roster,
 * one attendee scanned (the other not), a sealed envelope, an outbox item the IdP refused for
 * good (parked); the ids every facilitator call's input needs.
 */
export async function kioskInUse(call: Caller, core: Core): Promise<Fixture> {
  const session = await call('session.start', { department: 'Finance Operations', room: 'B-204', plannedMinutes: 30 });
  await call('roster.loadTraining', { sessionId: session.id });
  const [first, second] = (await call('board.get', { sessionId: session.id })).rows;
  if ((await call('badge.scan', { sessionId: session.id, raw: first!.attendee.badgeId })).kind !== 'matched') throw new Error('the first attendee\'s badge matched nobody');
  const envelope = core.custody.seal({ sessionId: session.id, attendeeId: second!.attendee.id, sealNumber: null, keyModel: 'YubiKey 5 NFC', fingerprint: '8BE3 9858', actor: TRAINING_FACILITATOR });
  core.outbox.register('test.refused', {
    send: async () => {
      throw new SyncFailure('permanent', message('idp.refused', { idp: 'Keycloak', status: 403 }), { status: 403, remoteMessage: 'Missing role', mayHaveLanded: false });
    },
  });
  const parked = new Promise<void>((resolve) => core.events.subscribe((event) => event.name === 'outbox.parked' && resolve()));
  const item = core.outbox.enqueue(anyPayloadKind('test.refused'), { idempotencyKey: 'refused-1', subjectKey: 'amara', payload: { attendee: 'amara' } });
  await parked;
  const [facilitatorKey] = (await call('access.keys', {})).keys;
  const [key] = (await call('keys.list', {})).keys;
  const recovery = await call('recovery.start', { field: 'badgeId', value: second!.attendee.badgeId });
  return {
    sessionId: session.id,
    attendeeId: first!.attendee.id,
    keyPath: key!.path,
    envelopeCode: envelope.code,
    parkedItemId: item.id,
    facilitatorKeyId: facilitatorKey!.id,
    recoveryId: recovery.id,
    rosterBase64: Buffer.from('Badge ID,Given name,Family name,Email\n300101,Jürgen,Müller,j.mueller@example.com\n').toString('base64'),
  };
}

/**
 * A valid input for every facilitator call; null for calls made while locked (which the lock
 * does not refuse). Keyed by every call name, so a new call of the contract does not compile
 * until it is listed here, and access-lock-contract.test.ts insists the nulls are exactly the
 * calls made while locked.
 */
export const lockedInputs: { [K in CallName]: ((f: Fixture) => CallInput<K>) | null } = {
  'app.info': null,
  'app.setLocale': null,
  'audit.verify': () => ({}),
  'audit.export': () => ({ from: '2026-01-01T00:00:00.000Z', to: '2030-01-01T00:00:00.000Z' }),
  'audit.signingKey': () => ({}),
  'access.state': null,
  'access.unlock': null,
  'access.lock': null,
  'access.activity': null,
  'access.enroll': null,
  'access.keys': () => ({}),
  'access.remove': (f) => ({ id: f.facilitatorKeyId }),
  'session.current': null,
  'session.latest': () => ({}),
  'session.start': () => ({ department: 'Legal', room: 'C-3', plannedMinutes: 45 }),
  'session.end': (f) => ({ sessionId: f.sessionId }),
  'session.report': (f) => ({ sessionId: f.sessionId }),
  'session.exportCsv': (f) => ({ sessionId: f.sessionId, locale: 'de' }),
  'roster.preview': (f) => ({ sessionId: f.sessionId, fileBase64: f.rosterBase64 }),
  'roster.import': (f) => ({ sessionId: f.sessionId, fileBase64: f.rosterBase64 }),
  'roster.loadTraining': (f) => ({ sessionId: f.sessionId }),
  'board.get': (f) => ({ sessionId: f.sessionId }),
  'badge.scan': null,
  'identity.confirm': (f) => ({ sessionId: f.sessionId, attendeeId: f.attendeeId, faceConfirmed: true, secondSignal: 'managerPresent' }),
  'identity.reject': (f) => ({ sessionId: f.sessionId, attendeeId: f.attendeeId, reason: 'Face does not match the badge photo' }),
  'outbox.summary': () => ({}),
  'outbox.parked': () => ({}),
  'outbox.retry': (f) => ({ itemId: f.parkedItemId }),
  'outbox.discard': (f) => ({ itemId: f.parkedItemId, reason: 'Left the company' }),
  'keys.list': null,
  'keys.pinState': (f) => ({ path: f.keyPath }),
  'keys.wink': (f) => ({ path: f.keyPath }),
  'keys.cancel': null,
  'keys.freshTrainingKey': null,
  'idp.status': () => ({}),
  'printers.status': () => ({}),
  'print.onScreen': null,
  'journey.get': null,
  'journey.passkey.start': null,
  'journey.passkey.check': null,
  'journey.skip': null,
  'journey.key.inspect': null,
  'journey.key.checkPin': null,
  'journey.key.setPin': null,
  'journey.key.register': null,
  'journey.codes.print': null,
  'journey.codes.reprint': null,
  'journey.codes.confirm': null,
  'journey.envelope.print': null,
  'custody.find': (f) => ({ code: f.envelopeCode }),
  'custody.move': (f) => ({ code: f.envelopeCode, to: 'collected', note: 'Picked up' }),
  'custody.list': () => ({}),
  'custody.reprintLabel': (f) => ({ code: f.envelopeCode, reason: 'Label torn off', locale: 'en' }),
  'stock.list': () => ({}),
  'stock.receive': () => ({ model: 'YubiKey 5 Series with NFC', count: 20, note: 'PO 4711' }),
  'stock.countPlugged': (f) => ({ path: f.keyPath }),
  'fleet.status': () => ({}),
  'stations.share': (f) => ({ sessionId: f.sessionId }),
  'stations.join': () => ({ joinCode: 'ACD-EFG' }),
  'stations.override': (f) => ({ sessionId: f.sessionId, attendeeId: f.attendeeId, reason: 'The fleet is down and the attendee is here.' }),
  'fleet.report': () => ({ groupBy: 'department' }),
  'fleet.reportCsv': () => ({ groupBy: 'week', locale: 'de' }),
  'recovery.newCodes': (f) => ({ sessionId: f.sessionId, attendeeId: f.attendeeId, locale: 'en' }),
  'recovery.newCodesFor': () => ({ person: { badgeId: '300101' }, locale: 'de' }),
  'recovery.sheetReprint': () => ({ sheetId: 'a-sheet', locale: 'en' }),
  'recovery.sheetConfirm': () => ({ sheetId: 'a-sheet' }),
  'recovery.sheetCancel': () => ({ sheetId: 'a-sheet' }),
  'recovery.start': () => ({ field: 'email', value: 'amara.okafor@example.com' }),
  'recovery.list': () => ({}),
  'recovery.get': (f) => ({ recoveryId: f.recoveryId }),
  'recovery.identity.confirm': (f) => ({ recoveryId: f.recoveryId, faceConfirmed: true, secondSignal: 'governmentId' }),
  'recovery.authenticators': (f) => ({ recoveryId: f.recoveryId }),
  'recovery.revoke': (f) => ({ recoveryId: f.recoveryId, authenticatorIds: [] }),
  'recovery.handOut': (f) => ({ recoveryId: f.recoveryId, code: f.envelopeCode }),
  'recovery.passkey.start': (f) => ({ recoveryId: f.recoveryId }),
  'recovery.passkey.check': (f) => ({ recoveryId: f.recoveryId }),
  'recovery.reseal': (f) => ({ recoveryId: f.recoveryId, sealNumber: null, locale: 'en' }),
  'recovery.replaceKey': (f) => ({ recoveryId: f.recoveryId, sealNumber: null, locale: 'en', path: f.keyPath, pin: '482915', oldAuthenticatorId: 'lost-key' }),
  'recovery.complete': (f) => ({ recoveryId: f.recoveryId }),
};

/** Every call of the contract, and the facilitator's among them. */
export const callNames = Object.keys(calls) as CallName[];
export const facilitatorCalls = callNames.filter((name) => !callAudience[name].whileLocked);

/** Every row of every table in the SQLite file, read through a connection of its own. */
export function dumpStore(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
    return Object.fromEntries(tables.map((table) => [table, db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all()]));
  } finally {
    db.close();
  }
}

export function auditLength(file: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT COUNT(*) FROM audit_log').pluck().get() as number;
  } finally {
    db.close();
  }
}
