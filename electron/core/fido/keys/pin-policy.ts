import { message, type Message } from '../../../../shared/contract/messages';
/**
 * What the kiosk accepts as a new security-key PIN. The key enforces its own minimum; we add
 * the kiosk's minimum and refuse PINs an attacker would try first (the key allows only 8 tries).
 */
export interface PinPolicyInput {
  /** The key's minPINLength from getInfo (code points). */
  keyMinLength: number;
  /** config.security.minPinLength. */
  kioskMinLength: number;
}

export type PinPolicyViolation =
  | { rule: 'tooShort'; minLength: number }
  | { rule: 'tooLong'; maxBytes: number }
  | { rule: 'repeated' }
  | { rule: 'sequence' }
  | { rule: 'common' };

export const MAX_PIN_BYTES = 63;

/**
 * Most-used PINs from published PIN-frequency studies (4-8 digits) and password-like words.
 * Repeated and sequential digits are caught by rules, so they are not listed again here.
 */
const COMMON_PINS = new Set([
  '121212', '123123', '112233', '159753', '147258', '258369', '753951', '131313', '102030', '101010',
  '696969', '520520', '112211', '123321', '110110', '212121', '232323', '252525', '159357', '147852',
  '1212', '1004', '2000', '6969', '1122', '1313', '2001', '1010', '1122334', '11223344', '12121212',
  '12341234', '1234512345', '123654', '789456', '456123', '741852', '963852', '147369', '198888', '199999',
  '202020', '007007', '420420', '1357', '2468', '13579', '24680', '135790', '246810', '19701970',
  'password', 'passwort', 'qwerty', 'qwertz', 'azerty', 'letmein', 'welcome', 'iloveyou', 'admin',
  'secret', 'geheim', 'abc123', 'pass', 'pin', 'security', 'yubikey', 'fido', 'changeme', 'monkey',
  'dragon', 'football', 'master', 'sunshine', 'abcdef', 'abcd', 'asdf', 'asdfgh', 'zxcvbn',
]);

export function effectiveMinLength(input: PinPolicyInput): number {
  return Math.max(input.keyMinLength, input.kioskMinLength, 4);
}

/** Returns the first rule the PIN breaks, or null when it is acceptable. */
export function checkPin(pin: string, input: PinPolicyInput): PinPolicyViolation | null {
  const minLength = effectiveMinLength(input);
  const codePoints = [...pin];
  if (codePoints.length < minLength) return { rule: 'tooShort', minLength };
  if (new TextEncoder().encode(pin).length > MAX_PIN_BYTES) return { rule: 'tooLong', maxBytes: MAX_PIN_BYTES };
  if (codePoints.every((c) => c === codePoints[0])) return { rule: 'repeated' };
  if (isSequence(pin)) return { rule: 'sequence' };
  if (COMMON_PINS.has(pin.toLowerCase()) || isRepeatedChunk(pin)) return { rule: 'common' };
  return null;
}

/** 123456, 654321, 7890 (wrapping), abcdef: every step +1 or every step -1. */
function isSequence(pin: string): boolean {
  if (!/^(\d+|[a-z]+|[A-Z]+)$/.test(pin)) return false;
  const digits = /^\d+$/.test(pin);
  const steps = new Set<number>();
  for (let i = 1; i < pin.length; i++) {
    let step = pin.charCodeAt(i) - pin.charCodeAt(i - 1);
    if (digits) step = ((step % 10) + 10) % 10;
    steps.add(step);
  }
  if (steps.size !== 1) return false;
  const [step] = [...steps];
  return digits ? step === 1 || step === 9 : step === 1 || step === -1;
}

/** 121212, 123123, 12341234: a short chunk repeated to fill the PIN. */
function isRepeatedChunk(pin: string): boolean {
  for (let size = 1; size <= pin.length / 2; size++) {
    if (pin.length % size !== 0) continue;
    if (pin.slice(0, size).repeat(pin.length / size) === pin) return true;
  }
  return false;
}

export function describeViolation(violation: PinPolicyViolation): Message {
  switch (violation.rule) {
    case 'tooShort':
      return message('key.pinTooShort', { min: violation.minLength });
    case 'tooLong':
      return message('key.pinTooLong', { max: violation.maxBytes });
    case 'repeated':
      return message('key.pinRepeated');
    case 'sequence':
      return message('key.pinSequence');
    case 'common':
      return message('key.pinCommon');
  }
}
