import type { Message } from '../../../shared/contract/messages';

/**
 * Pre-flight (DESIGN.md section 4): before anything is written to a backup key, the
 * connector asks its IdP's own policy whether it will take this key for this person, so a
 * key the IdP would refuse never ends up holding a credential (or a PIN) in a sealed envelope.
 */

/** What the kiosk knows of a key before writing to it: its getInfo, read without a PIN. */
export interface KeyFacts {
  aaguid: string | null;
  model: string | null;
  /** COSE algorithm ids the key offers (getInfo `algorithms`; ES256 alone where it does not say). */
  algorithms: number[];
  /** The key can store discoverable credentials (getInfo option `rk`). */
  residentKeys: boolean;
  /** The key can verify its user: a PIN (set or not yet) or built-in biometrics. */
  userVerification: boolean;
  /**
   * false: the key attests itself only (the kiosk's virtual key); null: a real key, whose
   * attestation the IdP checks itself when the credential arrives.
   */
  certifiedAttestation: boolean | null;
}

/**
 * `key`: this key is refused, another model may be taken; `person`: the IdP takes no security
 * key for this person at all (a setting IT must change first).
 */
export type KeyVerdict = { accepted: true } | { accepted: false; refuses: 'key' | 'person'; says: Message };

export const ACCEPTED: KeyVerdict = { accepted: true };

export function refusesKey(says: Message): KeyVerdict {
  return { accepted: false, refuses: 'key', says };
}

export function refusesPerson(says: Message): KeyVerdict {
  return { accepted: false, refuses: 'person', says };
}

/** The first refusal of a list of checks, in the order given; accepted when none refuses. */
export function firstRefusal(...verdicts: Array<KeyVerdict | null>): KeyVerdict {
  return verdicts.find((v): v is KeyVerdict => v !== null && !v.accepted) ?? ACCEPTED;
}

/** AAGUIDs compare as UUIDs: case and hyphens do not matter. */
export function sameAaguid(a: string, b: string): boolean {
  return a.replaceAll('-', '').toLowerCase() === b.replaceAll('-', '').toLowerCase();
}

/** The key's model as a person reads it, for a refusal. */
export function keyName(key: KeyFacts): string {
  return key.model ?? key.aaguid ?? 'unknown model';
}

/** COSE algorithm ids by the names IdPs use in their policies (IANA COSE Algorithms registry). */
export const COSE_ALGORITHMS: Readonly<Record<string, number>> = {
  ES256: -7,
  ES384: -35,
  ES512: -36,
  EdDSA: -8,
  Ed25519: -19,
  RS256: -257,
  RS384: -258,
  RS512: -259,
  PS256: -37,
  RS1: -65535,
};
