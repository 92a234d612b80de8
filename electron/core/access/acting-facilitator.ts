import { KioskError } from '../../../shared/contract/errors';
import { message } from '../../../shared/contract/messages';
import type { FacilitatorIdentity } from '../../../shared/domain/access';
import type { CallContext } from '../contract/handler-table';

/** The unlocked facilitator a facilitator call acts for: the audit's actor, never typed text. */
export function actingFacilitator(call: CallContext): FacilitatorIdentity {
  if (!call.facilitator) throw new KioskError('locked', message('access.locked'));
  return call.facilitator;
}
