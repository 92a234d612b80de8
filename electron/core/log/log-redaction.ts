/**
 * Field names that hold a secret wherever they appear in the kiosk's data: PINs (the key
 * calls' inputs), recovery codes (the sheet, authentik's static tokens), Temporary Access
 * Passes and sign-in links (the passkey link's `code` and `url`), OAuth tokens, client
 * secrets and Authorization headers. The kiosk's log lines are built from typed events that
 * carry none of them; these paths are the second line, for a value that slips in anyway.
 */
const secretFields = [
  'pin',
  'newPin',
  'currentPin',
  'codes',
  'recoveryCodes',
  'tap',
  'temporaryAccessPass',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'idToken',
  'id_token',
  'bearer',
  'secret',
  'clientSecret',
  'client_secret',
  'password',
  'authorization',
  'Authorization',
] as const;

/**
 * A passkey link's (and the journey's offer of it) `code` is an Entra TAP and its `url` may
 * sign in by itself (an authentik recovery link): secret there only, since `code` elsewhere
 * is an error code the log needs.
 */
const passkeyLinkFields = ['link.code', 'link.url', 'offer.code', 'offer.url'] as const;

/** pino's `redact.paths`: each field at the top of a line and up to two objects deep. */
export const redactPaths: string[] = [...secretFields, ...passkeyLinkFields].flatMap((field) => [field, `*.${field}`, `*.*.${field}`]);

export const REDACTED = '[redacted]';
