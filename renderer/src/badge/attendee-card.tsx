import type { Attendee } from '../../../shared/domain/session';
import { fullName } from '../app/full-name';
import { useI18n } from '../i18n/i18n-context';
import { initialsOf } from './initials';

/** The scanned attendee's own data only: photo (or initials), name, department, manager. */
export function AttendeeCard({ attendee }: { attendee: Attendee }) {
  const { t } = useI18n();
  const name = fullName(attendee);
  return (
    <div className="attendee-card" data-testid="attendee-card">
      {attendee.photo ? (
        <img className="attendee-card__photo" src={attendee.photo} alt={t('badge.photoAlt', { name })} />
      ) : (
        <div className="attendee-card__avatar" role="img" aria-label={t('badge.noPhoto')}>
          <span aria-hidden="true">{initialsOf(attendee.givenName, attendee.familyName)}</span>
        </div>
      )}
      <div className="attendee-card__facts">
        <p className="attendee-card__name">{name}</p>
        <dl className="facts">
          <div className="facts__row">
            <dt>{t('badge.field.department')}</dt>
            <dd>{attendee.department}</dd>
          </div>
          <div className="facts__row">
            <dt>{t('badge.field.manager')}</dt>
            <dd>{attendee.manager}</dd>
          </div>
          <div className="facts__row">
            <dt>{t('badge.field.badge')}</dt>
            <dd>{attendee.badgeId}</dd>
          </div>
        </dl>
      </div>
    </div>
  );
}
