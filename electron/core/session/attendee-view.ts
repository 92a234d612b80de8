import type { Attendee } from '../../../shared/domain/session';
import type { RosterEntry } from '../store/roster-repository';
import type { PhotoResolver } from './roster/photo-resolver';

/** A roster entry as the screens see it, with the photo inlined when one could be read. */
export function attendeeView(entry: RosterEntry, photos: PhotoResolver): Attendee {
  return {
    id: entry.id,
    sessionId: entry.sessionId,
    badgeId: entry.badgeId,
    givenName: entry.givenName,
    familyName: entry.familyName,
    email: entry.email,
    department: entry.department,
    manager: entry.manager,
    photo: photos.dataUrl(entry.photoFile),
  };
}
