import { describe, expect, it } from 'vitest';
import { checkPin, describeViolation, effectiveMinLength } from '../../electron/core/fido/keys/pin-policy';
import { englishText } from '../../shared/contract/messages';

const policy = { keyMinLength: 4, kioskMinLength: 6 };

describe('security key PIN policy', () => {
  it('the minimum is the larger of the key minPINLength and the kiosk minimum', () => {
    expect(effectiveMinLength({ keyMinLength: 4, kioskMinLength: 6 })).toBe(6);
    expect(effectiveMinLength({ keyMinLength: 8, kioskMinLength: 6 })).toBe(8);
    expect(checkPin('83917', policy)).toEqual({ rule: 'tooShort', minLength: 6 });
    expect(checkPin('8391725', { keyMinLength: 8, kioskMinLength: 6 })).toEqual({ rule: 'tooShort', minLength: 8 });
    expect(englishText(describeViolation({ rule: 'tooShort', minLength: 8 }))).toBe('The PIN needs at least 8 characters.');
  });

  it('counts code points for the minimum and UTF-8 bytes for the 63-byte maximum', () => {
    expect(checkPin('äöüßéè', policy)).toBeNull();
    expect(checkPin('7'.repeat(4) + 'ü'.repeat(30), policy)).toEqual({ rule: 'tooLong', maxBytes: 63 });
    expect(checkPin('8'.repeat(3) + 'ü'.repeat(30), policy)).toBeNull();
  });

  it.each(['000000', '111111', '666666', '99999999', 'aaaaaa'])('refuses the repeated PIN %s', (pin) => {
    expect(checkPin(pin, policy)).toEqual({ rule: 'repeated' });
  });

  it.each(['123456', '654321', '1234567', '12345678', '345678', '987654', '890123', 'abcdef'])('refuses the sequence %s', (pin) => {
    expect(checkPin(pin, policy)).toEqual({ rule: 'sequence' });
  });

  it.each(['121212', '123123', '112233', '159753', '147258', 'password', 'Passwort', '12341234', '696969'])('refuses the common PIN %s', (pin) => {
    expect(checkPin(pin, policy)).toEqual({ rule: 'common' });
  });

  it.each(['583920', '271828', '9z!k3Lm', '40913377', 'Korbinian-7'])('accepts %s', (pin) => {
    expect(checkPin(pin, policy)).toBeNull();
  });
});
