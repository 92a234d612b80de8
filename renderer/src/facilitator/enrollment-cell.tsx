import type { Enrollment } from '../../../shared/domain/session';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n-context';

const outcomeKeys: Record<Enrollment['outcome'], MessageKey> = {
  enrolled: 'enrollment.enrolled',
  waitingForIdp: 'enrollment.waitingForIdp',
  incomplete: 'enrollment.incomplete',
};
const outcomeIcons: Record<Enrollment['outcome'], string> = { enrolled: '✓', waitingForIdp: '◔', incomplete: '!' };

/** What the IdP says once the attendee is through at the kiosk; empty before that. */
export function EnrollmentCell({ enrollment }: { enrollment: Enrollment | null }) {
  const { t, tn } = useI18n();
  if (!enrollment) {
    return (
      <td className="cell cell--pending" data-enrollment="none">
        <span className="muted">{t('enrollment.notYet')}</span>
      </td>
    );
  }
  return (
    <td className={`cell cell--enrollment-${enrollment.outcome}`} data-enrollment={enrollment.outcome}>
      <span className="status">
        <span className="status__icon" aria-hidden="true">
          {outcomeIcons[enrollment.outcome]}
        </span>
        <span className="status__text">{t(outcomeKeys[enrollment.outcome])}</span>
      </span>
      {enrollment.authenticators !== null ? <span className="status__reason">{tn('enrollment.authenticators', enrollment.authenticators)}</span> : null}
    </td>
  );
}
