import type { Session } from '../../../shared/domain/session';
import type { SharedBoard } from '../../../shared/domain/stations';
import { ErrorNotice } from '../app/error-notice';
import { useI18n } from '../i18n/i18n-context';
import { useAction } from '../kiosk/use-call';

/**
 * The session's place among the fleet's stations, above the board: the join code once shared
 * (or the button that shares it), the other stations, and a word when the fleet is away.
 */
export function StationSharePanel({ session, shared, onShared }: { session: Session; shared: SharedBoard; onShared(): void }) {
  const { t } = useI18n();
  const share = useAction('stations.share');

  async function shareSession() {
    if (await share.run({ sessionId: session.id })) onShared();
  }

  return (
    <div className="stations" data-testid="stations">
      {shared.joinCode ? (
        <p className="stations__code">
          <span className="stations__label">{t('stations.joinCode')}</span>{' '}
          <strong className="stations__value" data-testid="join-code">
            {shared.joinCode}
          </strong>{' '}
          <span className="stations__hint">{t('stations.joinCodeHint')}</span>
        </p>
      ) : (
        <p className="stations__code">
          <button type="button" className="button" onClick={() => void shareSession()} disabled={share.pending}>
            {share.pending ? t('common.working') : t('stations.share')}
          </button>{' '}
          <span className="stations__hint">{t('stations.shareHint')}</span>
        </p>
      )}
      {shared.role === 'station' ? <p>{t('stations.joinedFrom', { station: shared.host.name })}</p> : null}
      {shared.role === 'host' && shared.stations.length > 0 ? <p>{t('stations.others', { stations: shared.stations.map((s) => s.name).join(', ') })}</p> : null}
      {shared.reachable ? null : (
        <p className="notice notice--warning" role="status">
          {t('stations.unreachable')}
        </p>
      )}
      <ErrorNotice error={share.error} />
    </div>
  );
}
