import { KioskError } from '../../../../shared/contract/errors';
import { message } from '../../../../shared/contract/messages';
import type { RosterEncoding } from '../../../../shared/domain/session';

export interface DecodedRoster {
  text: string;
  encoding: RosterEncoding;
}

/** Bytes Windows-1252 leaves undefined; decoders turn them into C1 controls, which no roster holds. */
const UNDEFINED_IN_WINDOWS_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/**
 * Windows-1252's characters for bytes 0x80–0x9F (€, „, “ and the like); above and below, it is
 * Latin-1. A table, because Node's TextDecoder('windows-1252') decodes as Latin-1 and would turn
 * € into the control character U+0080. The undefined bytes keep their slot; they are refused first.
 */
const WINDOWS_1252_0X80_TO_0X9F = String.fromCharCode(
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
);

/**
 * A well-formed UTF-8 sequence of two to four bytes, matched on the bytes read as Latin-1.
 * Windows-1252 text almost never holds one ("Ã¼" is not a name), so a file that does was written
 * as UTF-8 and damaged; reading it as Windows-1252 would turn its letters into such pairs.
 */
const UTF8_SEQUENCE = /[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}/;

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line += 1;
  return line;
}

/** The line of the first byte sequence that is not valid in the encoding, for the refusal. */
function firstUndecodableLine(label: string, bytes: Uint8Array): number {
  const lenient = new TextDecoder(label).decode(bytes);
  return lineAt(lenient, lenient.indexOf('\uFFFD'));
}

/**
 * Decodes with a byte order mark that names the encoding. The decoder is fatal: a byte that does
 * not fit is refused with its line, never replaced, so no name is imported with a letter lost.
 */
function decodeMarked(bytes: Uint8Array, label: 'utf-8' | 'utf-16le' | 'utf-16be', name: string): string {
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    const line = firstUndecodableLine(label, bytes);
    throw new KioskError('roster_invalid', message('roster.file.brokenEncoding', { encoding: name, line }), { encoding: label, line });
  }
}

function notText(): KioskError {
  return new KioskError('roster_invalid', message('roster.file.notText'));
}

/**
 * Reads bytes without a byte order mark that are not UTF-8 as Windows-1252, the "ANSI" that Excel
 * on Western European Windows saves (Latin-1 is a subset). Refuses what it cannot read faithfully.
 */
function decodeWindows1252(bytes: Uint8Array): string {
  if (bytes.includes(0)) throw notText();
  const undefinedAt = bytes.findIndex((byte) => UNDEFINED_IN_WINDOWS_1252.has(byte));
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  if (undefinedAt !== -1) {
    const byte = `0x${bytes[undefinedAt]!.toString(16).toUpperCase()}`;
    const line = lineAt(latin1, undefinedAt);
    throw new KioskError('roster_invalid', message('roster.file.unknownBytes', { byte, line }), { byte, line });
  }
  const utf8 = UTF8_SEQUENCE.exec(latin1);
  if (utf8) {
    const utf8Line = lineAt(latin1, utf8.index);
    const brokenLine = firstUndecodableLine('utf-8', bytes);
    throw new KioskError('roster_invalid', message('roster.file.mixedEncodings', { utf8Line, brokenLine }), { utf8Line, brokenLine });
  }
  return latin1.replace(/[\x80-\x9f]/g, (char) => WINDOWS_1252_0X80_TO_0X9F[char.charCodeAt(0) - 0x80]!);
}

/**
 * Decodes a roster file as HR systems and spreadsheets write it: UTF-8 with or without a byte
 * order mark, UTF-16 with one (Excel's "Unicode text"), or Windows-1252 when the bytes are not
 * UTF-8. A file whose first line holds NUL is not text in any of these (or is UTF-16 without a mark).
 */
export function decodeRosterBytes(bytes: Uint8Array): DecodedRoster {
  let decoded: DecodedRoster;
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) decoded = { text: decodeMarked(bytes, 'utf-8', 'UTF-8'), encoding: 'utf-8-bom' };
  else if (startsWith(bytes, [0xff, 0xfe])) decoded = { text: decodeMarked(bytes, 'utf-16le', 'UTF-16'), encoding: 'utf-16le' };
  else if (startsWith(bytes, [0xfe, 0xff])) decoded = { text: decodeMarked(bytes, 'utf-16be', 'UTF-16'), encoding: 'utf-16be' };
  else {
    try {
      decoded = { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
    } catch {
      decoded = { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
    }
  }
  const firstLine = decoded.text.slice(0, decoded.text.search(/[\r\n]|$/));
  if (firstLine.includes('\0')) throw notText();
  return decoded;
}
