import { z } from 'zod';
import { cutToLimit } from '../../../shared/domain/limits';

/**
 * A descriptive value for a document (a name, a department, a key model): trimmed, required,
 * and cut with "…" past its limit instead of refused, so a print never fails on it. Values
 * that identify something (seal number, fingerprint, custody code) are never cut: their
 * schemas refuse what is too long.
 */
export const printedText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .transform((text) => cutToLimit(text, max));
