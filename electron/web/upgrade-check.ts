import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { bridgePath } from './bridge-protocol';

export type UpgradeVerdict = { ok: true } | { ok: false; status: 400 | 401 | 403 | 404; reason: string };

/**
 * Decides whether a WebSocket upgrade may reach the bridge: the right path, the host's own
 * Host and Origin (a page from any other origin, or a DNS-rebound name, is refused) and the
 * per-start token.
 */
export function checkBridgeUpgrade(
  request: { url?: string | undefined; headers: IncomingHttpHeaders },
  expected: { origin: string; token: string },
): UpgradeVerdict {
  let url: URL;
  try {
    url = new URL(request.url ?? '/', expected.origin);
  } catch {
    return { ok: false, status: 400, reason: 'unreadable request URL' };
  }
  if (url.pathname !== bridgePath) return { ok: false, status: 404, reason: 'not the bridge path' };
  if (!hostMatches(request.headers.host, expected.origin)) return { ok: false, status: 403, reason: 'foreign Host header' };
  if (request.headers.origin !== expected.origin) return { ok: false, status: 403, reason: 'foreign or missing Origin' };
  if (!tokensEqual(url.searchParams.get('token'), expected.token)) return { ok: false, status: 401, reason: 'missing or wrong token' };
  return { ok: true };
}

/** The Host header must name this host exactly, so DNS rebinding cannot reach it. */
export function hostMatches(host: string | undefined, origin: string): boolean {
  return host !== undefined && host === new URL(origin).host;
}

function tokensEqual(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
