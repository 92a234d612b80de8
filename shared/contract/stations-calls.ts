import { z } from 'zod';
import { NOTE_MAX } from '../domain/limits';
import { badgeOutcomeSchema, sessionSchema } from '../domain/session';
import { joinCodeSchema } from '../domain/stations';
import { defineCall } from './define';

const id = z.string().min(1).max(100);

/** Several stations (kiosks of a fleet) serving one session. */
export const stationsCalls = {
  /** Gives the open session a join code other stations can join with; the same code again once shared. */
  'stations.share': defineCall(z.object({ sessionId: id }).strict(), z.object({ joinCode: z.string() })),
  /** Opens this station's part of the session with that code: its own session with a copy of the roster. */
  'stations.join': defineCall(z.object({ joinCode: joinCodeSchema }).strict(), sessionSchema),
  /**
   * The fleet is out of reach and an attendee waits: the facilitator checks them in here anyway,
   * with a reason (audited); the claim reaches the fleet later, and a collision is flagged.
   */
  'stations.override': defineCall(
    z.object({ sessionId: id, attendeeId: id, reason: z.string().trim().min(1).max(NOTE_MAX) }).strict(),
    badgeOutcomeSchema,
  ),
};
