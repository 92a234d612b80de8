import { KioskError } from '../../../shared/contract/errors';
import type { KeyFacts } from '../idp/key-preflight';
import type { KeySummary } from '../fido/keys/key-service';
import { idpFailure } from './idp-failure';
import type { Attending, JourneyContext } from './journey-context';

/**
 * Asks the IdP whether it takes this key for this attendee, before the kiosk writes anything
 * to the key (its PIN included). A refusal is the IdP's reason as an error: `key_not_allowed`
 * when another key model may do, `idp_rejected` when the IdP takes no security key for this
 * person until IT changes a setting. Null when the IdP takes the key.
 */
export async function idpRefusal(ctx: JourneyContext, at: Attending, summary: KeySummary): Promise<KioskError | null> {
  const facts: KeyFacts = {
    ...(await ctx.keys.capabilities(summary.path)),
    // The virtual key attests itself only; a real key's attestation is the IdP's to check on arrival.
    certifiedAttestation: summary.training ? false : null,
  };
  const user = await ctx.idpUser(at.attendee);
  let verdict;
  try {
    verdict = await ctx.idp.preflightKey(user, facts);
  } catch (error) {
    throw idpFailure(error);
  }
  if (verdict.accepted) return null;
  ctx.session.record(at.session, 'journey.keyRefusedByIdp', at.attendee.id, { aaguid: facts.aaguid, model: facts.model, reason: verdict.says.reason });
  const code = verdict.refuses === 'key' ? 'key_not_allowed' : 'idp_rejected';
  return new KioskError(code, verdict.says, { preflight: true, aaguid: facts.aaguid, model: facts.model });
}
