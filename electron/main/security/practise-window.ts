import type { KioskMode } from '../../../shared/domain/mode';

/**
 * The one page a kiosk window may open: the training IdP's practice page, which the kiosk
 * serves itself on localhost ("practise on this screen"). Only in training mode; anything
 * else stays denied.
 */
export function isPractisePage(url: string, mode: KioskMode): boolean {
  if (mode !== 'training' || !URL.canParse(url)) return false;
  const parsed = new URL(url);
  return parsed.protocol === 'http:' && parsed.hostname === 'localhost' && /^\/enroll\/[A-Za-z0-9_-]+$/.test(parsed.pathname) && parsed.search === '' && parsed.hash === '';
}
