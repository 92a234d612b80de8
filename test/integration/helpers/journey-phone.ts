import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { registerWithVirtualKey } from '../../fakes/virtual-key';

/**
 * The attendee's "phone" without a browser: opens the training enrollment page, asks it for
 * creation options, lets a virtual authenticator of its own (not the kiosk's backup key)
 * register with the page's origin, and posts the result back, as the page's script does.
 */
export async function enrollWithPhone(url: string): Promise<{ page: string; verify: Response }> {
  const page = await fetch(url);
  const html = await page.text();
  if (page.status !== 200) return { page: html, verify: page };
  const options = await (await fetch(`${url}/options`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json();
  const response: RegistrationResponseJSON = await registerWithVirtualKey({ options, origin: new URL(url).origin });
  const verify = await fetch(`${url}/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ response }) });
  return { page: html, verify };
}
