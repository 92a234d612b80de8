import { z } from 'zod';
import { defineCall } from './define';
import { messageSchema } from './messages';

export const idpStatusSchema = z.object({
  kind: z.enum(['training', 'entra', 'keycloak', 'authentik']),
  label: z.string(),
  training: z.boolean(),
  capabilities: z.object({
    findBy: z.array(z.enum(['badgeId', 'email', 'username'])),
    platformPasskeyLink: z.enum(['temporaryAccessPass', 'requiredAction', 'recoveryLink', 'training']),
    backupKey: z.enum(['onBehalf', 'kioskChallenge', 'flowExecutor']),
    recoveryCodes: z.enum(['idpIssued', 'kioskIssuedHashed', 'unsupported']),
    offlineKeyRegistration: z.boolean(),
  }),
  /** Why recovery codes are unsupported, for the screen that would otherwise offer them. */
  recoveryCodesNote: messageSchema.nullable(),
  health: z.object({ ok: z.boolean(), latencyMs: z.number(), says: messageSchema, checkedAt: z.string() }),
  lastError: z
    .object({
      kind: z.enum(['transient', 'rateLimited', 'unauthorized', 'permanent']),
      says: messageSchema,
      /** What the IdP itself said, in its own words. */
      idpMessage: z.string().nullable(),
      at: z.string(),
    })
    .nullable(),
  /** When something the kiosk queued for the IdP last reached it (ISO); null when nothing has since the kiosk started. */
  lastSuccessAt: z.string().nullable(),
});
export type IdpStatus = z.infer<typeof idpStatusSchema>;

export const idpCalls = {
  /** Which IdP the kiosk talks to, what it can do, whether it answers now, and its last failure. */
  'idp.status': defineCall(z.object({}).strict(), idpStatusSchema),
};
