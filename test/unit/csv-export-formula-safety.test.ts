import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, formulaSafe } from '../../electron/core/session/report/csv-cell';
import { reportCsv, reportFilename } from '../../electron/core/session/report/report-csv';
import type { Session } from '../../shared/domain/session';
import { stepIds } from '../../shared/domain/step-table';

const session: Session = {
  id: 's1',
  department: 'Öffentliche Verwaltung / Süd',
  facilitator: 'F',
  room: 'R',
  plannedMinutes: 30,
  status: 'closed',
  startedAt: '2026-03-02T09:00:00.000Z',
  endedAt: '2026-03-02T09:30:00.000Z',
  training: false,
};

describe('CSV export formula safety', () => {
  it.each(['=1+1', '+49 30 1234', '-2+3', '@SUM(A1:A9)', '\t=cmd', '\r=cmd'])('prefixes %j with a single quote', (value) => {
    expect(formulaSafe(value)).toBe(`'${value}`);
  });

  it('leaves ordinary text alone, including a formula character later in the cell', () => {
    expect(formulaSafe('Anna')).toBe('Anna');
    expect(formulaSafe('a=b')).toBe('a=b');
    expect(formulaSafe('')).toBe('');
  });

  it('quotes cells with delimiters, quotes or line breaks, after neutralising them', () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe('"\'=HYPERLINK(""http://evil"",""x"")"');
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvLine(['x', 'y\nz'])).toBe('x,"y\nz"\r\n');
  });

  it('exports a report in which no cell a spreadsheet reads starts with a formula character', () => {
    const attendee = {
      id: 'a1',
      sessionId: 's1',
      badgeId: '1001',
      givenName: '=cmd|\' /C calc\'!A0',
      familyName: '+Plus',
      email: 'x@example.com',
      department: '-Dept',
      manager: '@Boss',
      photo: null,
    };
    const steps = Object.fromEntries(stepIds.map((s) => [s, { status: 'skipped', reason: { code: 'other', note: '=IMPORTXML("http://x")' }, updatedAt: null }])) as never;
    const csv = reportCsv(session, [{ attendee, steps, enrollment: null }], 'en');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const records = parse(csv.slice(1));
    expect(records).toHaveLength(2);
    const cells = records[1]!;
    expect(cells.slice(1, 6)).toEqual(["'=cmd|' /C calc'!A0", "'+Plus", 'x@example.com', "'-Dept", "'@Boss"]);
    for (const record of records) for (const cell of record) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('names the file for the department and date with only safe characters', () => {
    expect(reportFilename(session)).toBe('session-offentliche-verwaltung-sud-2026-03-02.csv');
    expect(reportFilename({ ...session, department: '../../..' })).toBe('session-department-2026-03-02.csv');
  });
});
