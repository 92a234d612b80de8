import { KioskError } from '../../../shared/contract/errors';
import { message } from '../../../shared/contract/messages';
import type { RecoveryAuthenticator, RecoveryPerson, RecoveryView } from '../../../shared/domain/recovery';
import type { SecondSignal } from '../../../shared/domain/session';
import type { CustodyService } from '../custody/custody-service';
import type { CustodyMover } from './custody-mover';
import type { AaguidCatalog } from '../fido/keys/aaguid-catalog';
import type { IdpConnector, UserQuery } from '../idp/idp-connector';
import { IDP_OUTBOX_KINDS } from '../idp/idp-outbox-kinds';
import { idpFailure } from '../journey/idp-failure';
import type { OutboxService } from '../sync/outbox-service';
import type { RecoveryBackupKey } from './recovery-backup-key';
import type { RecoveryPasskey } from './recovery-passkey';
import type { RecoveryRecords } from './recovery-records';

export interface RecoveryServiceDeps {
  records: RecoveryRecords;
  idp: IdpConnector;
  outbox: OutboxService;
  custody: CustodyService;
  mover: CustodyMover;
  catalog: AaguidCatalog;
  passkey: RecoveryPasskey;
  backupKey: RecoveryBackupKey;
}

type SearchField = keyof UserQuery;

/**
 * The helpdesk's recovery of a person who lost their phone or key (DESIGN.md section 1): found
 * at the IdP, identity checked as at the badge check, the lost authenticators revoked through
 * the outbox, their envelope handed out, a new phone passkey, and the backup key re-sealed or
 * replaced. One record joins the acts; each act needs the identity check first.
 */
export class RecoveryService {
  readonly passkey: RecoveryPasskey;
  readonly backupKey: RecoveryBackupKey;
  private readonly records: RecoveryRecords;

  constructor(private readonly deps: RecoveryServiceDeps) {
    this.records = deps.records;
    this.passkey = deps.passkey;
    this.backupKey = deps.backupKey;
  }

  /** Finds the person at the IdP; resumes their open recovery, else starts one. */
  async start(field: SearchField, value: string, actor: string): Promise<RecoveryView> {
    let user;
    try {
      // Email addresses as typed at a desk come in any case; the IdPs compare them ignoring it (idp/user-search.ts).
      user = await this.deps.idp.findUser({ [field]: field === 'email' ? value.toLowerCase() : value });
    } catch (error) {
      throw idpFailure(error);
    }
    if (!user) throw new KioskError('not_found', message('recovery.personNotFound', { idp: this.deps.idp.label, searchField: field, searchValue: value.slice(0, 80) }));
    const person: RecoveryPerson = { id: user.id, displayName: user.displayName, username: user.username, email: user.email, badgeId: user.badgeId };
    const row = this.records.repo.openFor(person.id) ?? this.records.create(person, field, actor);
    this.records.publish(row.id);
    return this.view(row.id);
  }

  view(recoveryId: string): RecoveryView {
    return this.records.view(recoveryId, this.passkey.offer(recoveryId));
  }

  checkIdentity(recoveryId: string, input: { secondSignal: SecondSignal; note: string | null }, actor: string): RecoveryView {
    this.records.require(recoveryId);
    this.records.db.transaction(() => {
      const checkId = this.records.repo.insertIdentityCheck({ recoveryId, faceConfirmed: true, secondSignal: input.secondSignal, note: input.note, helpdesk: actor, decidedAt: this.records.nowIso() });
      this.records.act(recoveryId, 'identityChecked', String(checkId), actor, { faceConfirmed: true, secondSignal: input.secondSignal });
    })();
    this.records.publish(recoveryId);
    return this.view(recoveryId);
  }

  /** The person's authenticators as the IdP lists them now, with the model from the AAGUID. */
  async authenticators(recoveryId: string): Promise<RecoveryAuthenticator[]> {
    const row = this.records.require(recoveryId, false);
    this.records.requireIdentity(recoveryId);
    const revoking = new Set(this.records.revokedIds(recoveryId));
    let list;
    try {
      list = await this.deps.idp.listAuthenticators(row.person);
    } catch (error) {
      throw idpFailure(error);
    }
    return list.map((a) => ({
      id: a.id,
      type: a.type,
      name: a.name,
      // The IdP's own name for the model where it gives one, else the AAGUID's from the kiosk's catalog.
      model: a.model ?? (a.aaguid ? (this.deps.catalog.lookup(a.aaguid)?.name ?? null) : null),
      aaguid: a.aaguid,
      createdAt: a.createdAt,
      lastUsedAt: null,
      revoking: revoking.has(a.id),
    }));
  }

  /**
   * Queues the revocation of each chosen authenticator (the outbox delivers it exactly once);
   * an empty choice records that the person keeps everything listed. Only ids the IdP lists
   * for this person are taken.
   */
  async revoke(recoveryId: string, authenticatorIds: string[], actor: string): Promise<RecoveryView> {
    const row = this.records.require(recoveryId);
    this.records.requireIdentity(recoveryId);
    const listed = await this.authenticators(recoveryId);
    const chosen = authenticatorIds.map((id) => {
      const found = listed.find((a) => a.id === id);
      if (!found) throw new KioskError('not_found', message('recovery.notTheirs', { authenticatorId: id.slice(0, 60) }));
      return found;
    });
    this.records.db.transaction(() => {
      for (const a of chosen.filter((c) => !c.revoking)) {
        const item = this.deps.outbox.enqueue(IDP_OUTBOX_KINDS.revokeAuthenticator, {
          idempotencyKey: `recovery-revoke:${recoveryId}:${a.id}`,
          subjectKey: row.person.id,
          payload: { user: row.person, authenticatorId: a.id },
        });
        this.records.act(recoveryId, 'revoked', String(item.id), actor, { authenticatorId: a.id, name: a.name, type: a.type });
      }
      if (chosen.length === 0) this.records.act(recoveryId, 'revoked', '', actor, { authenticatorId: null, kept: listed.length });
    })();
    this.records.publish(recoveryId);
    return this.view(recoveryId);
  }

  /** The person's envelope from the safe to them; the custody move's note names the recovery and its identity check. */
  async handOut(recoveryId: string, code: string, actor: string): Promise<RecoveryView> {
    const row = this.records.require(recoveryId);
    const { checkId } = this.records.requireIdentity(recoveryId);
    const envelope = this.deps.custody.requireEnvelope(code);
    if (!this.records.envelopesOf(row.person).some((e) => e.id === envelope.id)) {
      throw new KioskError('forbidden', message('recovery.envelopeNotTheirs', { sealNumber: envelope.sealNumber }));
    }
    if (this.records.last(recoveryId, 'envelopeHandedOut')?.ref === envelope.code) return this.view(recoveryId);
    const note = `Recovery ${recoveryId}: identity check ${checkId}`;
    // Handed out by this recovery already (decided in the fleet, then a crash): only the act is missing.
    const movedByThis = envelope.state === 'handedOut' && this.deps.custody.lastNote(envelope.code) === note;
    if (envelope.state !== 'inSafe' && !movedByThis) {
      throw new KioskError('conflict', message('recovery.envelopeNotInSafe', { sealNumber: envelope.sealNumber, envelopeState: envelope.state }));
    }
    if (!movedByThis) await this.deps.mover.move(envelope.code, 'handedOut', actor, note);
    this.records.db.transaction(() => {
      this.records.act(recoveryId, 'envelopeHandedOut', envelope.code, actor, { sealNumber: envelope.sealNumber, identityCheckId: checkId });
    })();
    this.records.publish(recoveryId);
    return this.view(recoveryId);
  }

  /** Done once the new passkey is there and a handed-out backup key is dealt with. */
  complete(recoveryId: string, actor: string): RecoveryView {
    this.records.require(recoveryId);
    const view = this.view(recoveryId);
    if (view.passkey.phase !== 'found') throw new KioskError('conflict', message('recovery.passkeyFirst'));
    if (view.handedOut && !view.backupKey) {
      throw new KioskError('conflict', message('recovery.backupKeyOpen', { sealNumber: this.deps.custody.requireEnvelope(view.handedOut).sealNumber }));
    }
    this.records.db.transaction(() => {
      this.records.act(recoveryId, 'completed', recoveryId, actor, { revoked: view.revoked.length, backupKey: view.backupKey?.outcome ?? null });
      this.records.repo.setStatus(recoveryId, 'completed', this.records.nowIso());
    })();
    this.passkey.stop(recoveryId);
    this.records.publish(recoveryId);
    return this.view(recoveryId);
  }
}
