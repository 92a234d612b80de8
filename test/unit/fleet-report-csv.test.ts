import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { fleetReportCsv, fleetReportFilename } from '../../electron/core/fleet/report/fleet-report-csv';
import type { FleetReport, FleetReportFigures } from '../../shared/domain/fleet-report';
import { stepIds } from '../../shared/domain/step-table';

const figures = (attendees: number, complete: number, backupDone: number): FleetReportFigures => ({
  attendees,
  complete,
  steps: Object.fromEntries(stepIds.map((step) => [step, { done: step === 'backupKey' ? backupDone : 0, skipped: 0, failed: 0 }])) as FleetReportFigures['steps'],
});

const report: FleetReport = {
  groupBy: 'department',
  from: null,
  to: null,
  training: false,
  rows: [
    { key: '=HYPERLINK("http://evil","x")', label: '=HYPERLINK("http://evil","x")', figures: figures(3, 1, 2) },
    { key: 'Öffentliche Verwaltung', label: 'Öffentliche Verwaltung', figures: figures(0, 0, 0) },
  ],
  total: figures(3, 1, 2),
  generatedAt: '2026-12-07T01:00:00.000Z',
};

describe('the fleet report as CSV', () => {
  it('guards every cell against formulas, and a department name reads back as written', () => {
    const rows = parse(fleetReportCsv(report, 'en'), { bom: true }) as string[][];
    expect(rows[1]?.[0]).toBe('\'=HYPERLINK("http://evil","x")');
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(rows[2]?.[0]).toBe('Öffentliche Verwaltung');
  });

  it('gives shares of the roster as percentages in the reader\'s notation, none for a group of nobody', () => {
    const english = parse(fleetReportCsv(report, 'en'), { bom: true }) as string[][];
    const german = parse(fleetReportCsv(report, 'de'), { bom: true }) as string[][];
    const column = (rows: string[][], heading: string) => rows[0]!.indexOf(heading);
    expect(english[1]?.[column(english, 'Fully enrolled (%)')]).toBe('33.3');
    expect(english[1]?.[column(english, 'Backup key done (%)')]).toBe('66.7');
    expect(german[1]?.[column(german, 'Ersatzschlüssel erledigt (%)')]).toBe('66,7');
    expect(english[2]?.[column(english, 'Fully enrolled (%)')]).toBe('');
    expect(english.at(-1)?.[0]).toBe('All');
    expect(german.at(-1)?.[0]).toBe('Gesamt');
  });

  it('names the file for its grouping and day', () => {
    expect(fleetReportFilename(report)).toBe('fleet-report-department-2026-12-07.csv');
  });
});
