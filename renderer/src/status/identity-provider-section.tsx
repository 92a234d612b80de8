import { useI18n } from '../i18n/i18n-context';
import { useCall } from '../kiosk/use-call';
import { useEvent } from '../kiosk/use-event';
import { capabilitySentenceKeys, findByKeys, idpErrorKeys, idpKindKeys } from './idp-capability-sentences';
import { RecheckableSection } from './recheckable-section';
import { StateTag, StatusFact } from './status-fact';
import { useReportAttention, type ReportAttention } from './use-report-attention';

/** Which IdP, what it can do (in sentences), whether it answers, and its last failure. */
export function IdentityProviderSection({ now, onAttention }: { now: number; onAttention?: ReportAttention }) {
  const { t, say, formatTime, formatAgo, formatList, capitalize } = useI18n();
  const status = useCall('idp.status', {});
  const { reload } = status;
  // A sync result changes the last success or the last error.
  useEvent('outbox.done', reload);
  useEvent('outbox.parked', reload);

  const data = status.data;
  // Not answering needs someone; an old failure since the start alone does not.
  useReportAttention(onAttention, data ? !data.health.ok : false);
  return (
    <RecheckableSection
      id="status-idp-title"
      title={t('kioskStatus.idp.title')}
      testId="status-idp"
      loading={status.loading}
      error={status.error}
      onRecheck={reload}
    >
      {data ? (
        <>
          <dl className="facts">
            <StatusFact label={t('kioskStatus.idp.kind')} testId="idp-kind">
              {t(idpKindKeys[data.kind])}
              {data.training ? <span className="tag tag--training">{t('kioskStatus.training')}</span> : null}
            </StatusFact>
            {/* The training IdP's label only repeats its type; a real IdP's label names the tenant or realm. */}
            {data.training ? null : (
              <StatusFact label={t('kioskStatus.idp.name')} testId="idp-label">
                {data.label}
              </StatusFact>
            )}
            <StatusFact label={t('kioskStatus.idp.health')} testId="idp-health">
              <StateTag tone={data.health.ok ? 'ok' : 'bad'}>{data.health.ok ? t('kioskStatus.idp.healthOk') : t('kioskStatus.idp.healthBad')}</StateTag>
              <span className="fact__detail">
                {t('kioskStatus.idp.healthChecked', { ms: Math.round(data.health.latencyMs), time: formatTime(data.health.checkedAt) })}
              </span>
            </StatusFact>
            <StatusFact label={t('kioskStatus.idp.lastSuccess')} testId="idp-last-success">
              {data.lastSuccessAt ? capitalize(formatAgo(data.lastSuccessAt, now)) : t('kioskStatus.never')}
            </StatusFact>
          </dl>
          <p className="muted">{say(data.health.says)}</p>
          {data.health.ok ? null : <p className="notice notice--error">{t('kioskStatus.idp.healthBadNext')}</p>}

          <h3 className="status-section__subtitle">{t('kioskStatus.idp.lastError')}</h3>
          {data.lastError ? (
            <div className="notice notice--warning" data-testid="idp-last-error">
              <p>
                {t('kioskStatus.idp.errorLine', {
                  kind: t(idpErrorKeys[data.lastError.kind]),
                  time: formatTime(data.lastError.at),
                  message: say(data.lastError.says),
                })}
              </p>
              {data.lastError.idpMessage ? <p className="notice__detail">{t('kioskStatus.idp.idpSaid', { message: data.lastError.idpMessage })}</p> : null}
            </div>
          ) : (
            <p data-testid="idp-last-error">{t('kioskStatus.idp.noError')}</p>
          )}

          <h3 className="status-section__subtitle">{t('kioskStatus.idp.capabilitiesTitle')}</h3>
          <ul className="sentences" data-testid="idp-capabilities">
            <li>{t('kioskStatus.idp.findBy', { fields: formatList(data.capabilities.findBy.map((field) => t(findByKeys[field]))) })}</li>
            {capabilitySentenceKeys(data.capabilities).map((key) => (
              <li key={key}>{t(key)}</li>
            ))}
            {data.recoveryCodesNote ? <li>{say(data.recoveryCodesNote)}</li> : null}
          </ul>
        </>
      ) : null}
    </RecheckableSection>
  );
}
