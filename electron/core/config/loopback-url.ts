import { isIP } from 'node:net';

interface UrlBearing {
  kind: string;
  [key: string]: unknown;
}

/** Every base URL an IdP config points the kiosk at (the keys ending in Url or Origin). */
export function idpUrls(idp: UrlBearing): string[] {
  const urls: string[] = [];
  const visit = (value: unknown, key: string) => {
    if (typeof value === 'string' && /(Url|Origin|origin)$/.test(key)) urls.push(value);
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, k);
  };
  for (const [key, value] of Object.entries(idp)) visit(value, key);
  return urls;
}

/** True for http(s) URLs on this machine only: localhost and the loopback addresses. */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return false;
  }
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1';
  return false;
}
