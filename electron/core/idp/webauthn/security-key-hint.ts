import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';

/**
 * WebAuthn Level 3 `hints`: the backup key is a roaming security key, so options an IdP sends
 * without hints of its own say so; hints the IdP chose are left as they are.
 */
export function withSecurityKeyHint<O extends PublicKeyCredentialCreationOptionsJSON>(options: O): O {
  return options.hints && options.hints.length > 0 ? options : { ...options, hints: ['security-key'] };
}
