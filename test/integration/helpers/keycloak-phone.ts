import { registerWithVirtualKey } from '../../fakes/virtual-key';

/**
 * The attendee's phone at the Keycloak fake, without a browser: opens the link the kiosk
 * showed (the account console), signs in with the username as the fake's form asks, and does
 * what the passkey page's script does: asks for creation options, lets a virtual
 * authenticator of its own (the phone's, never the kiosk's backup key) register with the
 * page's origin, and posts the answer back, where the fake verifies it and stores the passkey.
 */
export async function createPasskeyAtKeycloakFake(link: string, username: string): Promise<void> {
  const origin = new URL(link).origin;
  const signInPage = await expectOk(await fetch(link), 'the account console');
  const action = attribute(signInPage, 'form', 'action');
  const signedIn = await fetch(new URL(action, origin), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username }).toString(),
    redirect: 'manual',
  });
  const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const location = signedIn.headers.get('location');
  if (signedIn.status !== 303 || !cookie || !location) throw new Error(`signing in as ${username} answered ${signedIn.status}`);
  const page = await expectOk(await fetch(new URL(location, origin), { headers: { cookie } }), 'the passkey page');
  const post = async (path: string, body: unknown) =>
    expectOk(await fetch(new URL(path, origin), { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) }), path);
  const options = JSON.parse(await post(attribute(page, 'button', 'data-options'), {})) as Parameters<typeof registerWithVirtualKey>[0]['options'];
  const response = await registerWithVirtualKey({ options, origin });
  await post(attribute(page, 'button', 'data-verify'), { response });
}

async function expectOk(reply: Response, what: string): Promise<string> {
  const text = await reply.text();
  if (!reply.ok) throw new Error(`${what} answered ${reply.status}: ${text.slice(0, 300)}`);
  return text;
}

function attribute(html: string, tag: string, name: string): string {
  const value = new RegExp(`<${tag}\\b[^>]*\\s${name}="([^"]+)"`).exec(html)?.[1];
  if (!value) throw new Error(`the page has no <${tag} ${name}>`);
  return value.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}
