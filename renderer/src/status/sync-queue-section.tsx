import { useState } from 'react';
import { useAccess } from '../access/access-context';
import { ErrorNotice } from '../app/error-notice';
import { useI18n } from '../i18n/i18n-context';
import { useCall } from '../kiosk/use-call';
import { useEvent } from '../kiosk/use-event';
import { ParkedItemCard } from './parked-item-card';
import { StateTag, StatusFact } from './status-fact';
import { useReportAttention, type ReportAttention } from './use-report-attention';

/**
 * What still has to reach the IdP, and the items an operator must decide on. The core records
 * operator actions under the unlocked facilitator (from their key).
 */
interface SyncQueueSectionProps {
  now: number;
  onOperatorAction(): void;
  onAttention?: ReportAttention;
}

export function SyncQueueSection({ now, onOperatorAction, onAttention }: SyncQueueSectionProps) {
  const { t, say, formatAgo, formatTime, capitalize } = useI18n();
  const summary = useCall('outbox.summary', {});
  const parked = useCall('outbox.parked', {});
  const { state: access } = useAccess();
  const [announcement, setAnnouncement] = useState('');

  const reloadAll = () => {
    summary.reload();
    parked.reload();
  };
  useEvent('outbox.queued', reloadAll);
  useEvent('outbox.sending', reloadAll);
  useEvent('outbox.done', reloadAll);
  useEvent('outbox.parked', reloadAll);

  const s = summary.data;
  const items = parked.data?.items ?? [];
  // Parked items wait for an operator; pending ones go out by themselves.
  useReportAttention(onAttention, (s?.parked ?? 0) > 0);

  return (
    <section className="panel status-section" aria-labelledby="status-sync-title" data-testid="status-sync">
      <h2 id="status-sync-title" className="panel__title">
        {t('kioskStatus.sync.title')}
      </h2>
      <ErrorNotice error={summary.error ?? parked.error} />
      {s ? (
        <>
          <dl className="facts">
            <StatusFact label={t('kioskStatus.sync.pending')} testId="sync-pending">
              {s.pending}
            </StatusFact>
            <StatusFact label={t('kioskStatus.sync.oldest')} testId="sync-oldest">
              {s.oldestPendingAt ? capitalize(formatAgo(s.oldestPendingAt, now)) : '—'}
            </StatusFact>
            <StatusFact label={t('kioskStatus.sync.lastSuccess')} testId="sync-last-success">
              {s.lastSuccessAt ? capitalize(formatAgo(s.lastSuccessAt, now)) : t('kioskStatus.never')}
            </StatusFact>
            <StatusFact label={t('kioskStatus.sync.parked')} testId="sync-parked">
              {s.parked > 0 ? <StateTag tone="warn">{s.parked}</StateTag> : s.parked}
            </StatusFact>
          </dl>
          {s.pending === 0 && s.parked === 0 ? (
            <p data-testid="sync-empty">
              <StateTag tone="ok">{t('kioskStatus.sync.empty')}</StateTag>
            </p>
          ) : null}
          {s.pending > 0 && s.lastError ? (
            <p className="notice notice--warning">
              {t('kioskStatus.sync.lastError', { message: say(s.lastError) })}
              {s.nextAttemptAt ? ` ${t('kioskStatus.sync.nextAttempt', { time: formatTime(s.nextAttemptAt) })}` : null}
            </p>
          ) : null}
        </>
      ) : null}

      <p className="visually-hidden" role="status">
        {announcement}
      </p>

      {items.length > 0 ? (
        <section aria-labelledby="status-parked-title" className="parked">
          <h3 id="status-parked-title" className="status-section__subtitle">
            {t('kioskStatus.sync.parkedTitle')}
          </h3>
          <p>
            {t('kioskStatus.sync.parkedIntro')}
            {access.facilitator ? <span className="muted"> {t('kioskStatus.sync.operatorSession', { name: access.facilitator.name })}</span> : null}
          </p>
          <ul className="status-cards" data-testid="parked-list">
            {items.map((item) => (
              <ParkedItemCard
                key={item.itemId}
                item={item}
                onSettled={(message) => {
                  setAnnouncement(message);
                  reloadAll();
                  onOperatorAction();
                }}
              />
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  );
}
