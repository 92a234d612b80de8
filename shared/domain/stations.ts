import { z } from 'zod';

/**
 * Join codes: six characters from an alphabet without look-alikes (no 0/O, 1/I/L, 5/S, 2/Z, 8/B),
 * so a code read aloud across a room or typed from another screen arrives as it was shown.
 */
export const JOIN_CODE_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';
export const JOIN_CODE_LENGTH = 6;

/** A join code as typed: case, spaces and dashes do not matter; the alphabet does. */
export const joinCodeSchema = z
  .string()
  .max(40)
  .transform((typed) => typed.replace(/[\s-]/g, '').toUpperCase())
  .pipe(z.string().length(JOIN_CODE_LENGTH).regex(new RegExp(`^[${JOIN_CODE_ALPHABET}]+$`)));

/** A kiosk of the fleet as people know it: its id (the database role) and its name. */
export const stationSchema = z.object({
  kioskId: z.string(),
  name: z.string(),
});
export type Station = z.infer<typeof stationSchema>;

/** Which station holds an attendee of a shared session; `here` when it is this kiosk. */
export const stationMarkSchema = stationSchema.extend({ here: z.boolean() });
export type StationMark = z.infer<typeof stationMarkSchema>;

/**
 * Two stations checked one attendee in: a claim made during a fleet outage (with the
 * facilitator's reason) met another station's claim when it reached the fleet.
 */
export const doubleClaimSchema = z.object({
  /** The station that holds the claim in the fleet, and the one whose override collided with it. */
  heldBy: stationSchema,
  overriddenBy: stationSchema,
  reason: z.string(),
  claimedAt: z.string(),
});
export type DoubleClaim = z.infer<typeof doubleClaimSchema>;

/**
 * The session's place among stations, on the board: null without a fleet. joinCode is null
 * until the host shares the session; `reachable` false while the fleet cannot be reached (the
 * board then shows only what this station holds).
 */
export const sharedBoardSchema = z.object({
  joinCode: z.string().nullable(),
  role: z.enum(['host', 'station']),
  host: stationSchema,
  stations: z.array(stationSchema),
  reachable: z.boolean(),
});
export type SharedBoard = z.infer<typeof sharedBoardSchema>;
