import { z } from 'zod';
import { messageSchema } from '../contract/messages';
import { doubleClaimSchema, sharedBoardSchema, stationMarkSchema, stationSchema } from './stations';
import { stepIdSchema, stepReasonSchema, stepStateSchema } from './steps';

export const sessionStatusSchema = z.enum(['open', 'closed']);

export const sessionSchema = z.object({
  id: z.string(),
  department: z.string(),
  facilitator: z.string(),
  room: z.string(),
  plannedMinutes: z.number().int().positive(),
  status: sessionStatusSchema,
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  training: z.boolean(),
});
export type Session = z.infer<typeof sessionSchema>;

export const attendeeSchema = z.object({
  id: z.string(),
  sessionId: z.string(),
  badgeId: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  email: z.string(),
  department: z.string(),
  manager: z.string(),
  /** A data: URL of the roster photo, when the roster named one that could be read. */
  photo: z.string().nullable(),
});
export type Attendee = z.infer<typeof attendeeSchema>;

export const secondSignalSchema = z.enum(['managerPresent', 'hrCallback', 'governmentId', 'other']);
export type SecondSignal = z.infer<typeof secondSignalSchema>;

/**
 * Whether the attendee is enrolled where it counts, at the IdP: enrolled once it lists at least
 * two authenticators (phone passkey and backup key); waitingForIdp while the kiosk has not yet
 * delivered everything (IdP down); incomplete when every step is settled here but the IdP
 * lists fewer than two.
 */
export const enrollmentSchema = z.object({
  outcome: z.enum(['enrolled', 'waitingForIdp', 'incomplete']),
  /** Passkeys and security keys the IdP listed at the last check; null when it could not be asked. */
  authenticators: z.number().int().min(0).nullable(),
  checkedAt: z.string(),
});
export type Enrollment = z.infer<typeof enrollmentSchema>;

export const boardRowSchema = z.object({
  attendee: attendeeSchema,
  steps: z.record(stepIdSchema, stepStateSchema),
  /** null until every step is settled at the kiosk (and for attendees another station holds). */
  enrollment: enrollmentSchema.nullable(),
  /** In a shared session: the station that checked the attendee in; null before anyone did. */
  station: stationMarkSchema.nullable(),
  doubleClaim: doubleClaimSchema.nullable(),
});
export type BoardRow = z.infer<typeof boardRowSchema>;

export const clockSchema = z.object({
  startedAt: z.string(),
  now: z.string(),
  plannedMinutes: z.number(),
  elapsedSeconds: z.number(),
  remainingSeconds: z.number(),
  /** Attendees done (isDone in steps.ts: a skipped step stays open). */
  done: z.number().int(),
  total: z.number().int(),
  /** Positive: behind the even pace a planned session needs; negative: ahead. */
  behindMinutes: z.number().int(),
});
export type Clock = z.infer<typeof clockSchema>;

export const boardSchema = z.object({
  session: sessionSchema,
  rows: z.array(boardRowSchema),
  clock: clockSchema,
  shared: sharedBoardSchema.nullable(),
});
export type Board = z.infer<typeof boardSchema>;

export const rosterRejectionSchema = z.object({
  /** 1-based physical line in the file where the record starts. */
  line: z.number().int(),
  /** Why, as messages the screen translates, one sentence each (the audit trail keeps the codes). */
  reasons: z.array(messageSchema).min(1),
  raw: z.string(),
});
export type RosterRejection = z.infer<typeof rosterRejectionSchema>;

export const rosterRowSchema = z.object({
  line: z.number().int(),
  badgeId: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  email: z.string(),
  department: z.string(),
  manager: z.string(),
  photoFile: z.string().nullable(),
});
export type RosterRow = z.infer<typeof rosterRowSchema>;

/** How the roster file's bytes were read: the preview names it so a wrong guess is seen before import. */
export const rosterEncodingSchema = z.enum(['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252']);
export type RosterEncoding = z.infer<typeof rosterEncodingSchema>;

export const rosterDelimiterSchema = z.enum([',', ';', '\t']);
export type RosterDelimiter = z.infer<typeof rosterDelimiterSchema>;

export const rosterPreviewSchema = z.object({
  encoding: rosterEncodingSchema,
  delimiter: rosterDelimiterSchema,
  accepted: z.array(rosterRowSchema),
  rejected: z.array(rosterRejectionSchema),
});
export type RosterPreview = z.infer<typeof rosterPreviewSchema>;

export const badgeOutcomeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('matched'), attendee: attendeeSchema }),
  z.object({ kind: z.literal('alreadyCheckedIn'), attendee: attendeeSchema, checkedInAt: z.string() }),
  z.object({ kind: z.literal('otherSession'), badgeId: z.string(), department: z.string(), sessionStartedAt: z.string() }),
  z.object({ kind: z.literal('unknown'), badgeId: z.string() }),
  /** A shared session: another station checked this attendee in; they go on there. */
  z.object({ kind: z.literal('heldElsewhere'), attendee: attendeeSchema, station: z.string(), claimedAt: z.string() }),
  /** A shared session and the fleet out of reach: a new check-in needs the facilitator's override with a reason. */
  z.object({ kind: z.literal('claimUnavailable'), attendee: attendeeSchema }),
  /** `reason` says what was wrong with the read, to show in the reader's language. */
  z.object({ kind: z.literal('garbled'), raw: z.string(), reason: messageSchema }),
]);
export type BadgeOutcome = z.infer<typeof badgeOutcomeSchema>;

export const sessionReportSchema = z.object({
  session: sessionSchema,
  perStep: z.record(stepIdSchema, z.object({ done: z.number(), skipped: z.number(), failed: z.number(), pending: z.number() })),
  incomplete: z.array(z.object({ attendee: attendeeSchema, open: z.array(z.object({ step: stepIdSchema, status: z.string(), reason: stepReasonSchema.nullable() })) })),
  complete: z.number().int(),
  total: z.number().int(),
  /** Attendees by outcome at the IdP (see enrollmentSchema); not yet settled at the kiosk counts as incomplete. */
  outcomes: z.object({ enrolled: z.number().int(), waitingForIdp: z.number().int(), incomplete: z.number().int() }),
  /** Adoption per department: how many of its attendees are enrolled at the IdP. */
  departments: z.array(z.object({ department: z.string(), total: z.number().int(), enrolled: z.number().int(), waitingForIdp: z.number().int() })),
  /** A shared session: attendees other stations hold, left to those stations' reports (the figures above leave them out). */
  elsewhere: z.array(z.object({ station: stationSchema, attendees: z.number().int() })),
});
export type SessionReport = z.infer<typeof sessionReportSchema>;
