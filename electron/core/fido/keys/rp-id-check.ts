import { isIP } from 'node:net';
import { KioskError } from '../../../../shared/contract/errors';
import { message } from '../../../../shared/contract/messages';

/**
 * The RP ID a browser at `origin` would accept (WebAuthn L3 section 5.1.3 step 8, HTML "is a
 * registrable domain suffix of or is equal to"): the origin's host itself, or a parent domain of
 * it that is not an IP address and not a bare single-label name (com) other than localhost.
 * The origin must be https, or http on localhost. Without the Public Suffix List this does not
 * refuse multi-label public suffixes (co.uk, github.io), which a browser would.
 */
export function claimableRpId(origin: string, requested: string | undefined): string {
  const host = originHost(origin);
  const rpId = requested ?? host;
  const candidate = rpId.toLowerCase();
  if (candidate === host) return rpId;
  const hostIsIp = isIP(host.replace(/^\[|\]$/g, '')) !== 0;
  const parentDomain = host.endsWith(`.${candidate}`) && (candidate.includes('.') || candidate === 'localhost');
  if (!hostIsIp && isIP(candidate) === 0 && parentDomain) return rpId;
  throw new KioskError('invalid_input', message('key.rpIdNotAllowed', { rpId, origin, host }), { rpId, origin });
}

function originHost(origin: string): string {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new KioskError('invalid_input', message('key.originNotUrl', { origin }));
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && url.hostname === 'localhost');
  if (!secure) throw new KioskError('invalid_input', message('key.originNotHttps', { origin }), { origin });
  return url.hostname;
}
