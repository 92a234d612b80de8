import { useState } from 'react';
import { fleetReportGroupings, isoWeekSchema, type FleetReportGrouping } from '../../../shared/domain/fleet-report';
import { ErrorNotice } from '../app/error-notice';
import { ScreenHeading } from '../app/screen-heading';
import { SelectField } from '../app/select-field';
import { downloadTextFile } from '../facilitator/download-file';
import { useI18n } from '../i18n/i18n-context';
import { useAction, useCall } from '../kiosk/use-call';
import { groupKeys } from './fleet-report-groups';
import { FleetReportTable } from './fleet-report-table';

/** A week field's value as the contract takes it: a whole ISO week, or nothing. */
const week = (value: string) => (isoWeekSchema.safeParse(value).success ? value : undefined);

/**
 * Outcomes and adoption across every kiosk of the fleet, grouped as the person picks, read
 * from the fleet database when opened and on request. When the fleet is missing or cannot be
 * reached, the core's sentence shows and no figures do: never older ones in their place.
 */
export function FleetReportScreen() {
  const { t, formatTime, locale } = useI18n();
  const [groupBy, setGroupBy] = useState<FleetReportGrouping>('department');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const input = { groupBy, from: week(from), to: week(to) };
  const report = useCall('fleet.report', input);
  const exportCsv = useAction('fleet.reportCsv');
  const [saved, setSaved] = useState<string | null>(null);

  async function runExport() {
    // The CSV speaks the screen's language: its headings and its numbers.
    const file = await exportCsv.run({ ...input, locale });
    if (!file) return;
    downloadTextFile(file.filename, file.csv);
    setSaved(file.filename);
  }

  const shown = report.error ? null : report.data;
  return (
    <section className="screen screen--wide screen--fill fleet-report" aria-labelledby="fleet-report-title" aria-busy={report.loading}>
      <div className="report__head">
        <div>
          <ScreenHeading id="fleet-report-title">{t('fleetReport.title')}</ScreenHeading>
          <p className="screen__intro">
            {t('fleetReport.intro')}
            {shown ? ` · ${t('fleetReport.readAt', { time: formatTime(shown.generatedAt) })}` : null}
          </p>
          {shown?.training ? <p className="fleet-report__training">{t('fleetReport.training')}</p> : null}
          {saved ? (
            <p className="report__saved" role="status">
              {t('report.exported', { file: saved })}
            </p>
          ) : null}
        </div>
        <div className="actions actions--end">
          <button type="button" className="button button--primary" onClick={() => void runExport()} disabled={exportCsv.pending || !shown}>
            {exportCsv.pending ? t('common.working') : t('report.export')}
          </button>
          <button type="button" className="button" onClick={report.reload} disabled={report.loading}>
            {t('fleetReport.readAgain')}
          </button>
        </div>
      </div>
      <div className="fleet-report__controls">
        <SelectField
          label={t('fleetReport.groupBy')}
          value={groupBy}
          options={fleetReportGroupings.map((value) => ({ value, label: t(groupKeys[value]) }))}
          onChange={(event) => setGroupBy(event.target.value as FleetReportGrouping)}
        />
        <WeekField label={t('fleetReport.fromWeek')} value={from} onChange={setFrom} />
        <WeekField label={t('fleetReport.toWeek')} value={to} onChange={setTo} />
      </div>
      <ErrorNotice error={report.error ?? exportCsv.error} />
      {shown && shown.rows.length === 0 ? <p className="fleet-report__empty">{t('fleetReport.empty')}</p> : null}
      {shown && shown.rows.length > 0 ? <FleetReportTable report={shown} /> : null}
    </section>
  );
}

function WeekField({ label, value, onChange }: { label: string; value: string; onChange(value: string): void }) {
  return (
    <div className="field">
      <label className="field__label">
        {label}
        <input type="week" className="field__input" value={value} onChange={(event) => onChange(event.target.value)} />
      </label>
    </div>
  );
}
