import type { BoardRow } from '../../../shared/domain/session';
import { fullName } from '../app/full-name';
import { useI18n } from '../i18n/i18n-context';

/** Attendees two stations checked in (one during a fleet outage), each in a sentence, above the board. */
export function DoubleClaimsNotice({ rows }: { rows: BoardRow[] }) {
  const { t } = useI18n();
  const doubled = rows.flatMap((row) => (row.doubleClaim ? [{ row, claim: row.doubleClaim }] : []));
  if (doubled.length === 0) return null;
  return (
    <div className="notice notice--warning" data-testid="double-claims">
      <ul className="double-claims">
        {doubled.map(({ row, claim }) => (
          <li key={row.attendee.id}>
            {t('stations.doubleClaim', { name: fullName(row.attendee), heldBy: claim.heldBy.name, overriddenBy: claim.overriddenBy.name, reason: claim.reason })}
          </li>
        ))}
      </ul>
    </div>
  );
}
