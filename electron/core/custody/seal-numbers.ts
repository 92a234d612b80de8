import { KioskError } from '../../../shared/contract/errors';
import { message } from '../../../shared/contract/messages';
import type { EnvelopesRepository } from '../store/envelopes-repository';
import type { SealNumberSequencesRepository } from '../store/seal-number-sequences-repository';
import { compact, looksLikeCode } from './envelope-code';
import type { EnvelopesConfig } from './envelopes-config-schema';

const MAX_LENGTH = 32;

/**
 * A seal number as typed or scanned from a pre-numbered envelope, in the one form it is kept
 * and looked up in: letters and digits, upper case ("k-001 234" is K001234).
 */
export function typedSealNumber(raw: string): string {
  const sealNumber = compact(raw);
  if (sealNumber.length === 0 || sealNumber.length > MAX_LENGTH) {
    throw new KioskError('invalid_input', message('custody.sealNumberInvalid', { max: MAX_LENGTH, sealNumber: raw.slice(0, 40) }), { sealNumber: raw.slice(0, 40) });
  }
  if (looksLikeCode(sealNumber)) {
    throw new KioskError('invalid_input', message('custody.sealNumberLooksLikeCode', { sealNumber: raw.slice(0, 40) }), {
      sealNumber: raw.slice(0, 40),
    });
  }
  return sealNumber;
}

/**
 * The next free number of the configured sequence; call inside the seal's transaction so the
 * number and the envelope commit together. Numbers a facilitator typed are skipped, and a
 * start raised in the config moves the sequence ahead.
 */
export function nextSealNumber(config: EnvelopesConfig['sealNumbers'], sequences: SealNumberSequencesRepository, envelopes: EnvelopesRepository): string {
  const format = (n: number) => `${config.prefix}${String(n).padStart(config.digits, '0')}`;
  let n = Math.max(sequences.next(config.prefix) ?? config.start, config.start);
  while (envelopes.bySealNumber(format(n))) n += 1;
  sequences.setNext(config.prefix, n + 1);
  return format(n);
}
