import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { generateRegistrationOptions, verifyRegistrationResponse } from '@simplewebauthn/server';
import { z } from 'zod';
import type { Locale } from '../../../../shared/domain/locale';
import type { Clock } from '../../ports/clock';
import { registrationResponseSchema } from '../webauthn/registration-response-schema';
import { enrollPageHtml, pickLanguage } from './training-enrollment-page';
import type { TrainingIdpStore, TrainingInvitation } from './training-idp-store';

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

export interface TrainingEnrollmentSiteOptions {
  clock: Clock;
  /** Where the links and the page's port are kept, so a restart keeps an open link working. */
  store: TrainingIdpStore;
  /** Called once per verified registration, in the transaction that uses the link up; the training IdP lists the passkey from then on. */
  onRegistered(userId: string, passkey: RegisteredPasskey): void;
  /** Where the page's script and style are (resources/training/enroll-page). */
  pageDir: string;
  linkLifetimeMs: number;
}

const verifyBody = z.object({ response: registrationResponseSchema });

/**
 * The training IdP's own enrollment page, served by the kiosk on localhost: a real WebAuthn
 * relying party, so the phone-passkey step is a real registration in training. Links are
 * one-time and expire; the server starts on the first link and binds loopback only. Links and
 * the port are kept in the kiosk's database: after a restart the page listens on its old port
 * again when it is free, so a link shown before still works until it expires.
 */
export class TrainingEnrollmentSite {
  private server: Server | null = null;
  private starting: Promise<string> | null = null;

  constructor(private readonly options: TrainingEnrollmentSiteOptions) {
    // A link shown before a restart may be open on a phone right now: serve it again at once.
    if (options.store.hasOpenInvitation(options.clock.now().getTime())) this.origin().catch(() => undefined);
  }

  /** http://localhost:PORT once started; a failed start is tried again by the next link. */
  origin(): Promise<string> {
    if (!this.starting) {
      const starting = this.listen();
      this.starting = starting;
      starting.catch(() => {
        if (this.starting === starting) this.starting = null;
      });
    }
    return this.starting;
  }

  async issueLink(user: SiteUser, excludeCredentialIds: string[]): Promise<{ url: string; expiresAt: string }> {
    const origin = await this.origin();
    const token = randomBytes(18).toString('base64url');
    const expiresAt = this.options.clock.now().getTime() + this.options.linkLifetimeMs;
    this.options.store.replaceInvitation(token, { user, excludeCredentialIds, expiresAt, challenge: null, used: false });
    return { url: `${origin}/enroll/${token}`, expiresAt: new Date(expiresAt).toISOString() };
  }

  async close(): Promise<void> {
    // A start still under way finishes first, so its server is closed too.
    await this.starting?.catch(() => undefined);
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
    const previous = this.options.store.sitePort();
    // Taken by another program meanwhile: a new port, and links from before the restart are gone.
    if (previous === null || !(await listenOn(server, previous))) await listenOn(server, 0, true);
    this.server = server;
    const { port } = server.address() as AddressInfo;
    if (port !== previous) this.options.store.setSitePort(port);
    return `http://localhost:${port}`;
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
    const invitation = this.options.store.invitation(token) ?? undefined;
    const problem = this.problemWith(invitation);
    if (!match[2] && request.method === 'GET') {
      return send(response, problem ? 410 : 200, 'text/html; charset=utf-8', enrollPageHtml({ language, name: invitation && !problem ? invitation.user.displayName : null, problem }));
    }
    if (problem || !invitation) return sendJson(response, 410, { error: problem ?? 'unknown' });
    if (match[2] === '/options' && request.method === 'POST') return sendJson(response, 200, await this.optionsFor(token, invitation));
    if (match[2] === '/verify' && request.method === 'POST') return this.verify(request, response, origin, token, invitation, language);
    return send(response, 405, 'text/plain; charset=utf-8', 'Method not allowed.');
  }

  private problemWith(invitation: TrainingInvitation | undefined): 'unknown' | 'used' | 'expired' | null {
    if (!invitation) return 'unknown';
    if (invitation.used) return 'used';
    if (this.options.clock.now().getTime() >= invitation.expiresAt) return 'expired';
    return null;
  }

  private async optionsFor(token: string, invitation: TrainingInvitation) {
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
    this.options.store.setChallenge(token, options.challenge);
    return options;
  }

  private async verify(request: IncomingMessage, response: ServerResponse, origin: string, token: string, invitation: TrainingInvitation, language: Locale): Promise<void> {
    const parsed = verifyBody.safeParse(await readJson(request));
    if (!parsed.success || !invitation.challenge) return sendJson(response, 400, { error: 'malformed', language });
    try {
      const result = await verifyRegistrationResponse({
        response: parsed.data.response,
        expectedChallenge: invitation.challenge,
        expectedOrigin: origin,
        expectedRPID: TRAINING_SITE_RP_ID,
        requireUserVerification: false,
      });
      if (!result.verified) return sendJson(response, 400, { error: 'notVerified' });
      const aaguid = result.registrationInfo.aaguid;
      const passkey = { credentialId: result.registrationInfo.credential.id, aaguid: aaguid && aaguid !== '00000000-0000-0000-0000-000000000000' ? aaguid : null };
      // Checked again inside the transaction: two verify requests for one link register one passkey.
      const registered = this.options.store.transaction(() => {
        if (this.options.store.invitation(token)?.used !== false) return false;
        this.options.store.markUsed(token);
        this.options.onRegistered(invitation.user.id, passkey);
        return true;
      });
      return registered ? sendJson(response, 200, { ok: true }) : sendJson(response, 410, { error: 'used' });
    } catch {
      return sendJson(response, 400, { error: 'notVerified' });
    }
  }

  private async asset(response: ServerResponse, path: string, type: string): Promise<void> {
    send(response, 200, type, await readFile(path));
  }
}

/** Listens on 127.0.0.1:port; false when a port asked for by number is taken (unless `mustListen`). */
function listenOn(server: Server, port: number, mustListen = false): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => {
      server.off('listening', listening);
      if (mustListen || (error.code !== 'EADDRINUSE' && error.code !== 'EACCES')) reject(error);
      else resolve(false);
    };
    const listening = () => {
      server.off('error', failed);
      resolve(true);
    };
    server.once('error', failed);
    server.once('listening', listening);
    server.listen(port, '127.0.0.1');
  });
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
