import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createKioskLogger, logFilePath } from '../../electron/core/log/kiosk-logger';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Each kind of secret the kiosk handles, in the shapes it has in the kiosk's own data. */
const secrets = {
  pin: '739184',
  newPin: '604182',
  currentPin: '918273',
  recoveryCodeDashed: 'K7QM-3XPA-9WRT',
  recoveryCodeBare: 'H4ZN8CVB2LDE',
  tap: 'TAP+q7Zr!x9w',
  enrollLinkToken: 'enroll-token-5f1e9a',
  recoveryLink: 'https://idp.example/if/flow/recovery/?token=recov-9b2c',
  accessToken: 'eyJ.access-token-abc',
  refreshToken: 'refresh-token-def',
  idToken: 'eyJ.id-token-ghi',
  bearer: 'Bearer eyJ.bearer-jkl',
  clientSecret: 'client-secret-mno',
  apiToken: 'ak-api-token-pqr',
} as const;

/** What a careless log call could hand the logger: whole inputs, views, bodies and errors. */
const careless: Array<[string, Record<string, unknown>]> = [
  ['a key call input', { call: 'journey.key.setPin', input: { sessionId: 'S1', attendeeId: 'A1', path: 'virtual:1', pin: secrets.pin } }],
  ['a PIN change', { input: { path: 'virtual:1', currentPin: secrets.currentPin, newPin: secrets.newPin } }],
  ['a facilitator unlock', { pin: secrets.pin }],
  ['printed codes', { codes: [secrets.recoveryCodeDashed, secrets.recoveryCodeBare] }],
  ['codes for the IdP', { payload: { recoveryCodes: [secrets.recoveryCodeBare] } }],
  ['a passkey link', { link: { kind: 'temporaryAccessPass', url: `https://mysignins.example/${secrets.enrollLinkToken}`, code: secrets.tap } }],
  ['an authentik recovery link', { step: { link: { kind: 'recoveryLink', url: secrets.recoveryLink, code: null } } }],
  ['the journey view', { view: { passkey: { offer: { url: `http://localhost:1/enroll/${secrets.enrollLinkToken}`, code: secrets.tap } } } }],
  ["Entra's TAP answer", { data: { temporaryAccessPass: secrets.tap } }],
  ['a token answer', { body: { access_token: secrets.accessToken, refresh_token: secrets.refreshToken, id_token: secrets.idToken, token_type: 'Bearer' } }],
  ['a token cache', { accessToken: secrets.accessToken, refreshToken: secrets.refreshToken, idToken: secrets.idToken }],
  ['request headers', { req: { headers: { authorization: secrets.bearer } } }],
  ['headers as sent', { headers: { Authorization: secrets.bearer } }],
  ['a bearer field', { auth: { bearer: secrets.bearer } }],
  ['a token request form', { form: { grant_type: 'client_credentials', client_id: 'kiosk', client_secret: secrets.clientSecret } }],
  ['a secret store value', { secret: secrets.clientSecret, clientSecret: secrets.clientSecret }],
  ['an API token', { token: secrets.apiToken }],
  ['an error carrying an input', { err: Object.assign(new Error('register failed'), { details: { pin: secrets.pin } }) }],
];

describe('the kiosk log redacts secrets by path', () => {
  it('writes none of the secrets pushed through the logger at the paths the kiosk uses, and keeps what is around them', () => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-log-redaction-'));
    const log = createKioskLogger({ dataDir: dir });
    for (const [what, fields] of careless) log.logger.info(fields, what);
    log.close();
    const text = readFileSync(logFilePath(dir), 'utf8');
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(careless.length);
    const found = Object.entries(secrets).filter(([, value]) => text.includes(value) || text.includes(value.replace(/-/g, '')));
    expect(found.map(([kind]) => kind)).toEqual([]);
    for (const neighbour of ['journey.key.setPin', 'virtual:1', 'temporaryAccessPass', 'client_credentials', 'register failed', '[redacted]']) expect(text).toContain(neighbour);
  });
});
