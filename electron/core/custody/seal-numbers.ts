import { KioskError } from '../../../shared/contract/errors';
import { message } from '../../../shared/contract/messages';
import { SEAL_NUMBER_MAX } from '../../../shared/domain/limits';
import type { EnvelopesRepository } from '../store/envelopes-repository';
import type { SealNumberSequencesRepository } from '../store/seal-number-sequences-repository';
import { compact, looksLikeCode } from './envelope-code';
import type { EnvelopesConfig } from './envelopes-config-schema';

/** A seal number as it is kept and printed, and the key it is looked up and kept unique by. */
export interface SealNumber {
  sealNumber: string;
  key: string;
}

/** Control, format and unassigned characters: a scanner's tab or a hidden direction mark would print as nothing, or as something else. */
const unprintable = /\p{C}/u;

/**
 * A seal number as typed or scanned from a pre-numbered envelope: kept and printed as typed
 * (trimmed), so the label says "E-004711" as the envelope does; looked up and kept unique by
 * its key, letters and digits in upper case ("e004711" finds it; "E 004711" is the same number).
 */
export function typedSealNumber(raw: string): SealNumber {
  const sealNumber = raw.trim();
  const key = sealNumberKey(sealNumber);
  const shown = raw.slice(0, 40);
  if (key.length === 0 || sealNumber.length > SEAL_NUMBER_MAX || unprintable.test(sealNumber)) {
    throw new KioskError('invalid_input', message('custody.sealNumberInvalid', { max: SEAL_NUMBER_MAX, sealNumber: shown }), { sealNumber: shown });
  }
  if (looksLikeCode(key)) throw new KioskError('invalid_input', message('custody.sealNumberLooksLikeCode', { sealNumber: shown }), { sealNumber: shown });
  return { sealNumber, key };
}

/**
 * The key of a seal number: letters and digits, upper case. Numbers kept before seal numbers were
 * kept as typed are already in this form, so they are their own key.
 */
export function sealNumberKey(sealNumber: string): string {
  return compact(sealNumber);
}

/**
 * The next free number of the configured sequence; call inside the seal's transaction so the
 * number and the envelope commit together. Numbers a facilitator typed are skipped, and a
 * start raised in the config moves the sequence ahead. Its numbers are their own key.
 */
export function nextSealNumber(config: EnvelopesConfig['sealNumbers'], sequences: SealNumberSequencesRepository, envelopes: EnvelopesRepository): SealNumber {
  const format = (n: number) => `${config.prefix}${String(n).padStart(config.digits, '0')}`;
  let n = Math.max(sequences.next(config.prefix) ?? config.start, config.start);
  while (envelopes.bySealKey(format(n))) n += 1;
  sequences.setNext(config.prefix, n + 1);
  return { sealNumber: format(n), key: format(n) };
}
