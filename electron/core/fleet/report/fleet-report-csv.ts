import { shareOf, type FleetReport, type FleetReportFigures } from '../../../../shared/domain/fleet-report';
import type { Locale } from '../../../../shared/domain/locale';
import { stepIds } from '../../../../shared/domain/step-table';
import { csvLine } from '../../session/report/csv-cell';
import { reportWords } from '../../session/report/report-words';
import { fleetReportWords } from './fleet-report-words';

/** "fleet-report-department-2026-12-07.csv": the grouping and the day it was made. */
export function fleetReportFilename(report: FleetReport): string {
  return `fleet-report-${report.groupBy}-${report.generatedAt.slice(0, 10)}.csv`;
}

/**
 * The fleet report as CSV in `locale`: one line per group and a last line for all of them;
 * each count with its share of the group's roster attendees, a percentage with one decimal in
 * the reader's notation. UTF-8 with a byte order mark and every cell through the formula guard,
 * as the session report's CSV (department names come from roster files).
 */
export function fleetReportCsv(report: FleetReport, locale: Locale): string {
  const words = fleetReportWords[locale];
  const stepName = reportWords[locale].step;
  const percent = new Intl.NumberFormat(words.numberLocale, { minimumFractionDigits: 1, maximumFractionDigits: 1, useGrouping: false });
  const share = (part: number, whole: number) => {
    const value = shareOf(part, whole);
    return value === null ? '' : percent.format(value * 100);
  };
  const header = [
    words.group[report.groupBy],
    words.attendees,
    words.complete,
    words.completeShare,
    ...stepIds.flatMap((step) =>
      [words.stepDone, words.stepDoneShare, words.stepSkipped, words.stepSkippedShare, words.stepFailed, words.stepFailedShare].map((column) => column.replace('{step}', () => stepName[step])),
    ),
  ];
  const line = (label: string, figures: FleetReportFigures) =>
    csvLine([
      label,
      String(figures.attendees),
      String(figures.complete),
      share(figures.complete, figures.attendees),
      ...stepIds.flatMap((step) => {
        const counts = figures.steps[step];
        return [
          String(counts.done),
          share(counts.done, figures.attendees),
          String(counts.skipped),
          share(counts.skipped, figures.attendees),
          String(counts.failed),
          share(counts.failed, figures.attendees),
        ];
      }),
    ]);
  return `\uFEFF${csvLine(header)}${report.rows.map((row) => line(row.label, row.figures)).join('')}${line(words.total, report.total)}`;
}
