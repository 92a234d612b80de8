import { z } from 'zod';

/**
 * Where a sealed backup-key envelope is: sealed at the kiosk → collected by IT → in the safe →
 * handed out to its owner → returned; destroyed ends it. The allowed moves live in the core
 * (electron/core/custody/envelope-transitions.ts); screens show the ones it offers.
 */
export const envelopeStates = ['sealed', 'collected', 'inSafe', 'handedOut', 'returned', 'destroyed'] as const;
export const envelopeStateSchema = z.enum(envelopeStates);
export type EnvelopeState = z.infer<typeof envelopeStateSchema>;

/** One envelope as the envelopes table keeps it: no names, the roster has those. */
export const envelopeSchema = z.object({
  id: z.string(),
  /** The custody value printed as the label's QR code, e.g. ENV-7F3K2M9Q. */
  code: z.string(),
  /** As typed from the pre-numbered envelope ("E-004711"), or from the configured sequence (K001000). */
  sealNumber: z.string(),
  sessionId: z.string(),
  attendeeId: z.string(),
  keyModel: z.string().nullable(),
  /** The backup credential's short fingerprint, as on the journey screen and the label. */
  fingerprint: z.string(),
  state: envelopeStateSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The number of its current label: 1 is the original; more means the label is a reprint. */
  labelPrints: z.number().int().min(1),
  /** When a label of this envelope last printed; null while none has (see labelMissing). */
  labelPrintedAt: z.string().nullable(),
});
export type Envelope = z.infer<typeof envelopeSchema>;

/**
 * An envelope counts as sealed only together with its printed label. Until a label prints (the
 * print at the kiosk failed, or the kiosk stopped in between) custody shows "label missing",
 * counted apart from its state, with the print leading; a destroyed envelope needs no label.
 */
export function labelMissing(envelope: Pick<Envelope, 'labelPrintedAt' | 'state'>): boolean {
  return envelope.labelPrintedAt === null && envelope.state !== 'destroyed';
}

export const envelopeOwnerSchema = z.object({
  givenName: z.string(),
  familyName: z.string(),
  department: z.string(),
  badgeId: z.string(),
});
export type EnvelopeOwner = z.infer<typeof envelopeOwnerSchema>;

export const envelopeSessionSchema = z.object({
  id: z.string(),
  department: z.string(),
  facilitator: z.string(),
  startedAt: z.string(),
});

export const envelopeHistoryEntrySchema = z.object({
  /** print: the envelope's first label printed; reprint: a label printed again. */
  action: z.enum(['seal', 'print', 'move', 'reprint']),
  /** null for the seal, which starts the history. */
  from: envelopeStateSchema.nullable(),
  /** The state after the action (a print leaves it as it was). */
  to: envelopeStateSchema,
  actor: z.string(),
  at: z.string(),
  /** The move's note, or why IT printed the label. */
  note: z.string().nullable(),
  /** A move made in the fleet at another kiosk: that kiosk's name (absent for this kiosk's own doings). */
  kiosk: z.string().optional(),
});
export type EnvelopeHistoryEntry = z.infer<typeof envelopeHistoryEntrySchema>;

/**
 * Where custody answered from: this kiosk alone (no fleet configured), the fleet (every kiosk's
 * envelopes), or this kiosk's own envelopes because the fleet cannot be reached just now.
 */
export const custodySourceSchema = z.enum(['kiosk', 'fleet', 'kioskOnly']);
export type CustodySource = z.infer<typeof custodySourceSchema>;

/** An envelope as the fleet holds it: where it was sealed and how many moves the fleet decided. */
export const fleetCustodySchema = z.object({
  /** The kiosk that sealed it, by its name; null when it was this one. */
  sealedAtKiosk: z.string().nullable(),
  /** Moves decided in the fleet so far; a move names the version it saw, so a move made meanwhile is noticed. */
  version: z.number().int().min(0),
});
export type FleetCustody = z.infer<typeof fleetCustodySchema>;

/** Everything the custody screen shows about one envelope. */
export const custodyRecordSchema = z.object({
  envelope: envelopeSchema,
  owner: envelopeOwnerSchema,
  session: envelopeSessionSchema,
  history: z.array(envelopeHistoryEntrySchema),
  /** The states this envelope may move to now, in the order a person would usually choose. */
  next: z.array(envelopeStateSchema),
  /** Whether its label may be printed (again): not once the envelope is destroyed, nor at a kiosk that did not seal it. */
  reprintable: z.boolean(),
  /** Its place in the fleet; null without a fleet, or while the fleet cannot be reached. */
  fleet: fleetCustodySchema.nullable(),
});
export type CustodyRecord = z.infer<typeof custodyRecordSchema>;

export const custodyLookupSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('found'), record: custodyRecordSchema, source: custodySourceSchema }),
  /** query: what was looked for, as the kiosk read it (trimmed). */
  z.object({ kind: z.literal('unknown'), query: z.string(), source: custodySourceSchema }),
]);
export type CustodyLookup = z.infer<typeof custodyLookupSchema>;

/** What an envelope label carries (DESIGN.md §1 step 5), for the print service. */
export const envelopeLabelSchema = z.object({
  code: z.string(),
  sealNumber: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  department: z.string(),
  keyModel: z.string().nullable(),
  fingerprint: z.string(),
  sealedAt: z.string(),
  facilitator: z.string(),
  /** 1 for the original label; the label says REPRINT when it is more. */
  printNumber: z.number().int().min(1),
  reprint: z.boolean(),
});
export type EnvelopeLabel = z.infer<typeof envelopeLabelSchema>;

export const custodyListSchema = z.object({
  /** Newest first; sealedAtKiosk names another kiosk of the fleet that sealed it (null: this one). */
  envelopes: z.array(z.object({ envelope: envelopeSchema, owner: envelopeOwnerSchema, sealedAtKiosk: z.string().nullable() })),
  /** Every session that has envelopes, newest first, for the session filter (kiosk: as for envelopes). */
  sessions: z.array(envelopeSessionSchema.extend({ envelopes: z.number().int(), kiosk: z.string().nullable() })),
  /** Envelopes per state within the session filter, for the state filter; those with their label missing count apart. */
  counts: z.record(envelopeStateSchema, z.number().int()),
  labelMissing: z.number().int(),
  source: custodySourceSchema,
});
export type CustodyList = z.infer<typeof custodyListSchema>;
