import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { KioskError } from '../../../shared/contract/errors';
import { message, type Message } from '../../../shared/contract/messages';
import type { KeyService } from '../fido/keys/key-service';
import type { BuiltInFacilitatorKey } from './built-in-key';
import type { FacilitatorKeyEnrollment } from './facilitator-key-enrollment';
import type { KeyInForce } from './keys-in-force';
import { newChallenge, verifyFacilitatorSignIn } from './kiosk-relying-party';
import { readyKeys } from './ready-keys';

/** Where a sign-in was answered: the key service and path of the key, and what it signed. */
interface Answered {
  keys: KeyService;
  path: string;
  response: AuthenticationResponseJSON;
}

export interface SignedIn {
  record: KeyInForce;
  /** The key that signed, for the watch that locks when it is pulled. */
  keys: KeyService;
  path: string;
  /** The built-in key signed: it acts in every role. */
  builtIn: boolean;
}

export interface SignInRequest {
  /** The stored keys that may answer (all, or the one whose touch alone unlocks now). */
  allowed: KeyInForce[];
  pin: string | null;
  /** What to say when no key plugged in holds one of them. */
  noKey: Message;
}

/**
 * A WebAuthn sign-in for the kiosk's own RP with one of the allowed stored keys, checked by
 * @simplewebauthn/server against the stored public key. The keys plugged in are asked first:
 * a facilitator's own key with their PIN must not be tried on the built-in key, whose PIN
 * retries a wrong PIN would use up.
 */
export async function signInWithStoredKey(facilitatorKeys: FacilitatorKeyEnrollment, plugged: KeyService, builtInKey: BuiltInFacilitatorKey | null, request: SignInRequest): Promise<SignedIn> {
  const { rp } = facilitatorKeys;
  const challenge = newChallenge();
  const ask = async (keys: KeyService): Promise<Answered | null> => {
    // The first key of this service that holds one of the credentials and signs; keys holding none are skipped.
    for (const key of await readyKeys(keys)) {
      const response = await keys.authenticate(key.path, {
        rpId: rp.rpId,
        origin: rp.origin,
        challenge,
        allowCredentials: request.allowed.map((record) => record.credentialId),
        pin: request.pin,
      });
      if (response) return { keys, path: key.path, response };
    }
    return null;
  };
  const fromPlugged = await ask(plugged);
  const answered = fromPlugged ?? (builtInKey ? await facilitatorKeys.builtIn.signIn(builtInKey, request.pin !== null, ask) : null);
  if (!answered) throw new KioskError('forbidden', request.noKey);
  const record = request.allowed.find((candidate) => candidate.credentialId === answered.response.id);
  if (!record) throw new KioskError('forbidden', message('access.noFacilitatorKey'));
  const signCount = await verifyFacilitatorSignIn(rp, challenge, answered.response, record, request.pin !== null);
  // A copy of another kiosk's key too old to trust offline: the key did sign, so say why it may not unlock.
  const refusal = facilitatorKeys.inForce.refusal(record);
  if (refusal) throw refusal;
  facilitatorKeys.inForce.recordUse(record, signCount);
  return { record, keys: answered.keys, path: answered.path, builtIn: fromPlugged === null };
}
