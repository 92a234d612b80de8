import { ErrorNotice } from '../app/error-notice';
import { useI18n } from '../i18n/i18n-context';
import { useCall } from '../kiosk/use-call';
import { StatusFact } from './status-fact';

/** Where IT finds the kiosk's log, and what is (and never is) in it. */
export function KioskLogSection() {
  const { t } = useI18n();
  const info = useCall('app.info', {});
  return (
    <section className="panel status-section" aria-labelledby="status-log-title" data-testid="status-log">
      <div className="status-section__head">
        <h2 id="status-log-title" className="panel__title">
          {t('kioskStatus.log.title')}
        </h2>
      </div>
      <ErrorNotice error={info.error} />
      {info.data ? (
        <>
          <dl className="facts">
            <StatusFact label={t('kioskStatus.log.file')} testId="log-file">
              <code>{info.data.logFile}</code>
            </StatusFact>
          </dl>
          <p className="muted">{t('kioskStatus.log.contents')}</p>
          <p className="muted">{t('kioskStatus.log.rotation')}</p>
        </>
      ) : null}
    </section>
  );
}
