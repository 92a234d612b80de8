import { z } from 'zod';

/**
 * Who may unlock the kiosk. Each key is enrolled with one role, and the role gates the calls
 * the key may make once it has unlocked (shared/contract/call-audience.ts).
 */
export const facilitatorRoles = ['facilitator', 'it', 'helpdesk'] as const;
export const facilitatorRoleSchema = z.enum(facilitatorRoles);
export type FacilitatorRole = z.infer<typeof facilitatorRoleSchema>;

/**
 * The roles a key acts in: the one it was enrolled with; every role for the kiosk's built-in
 * key (training's practice key), so training reaches every screen.
 */
const actingRolesSchema = z.array(facilitatorRoleSchema).min(1);

/** The person behind an unlock: taken from the stored credential, never typed. */
export const facilitatorIdentitySchema = z.object({
  id: z.string(),
  name: z.string(),
  role: facilitatorRoleSchema,
  roles: actingRolesSchema,
});
export type FacilitatorIdentity = z.infer<typeof facilitatorIdentitySchema>;

/** `attendeeJourney`: an identity was confirmed, the attendee's journey holds the kiosk until a facilitator unlocks again. */
export const lockReasonSchema = z.enum(['started', 'manual', 'idle', 'keyRemoved', 'attendeeJourney']);
export type LockReason = z.infer<typeof lockReasonSchema>;

export const accessStateSchema = z.object({
  locked: z.boolean(),
  /** Who unlocked it; null while locked. */
  facilitator: facilitatorIdentitySchema.nullable(),
  /** Why it is locked now (null while unlocked). */
  lockedBecause: lockReasonSchema.nullable(),
  /** No facilitator key is enrolled yet: the first one needs a setup code. */
  setupNeeded: z.boolean(),
  /** Training only: the PIN of the built-in training facilitator key, shown on the banner. */
  trainingKeyPin: z.string().nullable(),
  /** Seconds without facilitator activity before the kiosk locks itself. */
  idleLockSeconds: z.number().int().positive(),
  /**
   * While locked, soon after a PIN unlock: that facilitator's touch alone unlocks, until `until`
   * (the PIN unlock plus idleLockSeconds). Null: the unlock needs the PIN.
   */
  touchUnlock: z.object({ name: z.string(), until: z.string() }).nullable(),
});
export type AccessState = z.infer<typeof accessStateSchema>;

export const facilitatorKeyViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: facilitatorRoleSchema,
  roles: actingRolesSchema,
  keyModel: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  lastUsedAt: z.string().nullable(),
  /** False for the only key: without it nobody could unlock the kiosk. */
  removable: z.boolean(),
  /** In a fleet: the kiosk the key was enrolled at (`here`: this one); null for a kiosk on its own. */
  enrolledAt: z.object({ kioskId: z.string(), kioskName: z.string(), here: z.boolean() }).nullable(),
  /** A key of another kiosk: when this kiosk last found it in the fleet (it unlocks offline for a while after). */
  copiedAt: z.string().nullable(),
});
export type FacilitatorKeyView = z.infer<typeof facilitatorKeyViewSchema>;
