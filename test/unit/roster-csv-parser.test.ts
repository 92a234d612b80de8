import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KioskError } from '../../shared/contract/errors';
import { readCsvTable } from '../../electron/core/session/roster/csv-records';
import { parseRoster, type ParseRosterOptions } from '../../electron/core/session/roster/parse-roster';
import { englishText, type Message } from '../../shared/contract/messages';

/** A refused row's reasons as the English the log renders from their codes. */
const inEnglish = (rejection: { reasons: Message[] } | undefined) => rejection?.reasons.map(englishText).join(' ');

const opts = { defaultDepartment: 'Session Dept' };
const header = 'Badge ID,Given name,Family name,Email,Department,Manager';

/** The roster as a UTF-8 file's bytes, which is what the core is handed. */
const parse = (csv: string, options: ParseRosterOptions = opts) => parseRoster(Buffer.from(csv), options);

function parseError(csv: string): KioskError {
  try {
    parse(csv);
  } catch (error) {
    if (error instanceof KioskError) return error;
    throw error;
  }
  throw new Error('expected the roster to be refused');
}

describe('roster CSV parser', () => {
  it('reads UTF-8 with a byte order mark and keeps umlauts', () => {
    const result = parse(`\uFEFF${header}\n1001,Jürgen,Weiß,j@example.com,Einkauf,Zoë Brückner\n`);
    expect(result.rejected).toEqual([]);
    expect(result.accepted).toEqual([
      { line: 2, badgeId: '1001', givenName: 'Jürgen', familyName: 'Weiß', email: 'j@example.com', department: 'Einkauf', manager: 'Zoë Brückner', photoFile: null },
    ]);
  });

  it('detects ";" from the header and matches German column names case-insensitively', () => {
    const csv = 'AUSWEIS;vorname;Nachname;E-Mail;Abteilung;Vorgesetzte(r);Foto\r\n1001;Anna;Berg;anna@example.com;Vertrieb;"Kurz, Max";anna.png\r\n';
    const result = parse(csv);
    expect(result.delimiter).toBe(';');
    expect(result.accepted[0]).toMatchObject({ badgeId: '1001', manager: 'Kurz, Max', photoFile: 'anna.png' });
  });

  it('accepts English aliases such as badge_id, first name, surname and mail', () => {
    const result = parse('badge_id,First Name,Surname,Mail\nab12c,Lee,Park,lee@example.com\n');
    expect(result.accepted[0]).toMatchObject({ badgeId: 'AB12C', givenName: 'Lee', familyName: 'Park', department: 'Session Dept', manager: '' });
  });

  it('reads quoted fields holding separators, doubled quotes and line breaks, and reports the line each record starts on', () => {
    const csv = [
      header,
      '1001,"Mary ""Mo""",Smith,mary@example.com,"Research, Development",Boss',
      '1002,Bad,Row,not-an-email,"Multi',
      'line',
      'department",Boss',
      '1003,Carl,Jung,carl@example.com,Psych,Boss',
    ].join('\r\n');
    const result = parse(csv);
    expect(result.accepted.map((r) => [r.line, r.givenName, r.department])).toEqual([
      [2, 'Mary "Mo"', 'Research, Development'],
      [6, 'Carl', 'Psych'],
    ]);
    expect(result.rejected.map((r) => [r.line, inEnglish(r), r.raw])).toEqual([
      [3, 'Email is not a valid address. Department contains a control character (U+000A).', '1002,Bad,Row,not-an-email,"Multi\nline\ndepartment",Boss'],
    ]);
  });

  it('keeps cells that start with = + - @ exactly as data', () => {
    const csv = `${header}\n1001,=HYPERLINK("http://x"),+Plus,eq@example.com,-Minus,@SUM(A1)\n`;
    const [row] = parse(csv).accepted;
    expect(row).toMatchObject({ givenName: '=HYPERLINK("http://x")', familyName: '+Plus', department: '-Minus', manager: '@SUM(A1)' });
  });

  it('refuses a badge id that is itself a formula, saying why', () => {
    const result = parse(`${header}\n=1+1,A,B,a@example.com,,\n`);
    expect([result.rejected[0]?.line, inEnglish(result.rejected[0])]).toEqual([2, 'Badge id may only hold letters and digits.']);
  });

  it('ignores empty lines, including ones made only of delimiters, and still counts them for line numbers', () => {
    const csv = `\n${header}\n\n1001,A,B,a@example.com,,\n,,,,,\n   \n1002,C,D,c@example.com,,\n\n`;
    const result = parse(csv);
    expect(result.rejected).toEqual([]);
    expect(result.accepted.map((r) => r.line)).toEqual([4, 7]);
  });

  it('refuses a wrong header, naming the missing columns and the ones it found', () => {
    const error = parseError('Name,Mail,Team\nAnna,anna@example.com,X\n');
    expect(error.code).toBe('roster_invalid');
    expect(error.message).toContain('Missing: Badge id, Given name, Family name.');
    expect(error.message).toContain('Found: "Name", "Mail", "Team"');
    expect(error.details).toEqual({ missing: ['badgeId', 'givenName', 'familyName'], found: ['Name', 'Mail', 'Team'] });
    expect(error.says).toEqual({ reason: 'roster.columns.missing', params: { fields: 'badgeId,givenName,familyName', found: '"Name", "Mail", "Team"' } });
  });

  it('refuses an empty file and a header naming one column twice', () => {
    expect(parseError('\uFEFF\r\n\r\n').message).toContain('empty');
    expect(parseError('Badge,First name,Vorname,Last name,Email\n').message).toContain('column "Given name" twice');
  });

  it('refuses a duplicate badge id, naming the line of the first, and badges already in the session', () => {
    const csv = `${header}\n1001,A,B,a@example.com,,\n1002,C,D,c@example.com,,\n1001,E,F,e@example.com,,\n`;
    const result = parse(csv, { ...opts, existingBadges: new Set(['1002']) });
    expect(result.accepted.map((r) => r.badgeId)).toEqual(['1001']);
    expect(result.rejected.map((r) => [r.line, inEnglish(r)])).toEqual([
      [3, "Badge id 1002 is already in this session's roster."],
      [4, 'Badge id 1001 appears twice: first on line 2.'],
    ]);
  });

  it('treats badge ids case-insensitively, so ab12 and AB12 are one badge', () => {
    const result = parse(`${header}\nab12,A,B,a@example.com,,\nAB12,C,D,c@example.com,,\n`);
    expect(inEnglish(result.rejected[0])).toBe('Badge id AB12 appears twice: first on line 2.');
  });

  it('explains every problem of a row in one human reason', () => {
    const result = parse(`${header}\n12,,B,,,\n`);
    expect(inEnglish(result.rejected[0])).toBe('Badge id must have at least 3 characters. Given name is missing. Email is missing.');
    expect(result.rejected[0]?.reasons).toEqual([
      { reason: 'roster.cell.tooShort', params: { field: 'badgeId', min: 3 } },
      { reason: 'roster.cell.missing', params: { field: 'givenName' } },
      { reason: 'roster.cell.missing', params: { field: 'email' } },
    ]);
  });

  it('refuses a row with more values than columns and an unclosed quote, without losing the rows before', () => {
    const csv = `${header}\n1001,A,B,a@example.com,,\n1002,C,D,c@example.com,Sales,Boss,extra\n1003,"E,F,e@example.com,,\n1004,G,H,g@example.com,,\n`;
    const result = parse(csv);
    expect(result.accepted.map((r) => r.badgeId)).toEqual(['1001']);
    expect(result.rejected.map((r) => r.line)).toEqual([3, 4]);
    expect(inEnglish(result.rejected[0])).toContain('7 values but the header names 6 columns');
    expect(inEnglish(result.rejected[1])).toContain('never closed');
  });

  it('refuses a photo given as a path rather than a file name', () => {
    const result = parse('Badge,First name,Last name,Email,Photo\n1001,A,B,a@example.com,../../etc/passwd\n');
    expect(inEnglish(result.rejected[0])).toBe('Photo must be a file name, not a path.');
  });

  it('reads 5,000 rows, accepting every one', () => {
    const lines = [header];
    for (let i = 0; i < 5000; i += 1) lines.push(`${100000 + i},Given${i},"Family, ${i}",person${i}@example.com,Dept,Manager`);
    const result = parse(lines.join('\n'));
    expect(result.rejected).toEqual([]);
    expect(result.accepted).toHaveLength(5000);
    expect(result.accepted[4999]).toMatchObject({ line: 5001, badgeId: '104999', familyName: 'Family, 4999' });
  });

  it('reads the 12-good, 3-bad fixture with three different reasons', () => {
    const result = parseRoster(readFileSync(new URL('../fixtures/roster-12-good-3-bad.csv', import.meta.url)), opts);
    expect(result.accepted).toHaveLength(12);
    expect(result.rejected.map((r) => [r.line, inEnglish(r)])).toEqual([
      [5, 'Email is missing.'],
      [8, 'Email is not a valid address.'],
      [13, 'Badge id 200203 appears twice: first on line 4.'],
    ]);
  });
});

describe('CSV table reader', () => {
  it('splits on CRLF, LF and lone CR alike, counting each as one line', () => {
    expect(readCsvTable('a,b\r\nc,d\re,f\ng,h').records.map((r) => [r.line, r.fields])).toEqual([
      [1, ['a', 'b']],
      [2, ['c', 'd']],
      [3, ['e', 'f']],
      [4, ['g', 'h']],
    ]);
  });

  it('numbers each record by the line an editor shows it on, after a sep= line, blank lines and multi-line values, and keeps its text as written', () => {
    const table = readCsvTable('sep=;\r\na;b\r\n\r\n"two\r\nlines";c\r\nd;e\r\n"never closed;f\r\ng;h\r\n');
    expect(table.records.map((r) => [r.line, r.raw, r.unclosedQuote])).toEqual([
      [2, 'a;b', false],
      [3, '', false],
      [4, '"two\nlines";c', false],
      [6, 'd;e', false],
      [7, '"never closed;f\ng;h', true],
    ]);
  });

  it('keeps a trailing delimiter as an empty last field, and a stray quote inside a value as written', () => {
    expect(readCsvTable('a;b;\n').records[0]?.fields).toEqual(['a', 'b', '']);
    expect(readCsvTable('a,b\nc,"d"e\n').records[1]?.fields).toEqual(['c', '"d"e']);
  });
});
