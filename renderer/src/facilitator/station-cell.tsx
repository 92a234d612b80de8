import type { DoubleClaim, StationMark } from '../../../shared/domain/stations';
import { useI18n } from '../i18n/i18n-context';

/** Which station holds the attendee of a shared session, and the flag when two checked them in. */
export function StationCell({ station, doubleClaim }: { station: StationMark | null; doubleClaim: DoubleClaim | null }) {
  const { t } = useI18n();
  return (
    <td className={doubleClaim ? 'cell cell--double-claim' : 'cell'} data-station={station?.kioskId ?? ''}>
      {station ? <span>{station.here ? t('stations.thisStation', { station: station.name }) : station.name}</span> : <span className="muted">–</span>}
      {doubleClaim ? (
        <span className="status status--flag" data-double-claim="true">
          <span className="status__icon" aria-hidden="true">
            !
          </span>
          <span className="status__reason">
            {t('stations.doubleClaim', { heldBy: doubleClaim.heldBy.name, overriddenBy: doubleClaim.overriddenBy.name, reason: doubleClaim.reason })}
          </span>
        </span>
      ) : null}
    </td>
  );
}
