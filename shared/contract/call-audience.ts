import type { CallName } from './calls';

/**
 * Who may make each call. `attendee` calls work while the kiosk is locked: the badge scan,
 * the journey, the language, and unlocking itself. Every other call is the facilitator's and
 * the core refuses it while locked, whatever the transport. The compiler insists that every
 * call of the contract is listed here, so a new call cannot slip through unclassified.
 */
export type CallAudience = 'attendee' | 'facilitator';

export const callAudience: Readonly<Record<CallName, CallAudience>> = {
  'app.info': 'attendee',
  'app.setLocale': 'attendee',
  'audit.verify': 'facilitator',
  'access.state': 'attendee',
  'access.unlock': 'attendee',
  'access.lock': 'attendee',
  'access.activity': 'attendee',
  // The first key is enrolled with a setup code while locked; the service checks that case.
  'access.enroll': 'attendee',
  'access.keys': 'facilitator',
  'access.remove': 'facilitator',
  'session.current': 'attendee',
  'session.latest': 'facilitator',
  'session.start': 'facilitator',
  'session.end': 'facilitator',
  'session.report': 'facilitator',
  'session.exportCsv': 'facilitator',
  'roster.preview': 'facilitator',
  'roster.import': 'facilitator',
  'roster.loadTraining': 'facilitator',
  'board.get': 'facilitator',
  'badge.scan': 'attendee',
  // Confirming a face and a second signal is the facilitator's judgement.
  'identity.confirm': 'facilitator',
  'identity.reject': 'facilitator',
  'outbox.summary': 'facilitator',
  'outbox.parked': 'facilitator',
  'outbox.retry': 'facilitator',
  'outbox.discard': 'facilitator',
  // The backup-key step looks for the attendee's key.
  'keys.list': 'attendee',
  'keys.pinState': 'facilitator',
  'keys.wink': 'facilitator',
  // The attendee cancels "touch your key" and, in training, takes a fresh practice key.
  'keys.cancel': 'attendee',
  'keys.freshTrainingKey': 'attendee',
  'idp.status': 'facilitator',
  'printers.status': 'facilitator',
  // The attendee reads their practice sheet and label; a page is found only by its random job id.
  'print.onScreen': 'attendee',
  'journey.get': 'attendee',
  'journey.passkey.start': 'attendee',
  'journey.passkey.check': 'attendee',
  'journey.skip': 'attendee',
  'journey.key.inspect': 'attendee',
  'journey.key.checkPin': 'attendee',
  'journey.key.setPin': 'attendee',
  'journey.key.register': 'attendee',
  'journey.codes.print': 'attendee',
  'journey.codes.reprint': 'attendee',
  'journey.codes.confirm': 'attendee',
  'journey.envelope.print': 'attendee',
  'custody.find': 'facilitator',
  'custody.move': 'facilitator',
  'custody.list': 'facilitator',
  'custody.reprintLabel': 'facilitator',
};

/** Background reads a screen repeats on its own; they do not count as a facilitator being there. */
export const passiveCalls: ReadonlySet<CallName> = new Set<CallName>([
  'access.state',
  'session.current',
  'board.get',
  'outbox.summary',
  'outbox.parked',
  'idp.status',
  'printers.status',
  'keys.list',
  'custody.list',
  'access.keys',
]);
