import { z } from 'zod';

/**
 * The audit export: one JSON file. `head` is what the kiosk signs (Ed25519 over its canonical
 * JSON): which kiosk, which time range, where in the chain the range starts (`prevHash`, the
 * hash of the event before `firstSeq`) and the hash of its last event (`headHash`). Because
 * every event's hash covers the one before it, signing the head signs every event in between;
 * `events` are the rows as the kiosk stored them, in seq order.
 */
export const AUDIT_EXPORT_FORMAT = 'enrollment-kiosk.audit-export.v1';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
const instant = z.string().datetime({ offset: true });

export const auditExportHeadSchema = z
  .object({
    format: z.literal(AUDIT_EXPORT_FORMAT),
    kiosk: z.object({
      /** The machine's host name, for people; the key is what identifies the kiosk. */
      host: z.string(),
      /** base64 of the SPKI DER of the kiosk's Ed25519 public key. */
      publicKey: z.string().min(1),
      fingerprint: z.string(),
    }).strict(),
    /** Events written from `from` (inclusive) to `to` (exclusive), by the kiosk's clock. */
    range: z.object({ from: instant, to: instant }).strict(),
    exportedAt: instant,
    exportedBy: z.string(),
    events: z.number().int().nonnegative(),
    firstSeq: z.number().int().positive(),
    /** firstSeq - 1 when the range holds no event. */
    lastSeq: z.number().int().nonnegative(),
    prevHash: sha256Hex,
    /** The hash of event lastSeq; prevHash when the range holds no event. */
    headHash: sha256Hex,
  })
  .strict();
export type AuditExportHead = z.infer<typeof auditExportHeadSchema>;

export const auditExportEventSchema = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    subject: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
    prevHash: z.string(),
    hash: z.string(),
  })
  .strict();
export type AuditExportEvent = z.infer<typeof auditExportEventSchema>;

export const auditExportFileSchema = z
  .object({
    head: auditExportHeadSchema,
    signature: z.object({ alg: z.literal('Ed25519'), value: z.string().min(1) }).strict(),
    events: z.array(auditExportEventSchema),
  })
  .strict();
export type AuditExportFile = z.infer<typeof auditExportFileSchema>;
