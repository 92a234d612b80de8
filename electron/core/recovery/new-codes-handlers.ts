import { KioskError } from '../../../shared/contract/errors';
import { message } from '../../../shared/contract/messages';
import type { RecoveryPerson } from '../../../shared/contract/recovery-codes-calls';
import { actingFacilitator } from '../access/acting-facilitator';
import type { PartialHandlers } from '../contract/handler-table';
import type { IdpConnector, IdpUser } from '../idp/idp-connector';
import { idpUserSchema } from '../idp/idp-outbox-kinds';
import { idpFailure } from '../journey/idp-failure';
import { placeOf } from '../journey/journey-order';
import type { SessionContext } from '../session/session-context';
import type { NewRecoveryCodes, SheetSubject } from './new-recovery-codes';

type NewCodesCallNames = 'recovery.newCodes' | 'recovery.newCodesFor' | 'recovery.sheetReprint' | 'recovery.sheetConfirm' | 'recovery.sheetCancel';

export interface NewCodesHandlerDeps {
  codes: NewRecoveryCodes;
  idp: IdpConnector;
  session: SessionContext;
}

/**
 * New recovery codes from a session's board (an attendee whose journey is done) or from the
 * helpdesk (a person found at the IdP). The core finds the IdP account itself in both cases.
 */
export function createNewCodesHandlers(deps: NewCodesHandlerDeps): PartialHandlers<NewCodesCallNames> {
  const { codes } = deps;
  return {
    'recovery.newCodes': async ({ sessionId, attendeeId, locale }, call) => {
      const actor = actingFacilitator(call).name;
      return codes.start(await attendeeSubject(deps, sessionId, attendeeId), actor, locale);
    },
    'recovery.newCodesFor': async ({ person, identityCheckId, locale }, call) => {
      const actor = actingFacilitator(call).name;
      const user = await findPerson(deps.idp, person);
      return codes.start({ user, subjectKey: user.id, context: { identityCheckId: identityCheckId ?? null } }, actor, locale);
    },
    'recovery.sheetReprint': ({ sheetId, locale }, call) => codes.reprint(sheetId, actingFacilitator(call).name, locale),
    'recovery.sheetConfirm': ({ sheetId }, call) => codes.confirm(sheetId, actingFacilitator(call).name),
    'recovery.sheetCancel': ({ sheetId }, call) => codes.cancel(sheetId, actingFacilitator(call).name),
  };
}

/** An attendee of the session whose journey is done: their first sheet came from the journey's own step. */
async function attendeeSubject(deps: NewCodesHandlerDeps, sessionId: string, attendeeId: string): Promise<SheetSubject> {
  const session = deps.session.requireSession(sessionId);
  const attendee = deps.session.requireAttendee(session, attendeeId);
  if (placeOf(deps.session.steps.get(attendee.id)) !== 'done') throw new KioskError('conflict', message('recovery.journeyNotDone'), { attendeeId });
  const user = deps.session.facts.get(attendee.id, 'idpUser', idpUserSchema) ?? (await findPerson(deps.idp, { badgeId: attendee.badgeId }));
  return { user, subjectKey: attendee.id, context: { sessionId: session.id } };
}

async function findPerson(idp: IdpConnector, person: RecoveryPerson): Promise<IdpUser> {
  let user: IdpUser | null;
  try {
    user = await idp.findUser(person);
  } catch (error) {
    throw idpFailure(error);
  }
  if (!user) {
    const [searchField, searchValue] = Object.entries(person)[0] as ['badgeId' | 'email' | 'username', string];
    throw new KioskError('not_found', message('recovery.personNotFound', { idp: idp.label, searchField, searchValue }), { searchField });
  }
  return user;
}
