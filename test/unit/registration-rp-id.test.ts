import { describe, expect, it } from 'vitest';
import { encodeCbor } from '../../electron/core/fido/cbor/cbor';
import { decodeResponse } from '../../electron/core/fido/ctap2/ctap2-transport';
import { parseGetInfo } from '../../electron/core/fido/ctap2/get-info';
import { planRegistration, type RegistrationOptionsJSON } from '../../electron/core/fido/keys/registration-plan';

const info = parseGetInfo(decodeResponse(new Uint8Array([0, ...encodeCbor(new Map<number, unknown>([[1, ['FIDO_2_1']], [3, new Uint8Array(16)], [4, new Map([['rk', true]])]]))]), 'getInfo'));

function plan(origin: string, rpId?: string) {
  const options: RegistrationOptionsJSON = {
    rp: rpId === undefined ? { name: 'Example' } : { id: rpId, name: 'Example' },
    user: { id: 'dXNlci0x', name: 'ada', displayName: 'Ada' },
    challenge: 'Y2hhbGxlbmdlLWNoYWxsZW5nZQ',
    pubKeyCredParams: [{ alg: -7, type: 'public-key' }],
  };
  return planRegistration(options, origin, info);
}

describe('the RP ID must be one a browser at the origin would accept (registrable suffix of the host, or the host)', () => {
  it.each([
    ['https://login.example.com', 'example.com'],
    ['https://login.example.com', 'login.example.com'],
    ['https://a.b.example.com:8443', 'b.example.com'],
    ['http://localhost:5173', 'localhost'],
    ['https://app.localhost', 'localhost'],
    ['https://192.168.1.5', '192.168.1.5'],
    ['https://intranet', 'intranet'],
  ])('%s may use %s', (origin, rpId) => {
    expect(plan(origin, rpId).rpId).toBe(rpId);
  });

  it('without an RP ID the origin host is used', () => {
    expect(plan('https://login.example.com').rpId).toBe('login.example.com');
  });

  it.each([
    ['https://login.example.com', 'evil.example.net', 'another site'],
    ['https://login.example.com', 'ample.com', 'a string suffix that is no parent domain'],
    ['https://login.example.com', 'com', 'a bare top-level domain'],
    ['https://login.example.com', 'sub.login.example.com', 'a child domain'],
    ['https://example.com.evil.net', 'example.com', 'a look-alike host'],
    ['https://192.168.1.5', '168.1.5', 'a part of an IP address'],
    ['https://10.0.0.1', '10.0.0.2', 'another IP address'],
    ['http://login.example.com', 'example.com', 'plain http off localhost'],
    ['ftp://login.example.com', 'example.com', 'a scheme that is not http(s)'],
    ['not a url', 'example.com', 'an origin that is no URL'],
  ])('%s may not use %s (%s): invalid_input', (origin, rpId) => {
    expect(() => plan(origin, rpId)).toThrowError(expect.objectContaining({ code: 'invalid_input' }));
  });

  it('the message names the RP ID and the origin', () => {
    expect(() => plan('https://login.example.com', 'evil.example.net')).toThrowError(
      expect.objectContaining({ message: expect.stringMatching(/"evil\.example\.net".*https:\/\/login\.example\.com/) }),
    );
  });
});
