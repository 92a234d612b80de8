import type { DoubleClaim, StationMark as Mark } from '../../../shared/domain/stations';
import { useI18n } from '../i18n/i18n-context';

/**
 * Under an attendee's name in a shared session: the station that holds them, and a flag when
 * two stations checked them in (explained above the board). A line, not a column: the board
 * has no width to spare on the kiosk's display.
 */
export function StationMark({ station, doubleClaim }: { station: Mark | null; doubleClaim: DoubleClaim | null }) {
  const { t } = useI18n();
  if (!station && !doubleClaim) return null;
  return (
    <span className="board__station" data-station={station?.kioskId ?? ''}>
      {station ? <span>{station.here ? t('stations.atThisStation', { station: station.name }) : t('stations.atStation', { station: station.name })}</span> : null}
      {doubleClaim ? (
        <span className="status status--flag" data-double-claim="true">
          <span className="status__icon" aria-hidden="true">
            !
          </span>
          <span className="status__text">{t('stations.doubleClaimFlag')}</span>
        </span>
      ) : null}
    </span>
  );
}
