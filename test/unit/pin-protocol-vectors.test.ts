import { createECDH } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { paddedPin, pinHash } from '../../electron/core/fido/ctap2/client-pin';
import { coseEcdhKeyFromMap, pinProtocolOne, pinProtocolTwo } from '../../electron/core/fido/pin/pin-protocol';

/**
 * PIN/UV auth protocol 1 facts published in python-fido2's test suite
 * (test/test_ctap2.py, TestPinProtocolV1): a fixed platform key, the key's agreement key, the
 * shared secret they give, and the encrypted values for PIN "1234" (and change to "4321").
 */
const hex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));
const V = {
  platformPrivate: hex('7452e599fee739d8a653f6a507343d12d382249108a651402520b72f24fe7684'),
  platformX: hex('44D78D7989B97E62EA993496C9EF6E8FD58B8B00715F9A89153DDD9C4657E47F'),
  platformY: hex('EC802EE7D22BD4E100F12E48537EB4E7E96ED3A47A0A3BD5F5EEAB65001664F9'),
  deviceX: hex('0501D5BC78DA9252560A26CB08FCC60CBE0B6D3B8E1D1FCEE514FAC0AF675168'),
  deviceY: hex('D551B3ED46F665731F95B4532939C25D91DB7EB844BD96D4ABD4083785F8DF47'),
  shared: hex('c42a039d548100dfba521e487debcbbb8b66bb7496f8b1862a7a395ed83e1a1c'),
  tokenEnc: hex('7A9F98E31B77BE90F9C64D12E9635040'),
  token: hex('aff12c6dcfbf9df52f7a09211e8865cd'),
  pinHashEnc1234: hex('afe8327ce416da8ee3d057589c2ce1a9'),
  setPinNewPinEnc: hex('0222fc42c6dd76a274a7057858b9b29d98e8a722ec2dc6668476168c5320473cec9907b4cd76ce7943c96ba5683943211d84471e64d9c51e54763488cd66526a'),
  setPinAuth: hex('7b40c084ccc5794194189ab57836475f'),
  changePinNewPinEnc: hex('4280e14aac4fcbf02dd079985f0c0ffc9ea7d5f9c173fd1a4c843826f7590cb3c2d080c6923e2fe6d7a52c31ea1309d3fcca3dedae8a2ef14b6330cafc79339e'),
  changePinAuth: hex('fb97e92f3724d7c85e001d7f93e6490a'),
};

describe('PIN protocol 1 reproduces python-fido2 published vectors', () => {
  it('derives the platform public key and the shared secret SHA-256(ECDH x)', () => {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(V.platformPrivate);
    const pub = ecdh.getPublicKey();
    expect(new Uint8Array(pub.subarray(1, 33))).toEqual(V.platformX);
    expect(new Uint8Array(pub.subarray(33, 65))).toEqual(V.platformY);
    const deviceKey = coseEcdhKeyFromMap(new Map<number, unknown>([[1, 2], [3, -25], [-1, 1], [-2, V.deviceX], [-3, V.deviceY]]));
    const z = ecdh.computeSecret(Buffer.concat([Buffer.of(4), deviceKey.x, deviceKey.y]));
    expect(pinProtocolOne.kdf(new Uint8Array(z))).toEqual(V.shared);
  });

  it('getPinToken: pinHashEnc of "1234" and the decrypted token', () => {
    expect(pinProtocolOne.encrypt(V.shared, pinHash('1234'))).toEqual(V.pinHashEnc1234);
    expect(pinProtocolOne.decrypt(V.shared, V.tokenEnc)).toEqual(V.token);
  });

  it('setPIN: newPinEnc of the 64-byte padded PIN and pinUvAuthParam over it', () => {
    const newPinEnc = pinProtocolOne.encrypt(V.shared, paddedPin('1234'));
    expect(newPinEnc).toEqual(V.setPinNewPinEnc);
    expect(pinProtocolOne.authenticate(V.shared, newPinEnc)).toEqual(V.setPinAuth);
    expect(pinProtocolOne.verify(V.shared, newPinEnc, V.setPinAuth)).toBe(true);
  });

  it('changePIN: pinUvAuthParam over newPinEnc || pinHashEnc', () => {
    const newPinEnc = pinProtocolOne.encrypt(V.shared, paddedPin('4321'));
    const pinHashEnc = pinProtocolOne.encrypt(V.shared, pinHash('1234'));
    expect(newPinEnc).toEqual(V.changePinNewPinEnc);
    expect(pinHashEnc).toEqual(V.pinHashEnc1234);
    expect(pinProtocolOne.authenticate(V.shared, new Uint8Array([...newPinEnc, ...pinHashEnc]))).toEqual(V.changePinAuth);
  });

  it('refuses a PIN longer than 63 UTF-8 bytes before anything is sent', () => {
    expect(() => paddedPin('1'.repeat(64))).toThrowError(expect.objectContaining({ name: 'CTAP2_ERR_PIN_POLICY_VIOLATION' }));
    expect(() => paddedPin('é'.repeat(32))).toThrow();
    expect(paddedPin('é'.repeat(31)).length).toBe(64);
  });
});

describe('PIN protocol 2 round trip (CTAP 2.1 section 6.5.7)', () => {
  it('HKDF splits Z into HMAC and AES keys; encrypt prepends a random IV; authenticate is full HMAC', () => {
    const secret = pinProtocolTwo.kdf(V.shared);
    expect(secret.length).toBe(64);
    expect(secret.subarray(0, 32)).not.toEqual(secret.subarray(32));
    const plaintext = paddedPin('4321');
    const a = pinProtocolTwo.encrypt(secret, plaintext);
    const b = pinProtocolTwo.encrypt(secret, plaintext);
    expect(a.length).toBe(80);
    expect(a).not.toEqual(b);
    expect(pinProtocolTwo.decrypt(secret, a)).toEqual(plaintext);
    const mac = pinProtocolTwo.authenticate(secret, a);
    expect(mac.length).toBe(32);
    expect(pinProtocolTwo.verify(secret, a, mac)).toBe(true);
    expect(pinProtocolTwo.verify(secret, b, mac)).toBe(false);
  });
});
