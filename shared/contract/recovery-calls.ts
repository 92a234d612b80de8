import { z } from 'zod';
import { NOTE_MAX, PIN_MAX, SCANNED_CODE_MAX, SEAL_NUMBER_MAX } from '../domain/limits';
import { localeSchema } from '../domain/locale';
import { recoveryAuthenticatorSchema, recoverySummarySchema, recoveryViewSchema } from '../domain/recovery';
import { secondSignalSchema } from '../domain/session';
import { defineCall } from './define';

const recoveryId = z.string().min(1).max(100);
const recovery = { recoveryId };
const newEnvelope = { sealNumber: z.string().trim().min(1).max(SEAL_NUMBER_MAX).nullable(), locale: localeSchema };

/**
 * The helpdesk's recovery of a person (DESIGN.md section 1). Who acts is the unlocked
 * helpdesk person (from their key); every call answers with the recovery as the screen shows it.
 */
export const recoveryCalls = {
  /** Finds the person at the IdP by one field; resumes their open recovery, else starts one. */
  'recovery.start': defineCall(
    z.object({ field: z.enum(['badgeId', 'email', 'username']), value: z.string().trim().min(1).max(SCANNED_CODE_MAX) }).strict(),
    recoveryViewSchema,
  ),
  /** Open recoveries first, then the latest, to resume one. */
  'recovery.list': defineCall(z.object({}).strict(), z.object({ recoveries: z.array(recoverySummarySchema) })),
  'recovery.get': defineCall(z.object(recovery).strict(), recoveryViewSchema),
  'recovery.identity.confirm': defineCall(
    z.object({ recoveryId, faceConfirmed: z.literal(true), secondSignal: secondSignalSchema, note: z.string().trim().max(NOTE_MAX).optional() })
      .strict()
      .refine((v) => v.secondSignal !== 'other' || (v.note ?? '').length > 0, {
        message: 'A note is required when the second signal is "other".',
        path: ['note'],
        when: (payload) => typeof payload.value === 'object' && payload.value !== null,
      }),
    recoveryViewSchema,
  ),
  /** The person's authenticators as the IdP lists them now. */
  'recovery.authenticators': defineCall(z.object(recovery).strict(), z.object({ authenticators: z.array(recoveryAuthenticatorSchema) })),
  /** The lost ones, revoked through the outbox; an empty list: nothing to revoke. */
  'recovery.revoke': defineCall(z.object({ recoveryId, authenticatorIds: z.array(z.string().min(1).max(512)).max(50) }).strict(), recoveryViewSchema),
  /** The person's envelope (its label's QR value or seal number) from the safe to them. */
  'recovery.handOut': defineCall(z.object({ recoveryId, code: z.string().trim().min(1).max(SCANNED_CODE_MAX) }).strict(), recoveryViewSchema),
  /** The new phone passkey's QR; the kiosk watches the IdP until it appears. */
  'recovery.passkey.start': defineCall(z.object(recovery).strict(), recoveryViewSchema),
  /** Asks the IdP now whether the new passkey appeared. */
  'recovery.passkey.check': defineCall(z.object(recovery).strict(), recoveryViewSchema),
  /** The handed-out key into a new envelope: label printed, back to the safe. */
  'recovery.reseal': defineCall(z.object({ ...recovery, ...newEnvelope }).strict(), recoveryViewSchema),
  /** A replacement key enrolled on the person's behalf; the old one revoked, its envelope destroyed. */
  'recovery.replaceKey': defineCall(
    z.object({ ...recovery, ...newEnvelope, path: z.string().min(1).max(512), pin: z.string().min(1).max(PIN_MAX), oldAuthenticatorId: z.string().min(1).max(512) }).strict(),
    recoveryViewSchema,
  ),
  'recovery.complete': defineCall(z.object(recovery).strict(), recoveryViewSchema),
};
