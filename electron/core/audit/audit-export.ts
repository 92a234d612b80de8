import { sign } from 'node:crypto';
import { hostname } from 'node:os';
import type { AuditLog } from '../store/audit-log';
import { canonicalJson } from '../store/canonical-json';
import { AUDIT_EXPORT_FORMAT, type AuditExportFile, type AuditExportHead } from './audit-export-format';
import type { KioskSigningKey } from './kiosk-signing-key';

export interface AuditExportRequest {
  /** ISO instants: events written from `from` (inclusive) to `to` (exclusive). */
  from: string;
  to: string;
  /** Who exported: the unlocked key's name, or the terminal command. */
  by: string;
}

/** The bytes of the head the signature covers: its canonical JSON, the same text the verifier rebuilds. */
export function signedBytes(head: AuditExportHead): Buffer {
  return Buffer.from(canonicalJson(head), 'utf8');
}

/**
 * The range of the audit log as one signed export file, and an audit event saying it left the
 * kiosk (written after the export, so it falls in the next one). The file is pretty-printed
 * JSON: a person can read it, and its events are checked by their hashes, not their spacing.
 */
export function exportAuditRange(audit: AuditLog, key: KioskSigningKey, request: AuditExportRequest, now: Date): { file: AuditExportFile; text: string } {
  const { from, to } = { from: new Date(request.from).toISOString(), to: new Date(request.to).toISOString() };
  const range = audit.range(from, to);
  const last = range.rows.at(-1);
  const head: AuditExportHead = {
    format: AUDIT_EXPORT_FORMAT,
    kiosk: { host: hostname(), publicKey: key.publicKey, fingerprint: key.fingerprint },
    range: { from, to },
    exportedAt: now.toISOString(),
    exportedBy: request.by,
    events: range.rows.length,
    firstSeq: range.firstSeq,
    lastSeq: range.firstSeq + range.rows.length - 1,
    prevHash: range.prevHash,
    headHash: last?.hash ?? range.prevHash,
  };
  const file: AuditExportFile = {
    head,
    signature: { alg: 'Ed25519', value: sign(null, signedBytes(head), key.privateKey).toString('base64') },
    events: range.rows.map((row) => ({ seq: row.seq, at: row.at, actor: row.actor, action: row.action, subject: row.subject, data: row.data, prevHash: row.prevHash, hash: row.hash })),
  };
  audit.append({
    actor: request.by,
    action: 'audit.exported',
    subject: null,
    data: { from, to, events: head.events, firstSeq: head.firstSeq, lastSeq: head.lastSeq, headHash: head.headHash, fingerprint: key.fingerprint },
  });
  return { file, text: `${JSON.stringify(file, null, 2)}\n` };
}

/** A file name that says what is in it: the days of the range (UTC). */
export function auditExportFilename(from: string, to: string): string {
  const lastDay = new Date(new Date(to).getTime() - 1).toISOString().slice(0, 10);
  return `audit-log-${new Date(from).toISOString().slice(0, 10)}-to-${lastDay}.json`;
}
