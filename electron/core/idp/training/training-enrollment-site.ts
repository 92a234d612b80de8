import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { generateRegistrationOptions, verifyRegistrationResponse, type RegistrationResponseJSON } from '@simplewebauthn/server';
import { z } from 'zod';
import type { Clock } from '../../ports/clock';
import { enrollPageHtml, pickLanguage, type EnrollLanguage } from './training-enrollment-page';

/** The training relying party of the phone passkey: `localhost` is a secure context and a valid RP ID. */
export const TRAINING_SITE_RP_ID = 'localhost';
const MAX_BODY_BYTES = 64 * 1024;

export interface SiteUser {
  id: string;
  displayName: string;
  username: string;
}

export interface RegisteredPasskey {
  credentialId: string;
  aaguid: string | null;
}

interface Invitation {
  user: SiteUser;
  excludeCredentialIds: string[];
  expiresAt: number;
  challenge: string | null;
  used: boolean;
}

export interface TrainingEnrollmentSiteOptions {
  clock: Clock;
  /** Called once per verified registration; the training IdP lists the passkey from then on. */
  onRegistered(userId: string, passkey: RegisteredPasskey): void;
  /** Where the page's script and style are (resources/training/enroll-page). */
  pageDir: string;
  linkLifetimeMs: number;
}

const verifyBody = z.object({ response: z.looseObject({ id: z.string().min(1), rawId: z.string().min(1), type: z.literal('public-key') }) });

/**
 * The training IdP's own enrollment page, served by the kiosk on localhost: a real WebAuthn
 * relying party, so the phone-passkey step is a real registration in training. Links are
 * one-time and expire; the server starts on the first link and binds loopback only.
 */
export class TrainingEnrollmentSite {
  private server: Server | null = null;
  private starting: Promise<string> | null = null;
  private readonly invitations = new Map<string, Invitation>();

  constructor(private readonly options: TrainingEnrollmentSiteOptions) {}

  /** http://localhost:PORT once started. */
  origin(): Promise<string> {
    this.starting ??= this.listen();
    return this.starting;
  }

  async issueLink(user: SiteUser, excludeCredentialIds: string[]): Promise<{ url: string; expiresAt: string }> {
    const origin = await this.origin();
    const token = randomBytes(18).toString('base64url');
    const expiresAt = this.options.clock.now().getTime() + this.options.linkLifetimeMs;
    for (const [key, invitation] of this.invitations) if (invitation.user.id === user.id) this.invitations.delete(key);
    this.invitations.set(token, { user, excludeCredentialIds, expiresAt, challenge: null, used: false });
    return { url: `${origin}/enroll/${token}`, expiresAt: new Date(expiresAt).toISOString() };
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    this.starting = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async listen(): Promise<string> {
    const server = createServer((request, response) => {
      this.serve(request, response).catch(() => send(response, 500, 'text/plain; charset=utf-8', 'The training page failed. Close it and ask the facilitator for a new code.'));
    });
    server.on('clientError', (_error, socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    return `http://localhost:${(server.address() as AddressInfo).port}`;
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const origin = await this.origin();
    const url = new URL(request.url ?? '/', origin);
    const language = pickLanguage(request.headers['accept-language']);
    if (request.method === 'GET' && url.pathname === '/enroll-assets/enroll.js') return this.asset(response, join(this.options.pageDir, 'enroll.js'), 'text/javascript; charset=utf-8');
    if (request.method === 'GET' && url.pathname === '/enroll-assets/enroll.css') return this.asset(response, join(this.options.pageDir, 'enroll.css'), 'text/css; charset=utf-8');
    if (request.method === 'GET' && url.pathname === '/enroll-assets/simplewebauthn-browser.js') return this.asset(response, simpleWebAuthnBundle(), 'text/javascript; charset=utf-8');
    const match = /^\/enroll\/([A-Za-z0-9_-]{16,64})(\/options|\/verify)?$/.exec(url.pathname);
    if (!match?.[1]) return send(response, 404, 'text/plain; charset=utf-8', 'Not found.');
    const token = match[1];
    const invitation = this.invitations.get(token);
    const problem = this.problemWith(invitation);
    if (!match[2] && request.method === 'GET') {
      return send(response, problem ? 410 : 200, 'text/html; charset=utf-8', enrollPageHtml({ language, name: invitation && !problem ? invitation.user.displayName : null, problem }));
    }
    if (problem || !invitation) return sendJson(response, 410, { error: problem ?? 'unknown' });
    if (match[2] === '/options' && request.method === 'POST') return sendJson(response, 200, await this.optionsFor(invitation));
    if (match[2] === '/verify' && request.method === 'POST') return this.verify(request, response, origin, invitation, language);
    return send(response, 405, 'text/plain; charset=utf-8', 'Method not allowed.');
  }

  private problemWith(invitation: Invitation | undefined): 'unknown' | 'used' | 'expired' | null {
    if (!invitation) return 'unknown';
    if (invitation.used) return 'used';
    if (this.options.clock.now().getTime() >= invitation.expiresAt) return 'expired';
    return null;
  }

  private async optionsFor(invitation: Invitation) {
    const options = await generateRegistrationOptions({
      rpName: 'Enrollment Kiosk TRAINING',
      rpID: TRAINING_SITE_RP_ID,
      userName: invitation.user.username,
      userDisplayName: invitation.user.displayName,
      userID: new TextEncoder().encode(invitation.user.id),
      attestationType: 'none',
      excludeCredentials: invitation.excludeCredentialIds.map((id) => ({ id })),
      authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
      timeout: 120_000,
    });
    invitation.challenge = options.challenge;
    return options;
  }

  private async verify(request: IncomingMessage, response: ServerResponse, origin: string, invitation: Invitation, language: EnrollLanguage): Promise<void> {
    const parsed = verifyBody.safeParse(await readJson(request));
    if (!parsed.success || !invitation.challenge) return sendJson(response, 400, { error: 'malformed', language });
    try {
      const result = await verifyRegistrationResponse({
        response: parsed.data.response as unknown as RegistrationResponseJSON,
        expectedChallenge: invitation.challenge,
        expectedOrigin: origin,
        expectedRPID: TRAINING_SITE_RP_ID,
        requireUserVerification: false,
      });
      if (!result.verified) return sendJson(response, 400, { error: 'notVerified' });
      invitation.used = true;
      const aaguid = result.registrationInfo.aaguid;
      this.options.onRegistered(invitation.user.id, {
        credentialId: result.registrationInfo.credential.id,
        aaguid: aaguid && aaguid !== '00000000-0000-0000-0000-000000000000' ? aaguid : null,
      });
      return sendJson(response, 200, { ok: true });
    } catch {
      return sendJson(response, 400, { error: 'notVerified' });
    }
  }

  private async asset(response: ServerResponse, path: string, type: string): Promise<void> {
    send(response, 200, type, await readFile(path));
  }
}

function simpleWebAuthnBundle(): string {
  // The package exports only its entry point; its browser bundle sits beside it in dist/.
  const entry = createRequire(import.meta.url).resolve('@simplewebauthn/browser');
  return join(dirname(entry), '..', 'dist', 'bundle', 'index.umd.min.js');
}

const pageHeaders = {
  'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

function send(response: ServerResponse, status: number, type: string, body: string | Buffer): void {
  if (response.headersSent) return;
  response.writeHead(status, { ...pageHeaders, 'Content-Type': type });
  response.end(body);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  send(response, status, 'application/json', JSON.stringify(body));
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return null;
  }
}
