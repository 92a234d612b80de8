import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { message, type Message } from '../../../shared/contract/messages';
import { hashEvent } from '../store/audit-log';
import { signedBytes } from './audit-export';
import { auditExportFileSchema, type AuditExportEvent, type AuditExportFile, type AuditExportHead } from './audit-export-format';
import { publicKeyFingerprint } from './kiosk-signing-key';

/** What is wrong, in the words the verify command prints. */
export type AuditExportFault = 'unreadable' | 'signature wrong' | 'public key wrong' | 'changed' | 'missing' | 'inserted';

export type AuditExportCheck =
  | { ok: true; head: AuditExportHead }
  | { ok: false; fault: AuditExportFault; /** The first event that does not match, where one can be named. */ seq: number | null; problem: Message; head: AuditExportHead | null };

/**
 * Checks an export on its own: the file's form, the signature over its head (with the key in
 * the file, and that key against the one IT recorded when given), then the chain from the
 * head's prevHash through every event to its headHash, naming the first event that does not
 * match.
 */
export function verifyAuditExport(text: string, options: { expectedKey?: string } = {}): AuditExportCheck {
  const parsed = parseExport(text);
  if ('problem' in parsed) return { ok: false, fault: 'unreadable', seq: null, problem: parsed.problem, head: null };
  const { head } = parsed;
  const bad = (fault: AuditExportFault, seq: number | null, problem: Message): AuditExportCheck => ({ ok: false, fault, seq, problem, head });

  const publicKey = keyFrom(head.kiosk.publicKey);
  const signature = Buffer.from(parsed.signature.value, 'base64');
  if (!publicKey || publicKeyFingerprint(publicKey) !== head.kiosk.fingerprint || !verify(null, signedBytes(head), publicKey, signature)) {
    return bad('signature wrong', null, message('audit.signatureWrong'));
  }
  if (options.expectedKey !== undefined && fingerprintOf(options.expectedKey) !== head.kiosk.fingerprint) {
    return bad('public key wrong', null, message('audit.publicKeyNotRecorded', { fingerprint: head.kiosk.fingerprint, expected: options.expectedKey.trim().slice(0, 100) }));
  }
  const fault = firstFault(head, parsed.events);
  return fault ? bad(fault.fault, fault.seq, fault.problem) : { ok: true, head };
}

function firstFault(head: AuditExportHead, events: AuditExportEvent[]): { fault: AuditExportFault; seq: number | null; problem: Message } | null {
  let expected = head.firstSeq;
  let prevHash = head.prevHash;
  let before: AuditExportEvent | null = null;
  for (const event of events) {
    if (event.seq < expected || event.seq > head.lastSeq) return { fault: 'inserted', seq: event.seq, problem: message('audit.eventInserted', { seq: event.seq }) };
    if (event.seq > expected) return { fault: 'missing', seq: expected, problem: message('audit.eventMissing', { seq: expected, next: event.seq }) };
    if (event.prevHash !== prevHash) {
      // The event before this one claims the same predecessor: it was put in between.
      if (before && event.prevHash === before.prevHash) return { fault: 'inserted', seq: before.seq, problem: message('audit.eventInserted', { seq: before.seq }) };
      return { fault: 'changed', seq: event.seq, problem: message('audit.chainBroken', { seq: event.seq }) };
    }
    if (hashEvent(prevHash, event.seq, event.at, event) !== event.hash) return { fault: 'changed', seq: event.seq, problem: message('audit.eventChanged', { seq: event.seq }) };
    prevHash = event.hash;
    expected += 1;
    before = event;
  }
  if (expected <= head.lastSeq) return { fault: 'missing', seq: expected, problem: message('audit.exportEndsEarly', { seq: expected, last: head.lastSeq }) };
  // Every event follows from the one before, yet not to the signed head: the chain was rewritten
  // with its hashes recomputed, and which event was first changed can no longer be told.
  if (prevHash !== head.headHash) return { fault: 'changed', seq: null, problem: message('audit.headNotReached', { head: head.headHash }) };
  return null;
}

function parseExport(text: string): AuditExportFile | { problem: Message } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problem: message('audit.exportUnreadable', { problem: `not JSON: ${(error as Error).message}`.slice(0, 200) }) };
  }
  const result = auditExportFileSchema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  return { problem: message('audit.exportUnreadable', { problem: `${issue?.path.join('.') || 'the file'}: ${issue?.message ?? 'not the export format'}`.slice(0, 200) }) };
}

function keyFrom(text: string): KeyObject | null {
  try {
    const key = text.includes('-----BEGIN') ? createPublicKey(text) : createPublicKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'spki' });
    return key.asymmetricKeyType === 'ed25519' ? key : null;
  } catch {
    return null;
  }
}

/** The key IT recorded, as its fingerprint (as the status screen shows it) or as the public key itself (base64 SPKI or PEM). */
function fingerprintOf(expected: string): string {
  const text = expected.trim();
  if (text.startsWith('SHA256:')) return text;
  const key = keyFrom(text);
  return key ? publicKeyFingerprint(key) : `SHA256:${text}`;
}
