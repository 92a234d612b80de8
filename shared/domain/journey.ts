import { z } from 'zod';
import { journeyStepIds } from './step-table';
import { stepIdSchema, stepStateSchema } from './steps';
import { errorBodySchema } from '../contract/errors';
import { messageSchema } from '../contract/messages';
import { kioskModeSchema } from './mode';

/** Where the attendee is: the first journey step neither done nor skipped, or done when none is left. */
export const journeyPlaceSchema = z.enum([...journeyStepIds, 'done']);
export type JourneyPlace = z.infer<typeof journeyPlaceSchema>;

export const passkeyLinkKindSchema = z.enum(['temporaryAccessPass', 'requiredAction', 'recoveryLink', 'training']);

/**
 * notStarted: no link shown yet (or lost with a restart); waiting: the QR is up and the kiosk
 * watches the IdP; expired: the link ran out; timedOut: the kiosk stopped watching before
 * anything appeared; unreachable: the IdP did not answer.
 */
export const passkeyPhaseSchema = z.enum(['notStarted', 'waiting', 'expired', 'timedOut', 'unreachable']);
export type PasskeyPhase = z.infer<typeof passkeyPhaseSchema>;

export const passkeyOfferSchema = z.object({
  kind: passkeyLinkKindSchema,
  url: z.string(),
  /** The QR code of `url` as an SVG data: URL, made by the core with `qrcode`. */
  qr: z.string(),
  expiresAt: z.string(),
  /** Entra's Temporary Access Pass: shown large, never stored or logged. */
  code: z.string().nullable(),
  /** Training only: the same page, to practise on the kiosk's own screen. */
  practiseUrl: z.string().nullable(),
});
export type PasskeyOffer = z.infer<typeof passkeyOfferSchema>;

export const passkeyStateSchema = z.object({
  phase: passkeyPhaseSchema,
  offer: passkeyOfferSchema.nullable(),
  /** What went wrong, from the IdP connector, for the unreachable screen. */
  problem: messageSchema.nullable(),
  /** The passkey the IdP listed once it appeared. */
  found: z.object({ name: z.string(), at: z.string() }).nullable(),
});
export type PasskeyState = z.infer<typeof passkeyStateSchema>;

export const backupKeyResultSchema = z.object({
  model: z.string().nullable(),
  aaguid: z.string().nullable(),
  /** Short, readable credential fingerprint for the envelope label: 8 hex digits in two groups. */
  fingerprint: z.string(),
  /** registered: made on the key, test sign-in still to do; done: tested and queued for the IdP. */
  phase: z.enum(['registered', 'done']),
});
export type BackupKeyResult = z.infer<typeof backupKeyResultSchema>;

/** The recovery-codes step as the screen sees it: never the codes themselves, which go only to paper. */
export const recoveryCodesStateSchema = z.object({
  mode: z.enum(['kioskIssuedHashed', 'idpIssued', 'unsupported']),
  /** Where the IdP has no codes: why. */
  note: messageSchema.nullable(),
  printed: z.boolean(),
  reprintsLeft: z.number().int().min(0),
  /** How many codes are on the printed sheet. */
  count: z.number().int().nullable(),
  /** Training: the sheet went to the training printer; its page is shown on screen by this handle. */
  onScreen: z.string().nullable(),
  /**
   * A sheet printed before the kiosk restarted: its codes were lost with the restart (they are
   * never kept), so that paper is void and a new sheet is printed. When it was printed.
   */
  voidSheetPrintedAt: z.string().nullable(),
});
export type RecoveryCodesState = z.infer<typeof recoveryCodesStateSchema>;

/** The sealed envelope of the backup key, once its label is printed. */
export const envelopeStateViewSchema = z.object({
  code: z.string(),
  sealNumber: z.string(),
  /** Training: the label went to the training printer; its page is shown on screen by this handle. */
  onScreen: z.string().nullable(),
});

export const journeyViewSchema = z.object({
  sessionId: z.string(),
  attendeeId: z.string(),
  /** Only the name: an attendee screen shows nothing else about anybody. */
  attendee: z.object({ givenName: z.string(), familyName: z.string() }),
  mode: kioskModeSchema,
  idpLabel: z.string(),
  place: journeyPlaceSchema,
  steps: z.record(stepIdSchema, stepStateSchema),
  passkey: passkeyStateSchema,
  backupKey: backupKeyResultSchema.nullable(),
  recoveryCodes: recoveryCodesStateSchema,
  envelope: envelopeStateViewSchema.nullable(),
});
export type JourneyView = z.infer<typeof journeyViewSchema>;

export const pinRuleSchema = z.enum(['tooShort', 'tooLong', 'repeated', 'sequence', 'common']);
export type PinRule = z.infer<typeof pinRuleSchema>;

/**
 * What the attendee does next with a key, as the core decides it: choose a first PIN, enter
 * the PIN, or nothing with this key (taken by another attendee, PIN blocked), for the reason
 * the problem carries as an error would.
 */
export const keyNextStageSchema = z.discriminatedUnion('stage', [
  z.object({ stage: z.literal('newPin') }),
  z.object({ stage: z.literal('pin') }),
  z.object({ stage: z.literal('problem'), problem: errorBodySchema }),
]);
export type KeyNextStage = z.infer<typeof keyNextStageSchema>;

/** A backup key as the journey sees it, before anything is written to it. */
export const journeyKeySchema = z.object({
  path: z.string(),
  model: z.string().nullable(),
  aaguid: z.string().nullable(),
  training: z.boolean(),
  pinState: z.enum(['set', 'notSet', 'unsupported']),
  pinRetries: z.number().int().min(0).nullable(),
  powerCycleRequired: z.boolean(),
  /** The longer of the key's and the kiosk's minimum. */
  minPinLength: z.number().int().min(4),
  /** The key already holds a backup credential made for another attendee of this session. */
  usedForOtherAttendee: z.boolean(),
  next: keyNextStageSchema,
});
export type JourneyKey = z.infer<typeof journeyKeySchema>;
