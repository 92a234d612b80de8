/**
 * How long the values a person types or a roster brings may be, where they are kept, shown and
 * printed. Each limit is one constant, used by the roster, the contract, the print documents
 * and the forms alike, so a value one of them takes is never refused by another (a name the
 * roster took once broke both printed documents). Lengths count as zod's .max does: UTF-16 units.
 */

/** Roster columns. */
export const GIVEN_NAME_MAX = 120;
export const FAMILY_NAME_MAX = 120;
/** RFC 5321's longest forward path. */
export const EMAIL_MAX = 254;
/** A roster department, and the session's (which attendees without one take). */
export const DEPARTMENT_MAX = 120;
export const MANAGER_MAX = 120;
/** A file name in the photos folder: the longest name most file systems allow. */
export const PHOTO_FILE_MAX = 255;

/** Given and family name with one space between them, as both documents print it. */
export const FULL_NAME_MAX = GIVEN_NAME_MAX + 1 + FAMILY_NAME_MAX;

/** A session's room, as the facilitator types it. */
export const ROOM_MAX = 120;
export const PLANNED_MINUTES_MIN = 5;
export const PLANNED_MINUTES_MAX = 240;

/** A facilitator's (or IT's, or helpdesk's) name on their key: the label prints it as the facilitator. */
export const PERSON_NAME_MAX = 120;

/** A seal number as typed or scanned from a pre-numbered envelope (trimmed), and as the label prints it. */
export const SEAL_NUMBER_MAX = 32;
/** A badge or an envelope's code, as a reader types it or a person keys it in. */
export const SCANNED_CODE_MAX = 200;
/** A note or a reason a person types (identity check, rejection, custody move, reprint, discard, skip). */
export const NOTE_MAX = 500;

/** CTAP 2.1 PINs: at least 4 characters, at most 63 bytes of UTF-8; the kiosk's PIN policy says the rest. */
export const PIN_MIN = 4;
export const PIN_MAX = 63;

/** The most keys one delivery records at once: a typo of 1000 for 10 is refused, not counted. */
export const KEYS_RECEIVED_MAX = 500;
/** A security key's model name (the AAGUID catalog's or the FIDO MDS's). */
export const KEY_MODEL_MAX = 120;
/** A backup credential's short fingerprint, e.g. "8BE3 9858". */
export const FINGERPRINT_MAX = 40;
/** The IdP's name as people know it; the recovery sheet prints it. */
export const IDP_LABEL_MAX = 80;

/**
 * Text longer than its limit, cut to the limit with "…" as its last character. Only for values
 * from outside every form and roster (a key model from the FIDO MDS, say): what those accept
 * is never longer than the limit, so it is never cut.
 */
export function cutToLimit(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
