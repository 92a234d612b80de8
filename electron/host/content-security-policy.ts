/**
 * The one Content-Security-Policy both hosts send with the renderer. Scripts and styles only
 * from the app itself, no inline code, no plugins, no framing, no form posts; the only network
 * connection allowed is the one the host names (the web host's own WebSocket bridge; none in
 * Electron, where calls go over IPC).
 */
export function contentSecurityPolicy(connectSrc: string | null): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "manifest-src 'self'",
    `connect-src ${connectSrc ?? "'none'"}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers sent with every renderer response, in both hosts. */
export function securityHeaders(connectSrc: string | null): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(connectSrc),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  };
}
