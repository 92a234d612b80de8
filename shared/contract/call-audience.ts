import { facilitatorRoles, type FacilitatorRole } from '../domain/access';
import type { CallName } from './calls';

/**
 * Who may make a call. `whileLocked` calls work while the kiosk is locked: the badge scan, the
 * journey, the language, unlocking itself. Every other call needs an unlocked key, and the core
 * refuses it while locked, whatever the transport. Unlocked, a key makes only the calls its
 * role is listed for; the others are refused with `forbidden`, naming the roles that may.
 */
export interface CallAudience {
  whileLocked: boolean;
  roles: readonly FacilitatorRole[];
}

/** Anyone at the kiosk, locked or not. */
const anyone: CallAudience = { whileLocked: true, roles: facilitatorRoles };
/** Any unlocked key: reads of the kiosk's state, which every role's screens show. */
const anyRole: CallAudience = { whileLocked: false, roles: facilitatorRoles };
/** Running sessions: the roster, the board, the identity check, the report. */
const facilitator: CallAudience = { whileLocked: false, roles: ['facilitator'] };
/** Custody of envelopes (moves, reprints, the lists), the stock of fresh keys and the kiosk's facilitator keys. */
const it: CallAudience = { whileLocked: false, roles: ['it'] };
/** Retrying or discarding what the IdP refused for good: IT, and the facilitators whose sessions queue it. */
const outboxOperator: CallAudience = { whileLocked: false, roles: ['it', 'facilitator'] };
/** The fleet's outcomes per department, site, kiosk and week: facilitators who run sessions and IT who runs the rollout. */
const fleetReporter: CallAudience = { whileLocked: false, roles: ['facilitator', 'it'] };
/** The recovery of a person after the session: identity check, authenticators, envelope, new codes. */
const helpdesk: CallAudience = { whileLocked: false, roles: ['helpdesk'] };
/** A new recovery-code sheet, once started (by a facilitator in a session or by the helpdesk): printed again, confirmed, cancelled. */
const newCodesSheet: CallAudience = { whileLocked: false, roles: ['facilitator', 'helpdesk'] };

/** The compiler insists that every call of the contract is listed, so a new call cannot slip through unclassified. */
export const callAudience: Readonly<Record<CallName, CallAudience>> = {
  'app.info': anyone,
  'app.setLocale': anyone,
  'audit.verify': anyRole,
  // The log of every session and key leaves the kiosk only through IT, who hands it to auditors.
  'audit.export': it,
  'audit.signingKey': anyRole,
  'access.state': anyone,
  'access.unlock': anyone,
  'access.lock': anyone,
  'access.activity': anyone,
  // The first key is IT's, enrolled with a setup code while locked (the service checks that
  // case); IT adds every later one.
  'access.enroll': { whileLocked: true, roles: ['it'] },
  'access.keys': anyRole,
  'access.remove': it,
  'session.current': anyone,
  'session.latest': facilitator,
  'session.start': facilitator,
  'session.end': facilitator,
  'session.report': facilitator,
  'session.exportCsv': facilitator,
  'roster.preview': facilitator,
  'roster.import': facilitator,
  'roster.loadTraining': facilitator,
  'board.get': facilitator,
  'badge.scan': anyone,
  // Confirming a face and a second signal is the facilitator's judgement.
  'identity.confirm': facilitator,
  'identity.reject': facilitator,
  'outbox.summary': anyRole,
  'outbox.parked': anyRole,
  'outbox.retry': outboxOperator,
  'outbox.discard': outboxOperator,
  // What is plugged in: models and PIN states, nobody's data.
  'keys.list': anyone,
  'keys.pinState': anyRole,
  'keys.wink': anyRole,
  // The attendee cancels "touch your key" and, in training, takes a fresh practice key.
  'keys.cancel': anyone,
  'keys.freshTrainingKey': anyone,
  'idp.status': anyRole,
  'printers.status': anyRole,
  // The attendee reads their practice sheet and label; a page is found only by its random job id.
  'print.onScreen': anyone,
  'journey.get': anyone,
  'journey.passkey.start': anyone,
  'journey.passkey.check': anyone,
  'journey.skip': anyone,
  'journey.key.inspect': anyone,
  'journey.key.checkPin': anyone,
  'journey.key.setPin': anyone,
  'journey.key.register': anyone,
  'journey.codes.print': anyone,
  'journey.codes.reprint': anyone,
  'journey.codes.confirm': anyone,
  'journey.envelope.print': anyone,
  'custody.find': it,
  'custody.move': it,
  'custody.list': it,
  'custody.reprintLabel': it,
  // What is left per model: every role's status screen shows it; IT records what arrives.
  'stock.list': anyRole,
  'stock.receive': it,
  'stock.countPlugged': it,
  'fleet.status': anyRole,
  // Sharing a session, joining one and checking in during an outage are running sessions.
  'stations.share': facilitator,
  'stations.join': facilitator,
  'stations.override': facilitator,
  'fleet.report': fleetReporter,
  'fleet.reportCsv': fleetReporter,
  // New recovery codes: a facilitator for an attendee of their session, the helpdesk for anyone the IdP knows.
  'recovery.newCodes': facilitator,
  'recovery.newCodesFor': helpdesk,
  'recovery.sheetReprint': newCodesSheet,
  'recovery.sheetConfirm': newCodesSheet,
  'recovery.sheetCancel': newCodesSheet,
  'recovery.start': helpdesk,
  'recovery.list': helpdesk,
  'recovery.get': helpdesk,
  'recovery.identity.confirm': helpdesk,
  'recovery.authenticators': helpdesk,
  'recovery.revoke': helpdesk,
  'recovery.handOut': helpdesk,
  'recovery.passkey.start': helpdesk,
  'recovery.passkey.check': helpdesk,
  'recovery.reseal': helpdesk,
  'recovery.replaceKey': helpdesk,
  'recovery.complete': helpdesk,
};

/** Whether a key acting in `roles` may make the call once it has unlocked. */
export function mayCall(roles: readonly FacilitatorRole[], name: CallName): boolean {
  return callAudience[name].roles.some((role) => roles.includes(role));
}

/** Background reads a screen repeats on its own; they do not count as a facilitator being there. */
export const passiveCalls: ReadonlySet<CallName> = new Set<CallName>([
  'access.state',
  'session.current',
  'board.get',
  'outbox.summary',
  'outbox.parked',
  'idp.status',
  'printers.status',
  'fleet.status',
  'keys.list',
  'custody.list',
  'stock.list',
  'access.keys',
  'recovery.list',
  'recovery.get',
  'recovery.passkey.check',
]);
