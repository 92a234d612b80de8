import { describe, expect, it } from 'vitest';
import { parseRoster } from '../../electron/core/session/roster/parse-roster';
import { KioskError } from '../../shared/contract/errors';

const opts = { defaultDepartment: 'Session Dept' };
const header = 'Badge ID,Given name,Family name,Email,Department,Manager';
const roster = `${header}\r\n1001,Jürgen,Müller,j.mueller@example.com,Einkauf,Zoë Brückner\r\n`;
const muller = { badgeId: '1001', givenName: 'Jürgen', familyName: 'Müller', department: 'Einkauf', manager: 'Zoë Brückner' };

const utf16le = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
const utf16be = (text: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
/** Windows-1252 and Latin-1 agree on every letter used here; Node writes them as 'latin1'. */
const windows1252 = (text: string) => Buffer.from(text, 'latin1');

/** A real 1×1 PNG, standing in for a photo chosen instead of the roster. */
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

function refusal(bytes: Uint8Array): KioskError {
  try {
    parseRoster(bytes, opts);
  } catch (error) {
    if (error instanceof KioskError) return error;
    throw error;
  }
  throw new Error('expected the roster to be refused');
}

describe('roster file encodings', () => {
  it.each([
    ['UTF-8 without a byte order mark', Buffer.from(roster), 'utf-8'],
    ['UTF-8 with a byte order mark', Buffer.from(`\uFEFF${roster}`), 'utf-8-bom'],
    ['UTF-16 LE with a byte order mark (Excel "Unicode text")', utf16le(roster), 'utf-16le'],
    ['UTF-16 BE with a byte order mark', utf16be(roster), 'utf-16be'],
    ['Windows-1252 (Excel "CSV" on German Windows)', windows1252(roster), 'windows-1252'],
  ] as const)('reads %s with every umlaut intact and says which encoding it read', (_name, bytes, encoding) => {
    const result = parseRoster(bytes, opts);
    expect(result.encoding).toBe(encoding);
    expect(result.rejected).toEqual([]);
    expect(result.accepted).toEqual([expect.objectContaining({ line: 2, ...muller })]);
  });

  it('reads every Windows-1252 character Latin-1 lacks (€, „, “, Š …) as Windows-1252 defines it', () => {
    const defined = [...Array(32).keys()].map((i) => 0x80 + i).filter((byte) => ![0x81, 0x8d, 0x8f, 0x90, 0x9d].includes(byte));
    const bytes = Buffer.concat([windows1252(`${header}\n1001,Anna,Berg,a@example.com,`), Buffer.from(defined), Buffer.from(',\n')]);
    expect(parseRoster(bytes, opts).accepted[0]?.department).toBe('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
  });

  it('refuses a byte that Windows-1252 leaves undefined instead of reading it as a control character', () => {
    const bytes = Buffer.concat([windows1252(`${header}\n1001,M`), Buffer.from([0xfc, 0x81]), Buffer.from('ller,B,b@example.com,,\n')]);
    const error = refusal(bytes);
    expect(error.code).toBe('roster_invalid');
    expect(error.message).toBe('The file is neither UTF-8 nor Windows-1252 text: byte 0x81 on line 2 means nothing in either. Save the roster as "CSV UTF-8" and import it again.');
  });

  it('refuses a file that mixes UTF-8 letters with bytes that are not UTF-8, naming both lines', () => {
    const bytes = Buffer.concat([Buffer.from(`${header}\n1001,Jürgen,A,a@example.com,,\n1002,M`), Buffer.from([0xfc]), Buffer.from('ller,B,b@example.com,,\n')]);
    expect(refusal(bytes).message).toContain('The file mixes encodings: line 2 holds UTF-8 letters, but line 3 holds bytes that are not UTF-8.');
  });

  it('refuses a file marked as UTF-8 that holds other bytes, naming the line', () => {
    const bytes = Buffer.concat([Buffer.from(`\uFEFF${header}\n1001,M`), Buffer.from([0xfc]), Buffer.from('ller,B,b@example.com,,\n')]);
    expect(refusal(bytes).message).toBe('The file is marked as UTF-8 text, but line 2 holds bytes that are not UTF-8, so letters would be lost. Save the roster as "CSV UTF-8" and import it again.');
  });

  it('refuses UTF-16 cut off in the middle of a character', () => {
    expect(refusal(utf16le(`${header}\r\n1001,Jü`).subarray(0, -1)).message).toContain('The file is marked as UTF-16 text, but line 2 holds bytes that are not UTF-16');
  });

  it('says a PNG is not text', () => {
    expect(refusal(png).message).toBe(
      'The file is not text: it holds NUL bytes, as images, Excel workbooks (.xlsx) and other binary files do. Export the roster as CSV and choose that file.',
    );
  });

  it('says UTF-16 without a byte order mark is not text it can read, rather than naming garbled columns', () => {
    expect(refusal(Buffer.from(roster, 'utf16le')).message).toContain('The file is not text');
  });
});
