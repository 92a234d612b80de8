import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isIP } from 'node:net';
import { dirname, join } from 'node:path';
import { generateRegistrationOptions, verifyRegistrationResponse, type RegistrationResponseJSON } from '@simplewebauthn/server';
import { z } from 'zod';
import type { VerifiedRegistration } from '../../electron/core/idp/webauthn/local-registration';
import type { FakeReply, FakeRequest, FakeRoute } from './fake-idp-server';

/**
 * The passkey page the fake IdPs share: once a fake knows who the browser is (its own way:
 * sign-in form, recovery link, Temporary Access Pass), this page offers "Create a passkey",
 * issues WebAuthn creation options, verifies the answer with @simplewebauthn/server and hands
 * the verified registration to the fake, which stores it as that IdP does. The sign-in and
 * message pages are rendered here too, so the three fakes look alike and stay short.
 */

export interface PageUser {
  id: string;
  username: string;
  displayName: string;
}

export interface Enrollment {
  /** The fake's session id for this browser: one challenge at a time per session. */
  key: string;
  user: PageUser;
  /** Called once per verified registration; the fake lists the passkey from then on. */
  register(passkey: VerifiedRegistration, response: RegistrationResponseJSON): void;
}

export interface PasskeyPageOptions {
  /** Shown small above the heading, e.g. "Keycloak". */
  idpName: string;
  rpName: string;
  /** Where the page's script, style and calls live; ends with '/'. */
  path: string;
  /** The enrollment of the browser's session, or null when it is not signed in (any more). */
  enrollmentFor(request: FakeRequest): Enrollment | null;
}

export interface FormField {
  name: string;
  label: string;
  autocomplete: string;
}

const SIGNED_OUT = 'You are not signed in any more. Scan the code at the kiosk again.';
const verifyBody = z.object({ response: z.looseObject({ id: z.string().min(1), rawId: z.string().min(1), type: z.literal('public-key'), response: z.looseObject({}) }) });
const bundle = readFileSync(join(dirname(createRequire(import.meta.url).resolve('@simplewebauthn/browser')), '..', 'dist', 'bundle', 'index.umd.min.js'), 'utf8');
const pageScript = readFileSync(new URL('./passkey-page/page.js', import.meta.url), 'utf8');
const pageStyle = readFileSync(new URL('./passkey-page/page.css', import.meta.url), 'utf8');

export class PasskeyEnrollmentPage {
  private readonly challenges = new Map<string, string>();

  constructor(private readonly options: PasskeyPageOptions) {}

  routes(): FakeRoute[] {
    const at = (name: string) => new RegExp(`^${this.options.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${name}$`);
    const asset = (body: string, type: string) => (): FakeReply => ({ status: 200, body, headers: { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' } });
    return [
      { method: 'GET', pattern: at('page\\.js'), outsideContract: browserGet, handle: asset(pageScript, 'text/javascript') },
      { method: 'GET', pattern: at('page\\.css'), outsideContract: browserGet, handle: asset(pageStyle, 'text/css') },
      { method: 'GET', pattern: at('simplewebauthn-browser\\.js'), outsideContract: browserGet, handle: asset(bundle, 'text/javascript') },
      { method: 'POST', pattern: at('options'), outsideContract: browserJson, handle: (request) => this.issueOptions(request) },
      { method: 'POST', pattern: at('verify'), outsideContract: browserJson, handle: (request) => this.verify(request) },
    ];
  }

  /** "Create a passkey for <name>" with its button. */
  page(request: FakeRequest, enrollment: Enrollment): FakeReply {
    if (!relyingParty(request)) return this.message(409, 'Open this page on localhost', `A passkey cannot be made for an IP address. Open ${request.path} on http://localhost instead.`);
    const { path } = this.options;
    const body = `<p>Your phone will ask for your face, fingerprint or screen lock.</p>
<button type="button" id="create-passkey" data-options="${path}options" data-verify="${path}verify">Create passkey</button>
<p id="status" role="status" aria-live="polite"></p>`;
    const scripts = `<script src="${path}simplewebauthn-browser.js"></script><script src="${path}page.js"></script>`;
    return this.html(200, `Create a passkey for ${escapeHtml(enrollment.user.displayName)}`, body, scripts);
  }

  /** A sign-in form that posts its fields to `action`; `error` is shown above the fields. */
  signIn(status: number, heading: string, action: string, fields: FormField[], error?: string): FakeReply {
    const inputs = fields.map((f) => `<label for="${f.name}">${escapeHtml(f.label)}</label><input id="${f.name}" name="${f.name}" autocomplete="${f.autocomplete}" required>`).join('\n');
    const alert = error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : '';
    return this.html(status, escapeHtml(heading), `${alert}<form method="post" action="${action}" data-sign-in>\n${inputs}\n<button type="submit">Sign in</button>\n</form>`);
  }

  /** A page that only says something, e.g. why a link no longer works. */
  message(status: number, heading: string, text: string): FakeReply {
    return this.html(status, escapeHtml(heading), `<p class="${status >= 400 ? 'error' : 'info'}" role="${status >= 400 ? 'alert' : 'status'}">${escapeHtml(text)}</p>`);
  }

  private async issueOptions(request: FakeRequest): Promise<FakeReply> {
    const enrollment = this.options.enrollmentFor(request);
    if (!enrollment) return { status: 401, body: { error: SIGNED_OUT } };
    const rp = relyingParty(request);
    if (!rp) return { status: 409, body: { error: 'A passkey cannot be made for an IP address: open this page on http://localhost.' } };
    const { user } = enrollment;
    const options = await generateRegistrationOptions({
      rpName: this.options.rpName,
      rpID: rp.id,
      userName: user.username,
      userDisplayName: user.displayName,
      userID: new TextEncoder().encode(user.id),
      attestationType: 'none',
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      timeout: 120_000,
    });
    this.challenges.set(enrollment.key, options.challenge);
    return { status: 200, body: options };
  }

  private async verify(request: FakeRequest): Promise<FakeReply> {
    const enrollment = this.options.enrollmentFor(request);
    const challenge = enrollment && this.challenges.get(enrollment.key);
    const rp = relyingParty(request);
    if (!enrollment || !challenge || !rp) return { status: 401, body: { error: SIGNED_OUT } };
    const parsed = verifyBody.safeParse(request.body);
    if (!parsed.success) return { status: 400, body: { error: 'The page sent something that is not a passkey. Reload the page and try again.' } };
    const response = parsed.data.response as unknown as RegistrationResponseJSON;
    try {
      const result = await verifyRegistrationResponse({ response, expectedChallenge: challenge, expectedOrigin: rp.origin, expectedRPID: rp.id, requireUserVerification: true });
      if (!result.verified) throw new Error('not verified');
      this.challenges.delete(enrollment.key);
      enrollment.register(result.registrationInfo, response);
      return { status: 200, body: { ok: true } };
    } catch (error) {
      return { status: 400, body: { error: `The passkey could not be checked (${(error as Error).message}). Press the button to try again.` } };
    }
  }

  private html(status: number, heading: string, body: string, scripts = ''): FakeReply {
    const page = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${heading} – ${escapeHtml(this.options.idpName)}</title>
<link rel="stylesheet" href="${this.options.path}page.css"></head>
<body><main>
<p class="idp">${escapeHtml(this.options.idpName)}</p>
<h1>${heading}</h1>
${body}
</main>${scripts}</body>
</html>`;
    return {
      status,
      body: page,
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        'cache-control': 'no-store',
      },
    };
  }
}

/**
 * The relying party is the host the browser used, as Keycloak (policy RP ID left empty) and
 * authentik (no brand RP config) do; Entra's is login.microsoft.com, a host the fake cannot
 * be, so it does the same. null for an IP address, which WebAuthn refuses as an RP ID.
 */
function relyingParty(request: FakeRequest): { id: string; origin: string } | null {
  const host = request.headers.host ?? '';
  let hostname: string;
  try {
    hostname = new URL(`http://${host}`).hostname;
  } catch {
    return null;
  }
  return hostname && isIP(hostname.replace(/^\[|\]$/g, '')) === 0 ? { id: hostname, origin: `http://${host}` } : null;
}

/** The web-view checks: what a browser sends, never an API token. */
export function browserGet(request: FakeRequest): string[] {
  return [...noToken(request), ...(request.text === '' ? [] : ['a page is opened with a plain GET, without a body'])];
}

export function browserForm(request: FakeRequest): string[] {
  return [...noToken(request), ...((request.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded') ? [] : ['a sign-in form posts form-encoded fields'])];
}

function browserJson(request: FakeRequest): string[] {
  return [...noToken(request), ...((request.headers['content-type'] ?? '').includes('application/json') ? [] : ['the page script posts JSON'])];
}

function noToken(request: FakeRequest): string[] {
  return request.headers.authorization ? ['a browser page never carries an API token'] : [];
}

/** A cookie for the fake's browser session (HttpOnly: only the fake reads it). */
export function sessionCookie(name: string, value: string): string {
  return `${name}=${value}; Path=/; HttpOnly; SameSite=Lax`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
