import { randomUUID } from 'node:crypto';
import { KioskError } from '../../../shared/contract/errors';
import { message } from '../../../shared/contract/messages';
import type { Envelope } from '../../../shared/domain/custody';
import type { RecoveryActKind, RecoveryPerson, RecoveryStop, RecoverySummary, RecoveryView } from '../../../shared/domain/recovery';
import type { EventBus } from '../events/event-bus';
import type { Clock } from '../ports/clock';
import type { AuditLog } from '../store/audit-log';
import { EnvelopesRepository } from '../store/envelopes-repository';
import type { Db } from '../store/open-database';
import { RecoveriesRepository, type RecoveryRow, type StoredAct } from '../store/recoveries-repository';

/** How many recoveries the helpdesk's list shows. */
const LIST_LIMIT = 50;

/**
 * The recovery record: one row per recovery and its append-only acts, each written together
 * with its audit event (action `recovery.<kind>`, subject the recovery id) in the caller's
 * transaction. The view is computed from the acts, so an interrupted recovery resumes where its
 * last act left it.
 */
export class RecoveryRecords {
  readonly repo: RecoveriesRepository;
  readonly envelopes: EnvelopesRepository;

  constructor(
    readonly db: Db,
    private readonly audit: AuditLog,
    private readonly events: EventBus,
    private readonly clock: Clock,
  ) {
    this.repo = new RecoveriesRepository(db);
    this.envelopes = new EnvelopesRepository(db);
  }

  nowIso(): string {
    return this.clock.now().toISOString();
  }

  nowMs(): number {
    return this.clock.now().getTime();
  }

  create(person: RecoveryPerson, foundBy: RecoveryRow['foundBy'], actor: string): RecoveryRow {
    const at = this.nowIso();
    const row: RecoveryRow = { id: randomUUID(), person, foundBy, status: 'open', startedBy: actor, startedAt: at, updatedAt: at };
    this.db.transaction(() => {
      this.repo.insert(row);
      this.act(row.id, 'started', person.id, actor, { foundBy });
    })();
    return row;
  }

  /** The recovery by id, or not_found; `open` also refuses a completed one. */
  require(id: string, open = true): RecoveryRow {
    const row = this.repo.get(id);
    if (!row) throw new KioskError('not_found', message('recovery.notFound', { recoveryId: id.slice(0, 40) }));
    if (open && row.status === 'completed') throw new KioskError('conflict', message('recovery.completed', { at: row.updatedAt }));
    return row;
  }

  /** The recovery's identity check; refuses every act that needs one before it exists. */
  requireIdentity(id: string): { checkId: number } {
    const check = this.repo.identityCheck(id);
    if (!check) throw new KioskError('conflict', message('recovery.identityFirst'));
    return { checkId: check.id };
  }

  /** Appends an act and its audit event; call inside the transaction that makes the act's change. */
  act(recoveryId: string, kind: RecoveryActKind, ref: string, actor: string, data: Record<string, unknown>): void {
    const at = this.nowIso();
    this.repo.addAct(recoveryId, { kind, ref, actor, at, data });
    this.repo.touch(recoveryId, at);
    this.audit.append({ actor, action: `recovery.${kind}`, subject: recoveryId, data: { ref, ...data } });
  }

  acts(recoveryId: string, kind?: RecoveryActKind): StoredAct[] {
    const all = this.repo.acts(recoveryId);
    return kind ? all.filter((act) => act.kind === kind) : all;
  }

  /** The authenticators whose revocation this recovery queued (an act with none: nothing was to revoke). */
  revokedIds(recoveryId: string): string[] {
    return this.acts(recoveryId, 'revoked').flatMap((act) => (typeof act.data.authenticatorId === 'string' ? [act.data.authenticatorId] : []));
  }

  last(recoveryId: string, kind: RecoveryActKind): StoredAct | null {
    return this.acts(recoveryId, kind).at(-1) ?? null;
  }

  /** The person's envelopes (by the roster's badge or email). */
  envelopesOf(person: RecoveryPerson): Envelope[] {
    return this.envelopes.byOwner({ badgeId: person.badgeId, email: person.email });
  }

  publish(recoveryId: string): void {
    this.events.publish('recovery.changed', { recoveryId });
  }

  list(): RecoverySummary[] {
    return this.repo.list(LIST_LIMIT).map((row) => ({
      id: row.id,
      displayName: row.person.displayName,
      status: row.status,
      next: this.next(row, this.repo.acts(row.id)),
      startedAt: row.startedAt,
      startedBy: row.startedBy,
    }));
  }

  /** What the screen shows; the passkey's offer lives only in memory and comes from the caller. */
  view(id: string, passkey: RecoveryView['passkey']['offer']): RecoveryView {
    const row = this.require(id, false);
    const acts = this.repo.acts(id);
    const check = this.repo.identityCheck(id);
    const found = acts.findLast((act) => act.kind === 'passkeyFound');
    const backup = acts.findLast((act) => act.kind === 'resealed' || act.kind === 'keyReplaced');
    return {
      id: row.id,
      status: row.status,
      person: row.person,
      startedBy: row.startedBy,
      startedAt: row.startedAt,
      next: this.next(row, acts),
      identityCheck: check && { id: check.id, faceConfirmed: check.faceConfirmed, secondSignal: check.secondSignal, note: check.note, by: check.helpdesk, at: check.decidedAt },
      revoked: this.revokedIds(id),
      envelopes: this.envelopesOf(row.person).map((e) => ({ code: e.code, sealNumber: e.sealNumber, state: e.state, keyModel: e.keyModel, fingerprint: e.fingerprint, sealedAt: e.createdAt })),
      handedOut: acts.findLast((act) => act.kind === 'envelopeHandedOut')?.ref ?? null,
      passkey: {
        phase: found ? 'found' : passkey ? 'waiting' : 'notStarted',
        offer: found ? null : passkey,
        found: found ? { authenticatorId: found.ref, name: String(found.data.name ?? '') } : null,
      },
      backupKey: backup ? { outcome: backup.kind === 'resealed' ? 'resealed' : 'replaced', envelopeCode: backup.ref } : null,
      acts: acts.map(({ kind, ref, actor, at }) => ({ kind, ref, actor, at })),
    };
  }

  /** The first stop not done: identity, then revocations (done once any or the list was passed), envelope, passkey, backup key. */
  private next(row: RecoveryRow, acts: StoredAct[]): RecoveryStop {
    if (row.status === 'completed') return 'done';
    const has = (kind: RecoveryActKind) => acts.some((act) => act.kind === kind);
    if (!has('identityChecked')) return 'identity';
    if (!has('revoked')) return 'authenticators';
    if (!has('envelopeHandedOut') && !has('passkeyFound')) return 'envelope';
    if (!has('passkeyFound')) return 'passkey';
    if (has('envelopeHandedOut') && !has('resealed') && !has('keyReplaced')) return 'backupKey';
    return 'done';
  }
}
