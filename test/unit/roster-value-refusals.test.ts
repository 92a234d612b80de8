import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRoster } from '../../electron/core/session/roster/parse-roster';
import { KioskError } from '../../shared/contract/errors';
import { englishText, type Message } from '../../shared/contract/messages';

/** A refused row's reasons as the English the log renders from their codes. */
const inEnglish = (rejection: { reasons: Message[] } | undefined) => rejection?.reasons.map(englishText).join(' ');

const opts = { defaultDepartment: 'Session Dept' };
const header = 'Badge ID,Given name,Family name,Email,Department,Manager';
const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));
const parse = (csv: string) => parseRoster(Buffer.from(csv), opts);

describe('roster rows and values that are refused', () => {
  it('refuses a row shifted by an unquoted comma (a value beyond the header\'s columns is not empty), and a row with too few values', () => {
    const result = parseRoster(fixture('roster-unquoted-comma-shift.csv'), opts);
    expect(result.accepted.map((r) => r.badgeId)).toEqual(['300501']);
    expect(result.rejected.map((r) => [r.line, inEnglish(r)])).toEqual([
      [3, 'The row has 7 values but the header names 6 columns; a value may contain an unquoted ",".'],
      [4, 'The row has 5 values but the header names 6 columns; values may be missing, or a line break inside a value was not quoted.'],
    ]);
  });

  it('reads a row whose values beyond the header\'s columns are all empty (a spreadsheet\'s trailing separators), and still refuses one with a value there', () => {
    const semicolons = 'Badge ID;Given name;Family name;Email;Department;Manager';
    const result = parse(`${semicolons}\n1001;Anna;Berg;anna.berg@example.com;Sales;Ingrid Falk;;;\n1002;Ben;Ott;ben.ott@example.com;;; ;\n1003;Cem;Aydin;cem.aydin@example.com;Sales;Ingrid Falk;;x;\n`);
    expect(result.delimiter).toBe(';');
    expect(result.accepted).toEqual([
      expect.objectContaining({ line: 2, badgeId: '1001', department: 'Sales', manager: 'Ingrid Falk' }),
      expect.objectContaining({ line: 3, badgeId: '1002', department: 'Session Dept', manager: '' }),
    ]);
    expect(result.rejected.map((r) => [r.line, inEnglish(r)])).toEqual([[4, 'The row has 9 values but the header names 6 columns; a value may contain an unquoted ";".']]);
  });

  it('refuses a NUL inside a name, saying which column and which character', () => {
    const result = parse(`${header}\n1001,An\u0000na,Berg,a@example.com,,\n`);
    expect(result.accepted).toEqual([]);
    expect([result.rejected[0]?.line, inEnglish(result.rejected[0])]).toEqual([2, 'Given name contains a control character (U+0000).']);
  });

  it('refuses a bidi override that makes a name display differently from what it holds', () => {
    const result = parse(`${header}\n1001,Anna,\u202Egreb,a@example.com,,\n1002,Ben,Ott\u2066o,b@example.com,,\n`);
    expect(result.rejected.map((r) => [r.line, inEnglish(r)])).toEqual([
      [2, 'Family name contains a hidden text-direction character (U+202E).'],
      [3, 'Family name contains a hidden text-direction character (U+2066).'],
    ]);
  });

  it('checks every column, badge id and email included, and skips the column\'s other checks once one is found', () => {
    const result = parse(`${header}\n10\u000701,Anna,Berg,a@exa\u001bmple.com,Sales\u0085,\u2069Boss\n`);
    expect(inEnglish(result.rejected[0])).toBe(
      'Badge id contains a control character (U+0007). Email contains a control character (U+001B). Department contains a control character (U+0085). Manager contains a hidden text-direction character (U+2069).',
    );
  });

  it('refuses a replacement character, which means a letter was lost before the file was written', () => {
    expect(inEnglish(parse(`${header}\n1001,Anna,M\uFFFDller,a@example.com,,\n`).rejected[0])).toBe(
      'Family name contains the replacement character (U+FFFD): a letter was lost before the file was written.',
    );
  });

  it('drops a tab or line break around a value, as it drops spaces, but refuses one inside it', () => {
    const result = parse(`${header}\n1001,"\tAnna\n",Berg,a@example.com,,\n1002,"Ben\tJo",Ott,b@example.com,,\n`);
    expect(result.accepted.map((r) => r.givenName)).toEqual(['Anna']);
    expect(result.rejected.map((r) => [r.line, inEnglish(r)])).toEqual([[4, 'Given name contains a control character (U+0009).']]);
  });

  it('normalises names to NFC, so a decomposed ü is stored as the one character a search types', () => {
    const [row] = parse(`${header}\n1001,Ju\u0308rgen,Mu\u0308ller,j@example.com,Vertrieb Su\u0308d,Zoe\u0308\n`).accepted;
    expect(row).toMatchObject({ givenName: 'Jürgen', familyName: 'Müller', department: 'Vertrieb Süd', manager: 'Zoë' });
    expect(row?.familyName).toHaveLength(6);
  });

  it('says a file with a header and no people has no people in it', () => {
    let error: unknown;
    try {
      parseRoster(fixture('roster-header-only.csv'), opts);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(KioskError);
    expect((error as KioskError).message).toBe(
      'The roster names its columns but has no people in it. Export the department list again, with one line per person below the header.',
    );
  });
});
