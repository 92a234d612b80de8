import { describe, expect, it } from 'vitest';
import { checkBridgeUpgrade } from '../../electron/web/upgrade-check';

const origin = 'http://127.0.0.1:4123';
const token = 'per-start-token-0123456789abcdef';
const good = { url: `/bridge?token=${token}`, headers: { host: '127.0.0.1:4123', origin } };

describe('web host bridge upgrade check', () => {
  it('lets the host’s own page in with the token', () => {
    expect(checkBridgeUpgrade(good, { origin, token })).toEqual({ ok: true });
  });

  it('refuses another path with 404', () => {
    expect(checkBridgeUpgrade({ ...good, url: `/other?token=${token}` }, { origin, token })).toMatchObject({ ok: false, status: 404 });
  });

  it('refuses a missing, empty, shorter, longer or different token with 401', () => {
    for (const url of ['/bridge', '/bridge?token=', `/bridge?token=${token.slice(1)}`, `/bridge?token=${token}x`, `/bridge?token=${token.toUpperCase()}`]) {
      expect(checkBridgeUpgrade({ ...good, url }, { origin, token }), url).toMatchObject({ ok: false, status: 401 });
    }
  });

  it('refuses a foreign, missing or look-alike Origin with 403', () => {
    for (const bad of [undefined, 'null', 'http://evil.example', 'http://localhost:4123', 'http://127.0.0.1:4124', 'https://127.0.0.1:4123', `${origin}.evil.example`]) {
      expect(checkBridgeUpgrade({ ...good, headers: { ...good.headers, origin: bad } }, { origin, token }), String(bad)).toMatchObject({ ok: false, status: 403 });
    }
  });

  it('refuses a rebound Host header with 403 even with the right Origin and token', () => {
    expect(checkBridgeUpgrade({ ...good, headers: { ...good.headers, host: 'rebind.example:4123' } }, { origin, token })).toMatchObject({ ok: false, status: 403 });
  });
});
