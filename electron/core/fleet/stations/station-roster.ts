import { randomUUID } from 'node:crypto';
import type { RosterRepository } from '../../store/roster-repository';
import type { HostAttendee } from './host-session';

/**
 * Copies the host's attendees a station's session does not have yet into it, in the host's
 * order, in the caller's transaction; the station's journey then runs on its own rows. Photos
 * stay behind: a roster names them by a file on the host kiosk. Returns how many were added.
 */
export function copyHostRoster(roster: RosterRepository, sessionId: string, attendees: readonly HostAttendee[]): number {
  const have = roster.badgeIds(sessionId);
  let added = 0;
  for (const { position, ...attendee } of attendees) {
    if (have.has(attendee.badgeId)) continue;
    roster.insert({ id: randomUUID(), sessionId, photoFile: null, sourceLine: position, ...attendee }, position);
    have.add(attendee.badgeId);
    added += 1;
  }
  return added;
}
