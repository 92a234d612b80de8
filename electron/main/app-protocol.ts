import { protocol, type Session } from 'electron';
import { securityHeaders } from '../host/content-security-policy';
import { readRendererFile } from '../host/renderer-files';
import { appHost, appScheme } from './security/app-scheme';

/** Must run before the app is ready: the scheme's privileges are fixed at startup. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves the built renderer under app://kiosk/ with the strict CSP as a response header. */
export function serveRenderer(session: Session, rendererDir: string): void {
  const headers = securityHeaders(null);
  session.protocol.handle(appScheme, async (request) => {
    const url = new URL(request.url);
    if (url.host !== appHost || request.method !== 'GET') return new Response('Not found.', { status: 404, headers });
    const file = await readRendererFile(rendererDir, url.pathname);
    if (!file) return new Response('Not found.', { status: 404, headers });
    return new Response(new Uint8Array(file.body), { status: 200, headers: { ...headers, 'Content-Type': file.contentType } });
  });
}
