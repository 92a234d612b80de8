import { message, type Message } from '../../../../shared/contract/messages';
import { BADGE_ID_PATTERN, BADGE_MAX_LENGTH, BADGE_MIN_LENGTH } from '../roster/roster-row-schema';

export type BadgeRead = { ok: true; badgeId: string } | { ok: false; reason: Message };

/**
 * Characters readers put around the number: magnetic-stripe sentinels (`;` start, `?` end,
 * `%` track 1) and whitespace including the Enter the reader "types" at the end.
 */
const NOISE_AT_ENDS = /^[\s;%?]+|[\s;%?]+$/g;

/**
 * Turns what a badge reader (or a person) typed into a badge id, or says why the read is
 * garbled. Only the ends are cleaned: a stray character in the middle means the read itself
 * is bad, and guessing would risk checking in the wrong person.
 */
export function readBadge(raw: string): BadgeRead {
  const cleaned = raw.replace(NOISE_AT_ENDS, '');
  if (cleaned === '') return { ok: false, reason: message('badge.nothingRead') };
  if (/[\r\n]/.test(cleaned)) return { ok: false, reason: message('badge.twoReads') };
  if (!BADGE_ID_PATTERN.test(cleaned)) return { ok: false, reason: message('badge.badCharacters') };
  if (cleaned.length < BADGE_MIN_LENGTH) return { ok: false, reason: message('badge.tooShort', { length: cleaned.length }) };
  if (cleaned.length > BADGE_MAX_LENGTH) return { ok: false, reason: message('badge.tooLong', { length: cleaned.length }) };
  return { ok: true, badgeId: cleaned.toUpperCase() };
}

/**
 * When a well-formed read matches no roster entry, it may still be a reader fault: the same
 * badge sent twice in a row ("12341234") or a read cut short (a prefix of a roster badge).
 * Those are reported as garbled rather than unknown, so staff scan again instead of turning
 * the attendee away. An exact roster match always wins over this check.
 */
export function explainNearMiss(badgeId: string, roster: ReadonlySet<string>): Message | null {
  for (let size = 1; size <= badgeId.length / 2; size += 1) {
    if (badgeId.length % size !== 0) continue;
    const unit = badgeId.slice(0, size);
    if (unit.repeat(badgeId.length / size) === badgeId && roster.has(unit)) {
      return message('badge.readTwice');
    }
  }
  for (const known of roster) {
    if (known.length > badgeId.length && known.startsWith(badgeId)) {
      return message('badge.cutShort');
    }
  }
  return null;
}
