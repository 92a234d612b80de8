import { afterEach, describe, expect, it } from 'vitest';
import { sessionCore } from './helpers/session-core';

let harness: ReturnType<typeof sessionCore> | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const keycloak = { kind: 'keycloak', baseUrl: 'http://127.0.0.1:9', realm: 'staff', clientId: 'kiosk', clientSecretRef: 'keycloak', webauthn: { rpId: 'example.com', origin: 'https://example.com' } };

describe('app.info: the mode as the config decided it, the IdP as its connector names itself', () => {
  it('training: the built-in IdP under the name the journey shows', async () => {
    const h = (harness = sessionCore({}, {}, { unlocked: false }));
    const info = await h.call('app.info', {});
    expect({ mode: info.mode, training: info.training, idp: info.idp }).toEqual({ mode: 'training', training: true, idp: { kind: 'training', label: h.core.idp.label } });
    expect(info.idp.label).toBe('Training IdP (built in) — TRAINING');
  });

  it('production: a configured label, else the connector’s own name for the IdP', async () => {
    const labelled = (harness = sessionCore({ idp: { ...keycloak, label: 'Example Corp sign-in' } } as never, {}, { unlocked: false }));
    expect(await labelled.call('app.info', {})).toMatchObject({ mode: 'production', training: false, idp: { kind: 'keycloak', label: 'Example Corp sign-in' } });
    await labelled.close();

    const unlabelled = (harness = sessionCore({ idp: keycloak } as never, {}, { unlocked: false }));
    expect((await unlabelled.call('app.info', {})).idp).toEqual({ kind: 'keycloak', label: 'Keycloak (staff)' });
  });
});
