/**
 * Client secrets and IdP tokens enter and leave the core only through this port.
 *
 * Implementations:
 * - Electron shell: safeStorage (OS keychain) — electron/main.
 * - Web host: electron/core/secrets/file-secret-store.ts (a 0600 JSON file, with a warning).
 *
 * Rules every implementation and caller keeps: values are opaque strings; a value is never
 * logged, never put in an error message, never written to the audit log or the outbox.
 * Names are short, stable identifiers such as `idp.keycloak.clientSecret`.
 */
export interface SecretStore {
  /** The stored value, or null when no secret of that name exists. */
  get(name: string): Promise<string | null>;
  /** Stores (or replaces) a value; durable once the promise resolves. */
  set(name: string, value: string): Promise<void>;
  /** Removes a value; deleting a missing name is not an error. */
  delete(name: string): Promise<void>;
}

/** Secret names are identifiers, never data: letters, digits, dot, dash, underscore. */
export const SECRET_NAME_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;

export function isValidSecretName(name: string): boolean {
  return SECRET_NAME_PATTERN.test(name);
}
