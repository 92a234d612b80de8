import { z } from 'zod';
import { envelopeStateSchema } from './custody';
import { passkeyOfferSchema } from './journey';
import { secondSignalSchema } from './session';

/** The person at the IdP, as the IdP answered the helpdesk's search. */
export const recoveryPersonSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  username: z.string().nullable(),
  email: z.string().nullable(),
  badgeId: z.string().nullable(),
});
export type RecoveryPerson = z.infer<typeof recoveryPersonSchema>;

export const authenticatorTypeSchema = z.enum(['passkey', 'securityKey', 'recoveryCodes', 'password', 'other']);

/** One of the person's authenticators as the IdP lists it; null where the IdP does not say. */
export const recoveryAuthenticatorSchema = z.object({
  id: z.string(),
  type: authenticatorTypeSchema,
  name: z.string(),
  model: z.string().nullable(),
  aaguid: z.string().nullable(),
  createdAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  /** This recovery queued its revocation already. */
  revoking: z.boolean(),
});
export type RecoveryAuthenticator = z.infer<typeof recoveryAuthenticatorSchema>;

/** An envelope of the person's backup key (matched by the roster's badge or email). */
export const recoveryEnvelopeSchema = z.object({
  code: z.string(),
  sealNumber: z.string(),
  state: envelopeStateSchema,
  keyModel: z.string().nullable(),
  fingerprint: z.string(),
  sealedAt: z.string(),
});
export type RecoveryEnvelope = z.infer<typeof recoveryEnvelopeSchema>;

export const recoveryActKinds = ['started', 'identityChecked', 'revoked', 'envelopeHandedOut', 'passkeyLink', 'passkeyFound', 'resealed', 'keyReplaced', 'completed'] as const;
export const recoveryActKindSchema = z.enum(recoveryActKinds);
export type RecoveryActKind = z.infer<typeof recoveryActKindSchema>;

/** One act of the recovery, with the id of what it made or moved. */
export const recoveryActSchema = z.object({
  kind: recoveryActKindSchema,
  ref: z.string(),
  actor: z.string(),
  at: z.string(),
});
export type RecoveryAct = z.infer<typeof recoveryActSchema>;

/** The guided flow's stops, in order; `next` is the first one not done. */
export const recoveryStops = ['identity', 'authenticators', 'envelope', 'passkey', 'backupKey', 'done'] as const;
export const recoveryStopSchema = z.enum(recoveryStops);
export type RecoveryStop = z.infer<typeof recoveryStopSchema>;

export const recoveryIdentityCheckSchema = z.object({
  id: z.number().int(),
  faceConfirmed: z.boolean(),
  secondSignal: secondSignalSchema,
  note: z.string().nullable(),
  by: z.string(),
  at: z.string(),
});

export const recoveryPasskeySchema = z.object({
  phase: z.enum(['notStarted', 'waiting', 'found']),
  offer: passkeyOfferSchema.nullable(),
  found: z.object({ authenticatorId: z.string(), name: z.string() }).nullable(),
});

export const recoveryViewSchema = z.object({
  id: z.string(),
  status: z.enum(['open', 'completed']),
  person: recoveryPersonSchema,
  startedBy: z.string(),
  startedAt: z.string(),
  next: recoveryStopSchema,
  identityCheck: recoveryIdentityCheckSchema.nullable(),
  /** Authenticator ids whose revocation this recovery queued. */
  revoked: z.array(z.string()),
  envelopes: z.array(recoveryEnvelopeSchema),
  /** The envelope handed out to the person in this recovery. */
  handedOut: z.string().nullable(),
  passkey: recoveryPasskeySchema,
  /** How the backup key ended: re-sealed in a new envelope, or replaced (the new envelope's code). */
  backupKey: z.object({ outcome: z.enum(['resealed', 'replaced']), envelopeCode: z.string() }).nullable(),
  acts: z.array(recoveryActSchema),
});
export type RecoveryView = z.infer<typeof recoveryViewSchema>;

export const recoverySummarySchema = z.object({
  id: z.string(),
  displayName: z.string(),
  status: z.enum(['open', 'completed']),
  next: recoveryStopSchema,
  startedAt: z.string(),
  startedBy: z.string(),
});
export type RecoverySummary = z.infer<typeof recoverySummarySchema>;
