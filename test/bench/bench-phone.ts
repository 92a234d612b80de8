import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { createSocketBackend } from '../../electron/core/fido/hid/socket-backend';
import { AaguidCatalog } from '../../electron/core/fido/keys/aaguid-catalog';
import { KeyService } from '../../electron/core/fido/keys/key-service';
import type { RegistrationOptionsJSON } from '../../electron/core/fido/keys/registration-plan';
import { startVirtualAuthenticatorServer, VirtualAuthenticator } from '../../electron/core/fido/virtual';

const PIN = '482915';

/**
 * The attendee's phone for the bench, as test/integration/helpers/journey-phone.ts plays it
 * (open the training enrollment page, ask for options, register, post the answer back), with
 * a virtual authenticator of its own. Its own file because journey-phone's authenticator
 * (test/fakes/virtual-key.ts) registers vitest hooks, which cannot load outside vitest.
 */
export async function startBenchPhone(): Promise<{ enroll(url: string): Promise<void>; close(): Promise<void> }> {
  // Room for every attendee's passkey: the bench's one phone stands in for all their phones.
  const server = await startVirtualAuthenticatorServer({ authenticator: new VirtualAuthenticator({ maxDiscoverableCredentials: 1000 }) });
  const keys = new KeyService({ backend: createSocketBackend({ port: server.port }), catalog: AaguidCatalog.curated(), kioskMinPinLength: 6 });
  const [device] = await keys.list();
  if (!device) throw new Error('the phone authenticator is not listed');
  await keys.setPin(device.path, PIN);
  const post = async (url: string, body: unknown) => {
    const reply = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!reply.ok) throw new Error(`${url} answered ${reply.status}: ${await reply.text()}`);
    return reply.json() as Promise<unknown>;
  };
  return {
    async enroll(url) {
      const page = await fetch(url);
      if (!page.ok) throw new Error(`the enrollment page answered ${page.status}`);
      await page.text();
      const options = (await post(`${url}/options`, {})) as RegistrationOptionsJSON;
      const response: RegistrationResponseJSON = await keys.registerOnBehalf({ path: device.path, options, origin: new URL(url).origin, pin: PIN });
      await post(`${url}/verify`, { response });
    },
    close: () => server.close(),
  };
}
