import { useEffect } from 'react';
import { ErrorNotice } from '../app/error-notice';
import { useI18n } from '../i18n/i18n-context';
import { useCall } from '../kiosk/use-call';
import { StateTag, StatusFact } from './status-fact';
import { useReportAttention, type ReportAttention } from './use-report-attention';

/**
 * The kiosk's line to the fleet (the organisation's PostgreSQL): connected or not, when it last
 * answered, and what waits here to be sent. Asked again with every tick of the status screen:
 * the fleet announces nothing to the kiosk.
 */
export function FleetSection({ now, onAttention }: { now: number; onAttention?: ReportAttention }) {
  const { t, say, formatAgo, capitalize } = useI18n();
  const status = useCall('fleet.status', {});
  const { reload } = status;
  useEffect(() => reload(), [now, reload]);
  const s = status.data;
  useReportAttention(onAttention, Boolean(s?.configured && !s.connected));

  return (
    <section className="panel status-section" aria-labelledby="status-fleet-title" data-testid="status-fleet">
      <h2 id="status-fleet-title" className="panel__title">
        {t('kioskStatus.fleet.title')}
      </h2>
      <ErrorNotice error={status.error} />
      {s && !s.configured ? <p data-testid="fleet-alone">{t('kioskStatus.fleet.alone')}</p> : null}
      {s?.configured ? (
        <>
          <dl className="facts">
            <StatusFact label={t('kioskStatus.fleet.state')} testId="fleet-state">
              {s.connected ? <StateTag tone="ok">{t('kioskStatus.fleet.connected')}</StateTag> : <StateTag tone="warn">{t('kioskStatus.fleet.notConnected')}</StateTag>}
            </StatusFact>
            <StatusFact label={t('kioskStatus.fleet.kiosk')} testId="fleet-kiosk">
              {t('kioskStatus.fleet.kioskValue', { name: s.kioskName ?? '', site: s.site ?? '' })}
            </StatusFact>
            <StatusFact label={t('kioskStatus.fleet.lastContact')} testId="fleet-last-contact">
              {s.lastContactAt ? capitalize(formatAgo(s.lastContactAt, now)) : t('kioskStatus.never')}
            </StatusFact>
            <StatusFact label={t('kioskStatus.fleet.waiting')} testId="fleet-waiting">
              {s.waiting}
            </StatusFact>
            <StatusFact label={t('kioskStatus.fleet.oldest')} testId="fleet-oldest">
              {s.oldestWaitingAt ? capitalize(formatAgo(s.oldestWaitingAt, now)) : '—'}
            </StatusFact>
          </dl>
          {s.problem ? <p className="notice notice--warning">{say(s.problem)}</p> : null}
        </>
      ) : null}
    </section>
  );
}
