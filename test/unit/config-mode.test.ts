import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../electron/core/app/load-config';
import { kioskConfigSchema } from '../../electron/core/config/schema';

const keycloak = (baseUrl: string) => ({
  kind: 'keycloak',
  baseUrl,
  realm: 'staff',
  clientId: 'kiosk',
  clientSecretRef: 'kc',
  webauthn: { rpId: new URL(baseUrl).hostname, origin: baseUrl },
});

function problems(config: unknown): string[] {
  const result = kioskConfigSchema.safeParse(config);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('the kiosk mode, decided once from the config', () => {
  it('is training with the virtual key when nothing is configured', () => {
    expect(kioskConfigSchema.parse({})).toMatchObject({ mode: 'training', keys: { backend: 'virtual' } });
  });

  it('makes a real IdP without a keys block production with real keys: never the virtual key without a banner', () => {
    for (const idp of [
      keycloak('https://id.example.org'),
      { kind: 'entra', tenantId: 't', clientId: 'c', clientSecretRef: 's' },
      { kind: 'authentik', baseUrl: 'https://ak.example.org', apiTokenRef: 'a', keyFlowSlug: 'keys', webauthnOrigin: 'https://ak.example.org' },
    ]) {
      expect(kioskConfigSchema.parse({ idp })).toMatchObject({ mode: 'production', keys: { backend: 'hid' } });
    }
  });

  it('refuses the virtual key in production, naming the key', () => {
    expect(problems({ idp: keycloak('https://id.example.org'), keys: { backend: 'virtual' } })).toEqual([
      expect.stringMatching(/^keys\.backend: production mode refuses the virtual key/),
    ]);
    expect(() => parseConfig('mode: production\nkeys: { backend: virtual }\nidp: { kind: entra, tenantId: t, clientId: c, clientSecretRef: s }', 'yaml', 'kiosk.yaml')).toThrow(
      /keys\.backend: production mode refuses the virtual key/,
    );
  });

  it('refuses production with the training IdP', () => {
    expect(problems({ mode: 'production', keys: { backend: 'hid' } })).toEqual([expect.stringMatching(/^idp\.kind: production mode needs a real identity provider/)]);
  });

  it('never lets training reach a real IdP, but allows a test IdP on this machine', () => {
    expect(problems({ mode: 'training', idp: keycloak('https://id.example.org') })).toEqual([expect.stringMatching(/^mode: training mode never reaches a real identity provider, but https:\/\/id\.example\.org/)]);
    expect(problems({ mode: 'training', idp: { kind: 'entra', tenantId: 't', clientId: 'c', clientSecretRef: 's' } })).toEqual([expect.stringMatching(/login\.microsoftonline\.com/)]);
    expect(kioskConfigSchema.parse({ mode: 'training', idp: keycloak('http://localhost:8080') })).toMatchObject({ mode: 'training', keys: { backend: 'virtual' } });
    expect(kioskConfigSchema.parse({ mode: 'training', idp: keycloak('http://127.0.0.1:8080') }).mode).toBe('training');
  });

  it('normalises the AAGUID allow-list and refuses what is not an AAGUID', () => {
    expect(kioskConfigSchema.parse({ keys: { allowedAaguids: ['CB69481E-8FF7-4039-93EC-0A2729A154A8'] } }).keys.allowedAaguids).toEqual(['cb69481e-8ff7-4039-93ec-0a2729a154a8']);
    expect(problems({ keys: { allowedAaguids: ['yubikey'] } })).toEqual([expect.stringMatching(/^keys\.allowedAaguids\.0: an AAGUID looks like/)]);
  });

  it('refuses a production kiosk that would reach the fleet without TLS, naming the key', () => {
    const fleet = { host: 'db.example.com', database: 'kiosk_fleet', user: 'kiosk_a', passwordRef: 'fleet.password', kioskName: 'Room A', site: 'Berlin' };
    expect(problems({ idp: keycloak('https://id.example.org'), fleet })).toEqual([expect.stringMatching(/^fleet\.tls: production mode reaches the fleet only over TLS/)]);
    expect(problems({ idp: keycloak('https://id.example.org'), fleet: { ...fleet, tls: { mode: 'verify-full', caFile: '/etc/kiosk/fleet-ca.pem' } } })).toEqual([]);
    expect(problems({ fleet })).toEqual([]);
  });
});
