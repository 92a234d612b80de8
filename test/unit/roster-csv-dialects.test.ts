import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRoster } from '../../electron/core/session/roster/parse-roster';
import { KioskError } from '../../shared/contract/errors';

const opts = { defaultDepartment: 'Session Dept' };
const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));

describe('roster CSV dialects', () => {
  it('takes the separator from Excel\'s "sep=;" first line and counts that line', () => {
    const result = parseRoster(fixture('roster-excel-sep-line.csv'), opts);
    expect(result.delimiter).toBe(';');
    expect(result.rejected).toEqual([]);
    expect(result.accepted.map((r) => [r.line, r.givenName, r.familyName, r.department])).toEqual([
      [3, 'Jürgen', 'Weiß', 'Einkauf, Süd'],
      [4, 'Anna', 'Berg', 'Vertrieb'],
    ]);
  });

  it('refuses a "sep=" line naming a separator other than comma, semicolon or tab, saying which it named', () => {
    let error: unknown;
    try {
      parseRoster(Buffer.from('sep=|\nBadge|Given name|Family name|Email\n1001|A|B|a@example.com\n'), opts);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(KioskError);
    expect((error as KioskError).message).toContain('names "|" as the separator; the kiosk reads values separated by commas, semicolons or tabs');
  });

  it('reads a tab-delimited file, keeping commas and semicolons inside values', () => {
    const result = parseRoster(fixture('roster-tab-delimited.tsv'), opts);
    expect(result.delimiter).toBe('\t');
    expect(result.rejected).toEqual([]);
    expect(result.accepted.map((r) => [r.line, r.familyName, r.department, r.manager])).toEqual([
      [2, 'Haddad', 'Research, Development; Lab', 'Falk, Ingrid'],
      [3, 'Köhler', 'Research', ''],
    ]);
  });

  it('picks the separator the header line uses most, outside quotes', () => {
    const csv = 'Badge ID,Given name,Family name,Email,"Notes; a; b; c; d; e"\n1001,A,B,a@example.com,x\n';
    expect(parseRoster(Buffer.from(csv), opts).delimiter).toBe(',');
  });
});
