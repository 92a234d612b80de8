import { KioskError } from '../../../shared/contract/errors';
import { message } from '../../../shared/contract/messages';
import type { Envelope } from '../../../shared/domain/custody';
import type { Locale } from '../../../shared/domain/locale';
import type { CustodyService } from '../custody/custody-service';
import type { CustodyMover } from './custody-mover';
import { printEnvelopeLabel } from '../custody/label-printing';
import type { KeyService } from '../fido/keys/key-service';
import { checkPin, describeViolation } from '../fido/keys/pin-policy';
import type { IdpConnector } from '../idp/idp-connector';
import { IDP_OUTBOX_KINDS } from '../idp/idp-outbox-kinds';
import { credentialFingerprint } from '../journey/credential-fingerprint';
import { idpFailure } from '../journey/idp-failure';
import type { OutboxService } from '../sync/outbox-service';
import type { PrintService } from '../print/print-service';
import type { RecoveryRecords } from './recovery-records';

export interface BackupKeyDeps {
  records: RecoveryRecords;
  custody: CustodyService;
  mover: CustodyMover;
  print: PrintService;
  idp: IdpConnector;
  keys: KeyService;
  outbox: OutboxService;
  training: boolean;
  minPinLength: number;
  allowedAaguids: readonly string[] | undefined;
}

export interface NewEnvelope {
  sealNumber: string | null;
  locale: Locale;
}

/**
 * The backup key that was handed out, after the new phone passkey: either re-sealed in a new
 * envelope (its old one returned), or replaced by a new key enrolled on the person's behalf as
 * the journey does (the old key revoked at the IdP, its envelope returned and destroyed). Either
 * way the new envelope's label is printed and the envelope goes back to the safe through
 * collected, each move naming the recovery. Every part is safe to call again: a retry after a
 * failed print or a crash resumes after the last part committed.
 */
export class RecoveryBackupKey {
  constructor(private readonly deps: BackupKeyDeps) {}

  async reseal(recoveryId: string, input: NewEnvelope, actor: string): Promise<void> {
    const { records, custody, mover } = this.deps;
    const old = this.handedOut(recoveryId);
    const note = `Recovery ${recoveryId}: re-sealed`;
    const done = records.last(recoveryId, 'resealed');
    if (!done && old.state === 'handedOut') await mover.move(old.code, 'returned', actor, note);
    const code =
      done?.ref ??
      records.db.transaction(() => {
        const sealed = custody.seal({ sessionId: old.sessionId, attendeeId: old.attendeeId, sealNumber: input.sealNumber, keyModel: old.keyModel, fingerprint: old.fingerprint, actor });
        records.act(recoveryId, 'resealed', sealed.code, actor, { from: old.code, sealNumber: sealed.sealNumber });
        return sealed.code;
      })();
    await this.labelAndSafe(recoveryId, code, input.locale, actor);
  }

  /** `oldAuthenticatorId`: the handed-out key as the IdP lists it, revoked through the outbox. */
  async replace(recoveryId: string, input: NewEnvelope & { path: string; pin: string; oldAuthenticatorId: string }, actor: string): Promise<void> {
    const { records, custody, outbox } = this.deps;
    const old = this.handedOut(recoveryId);
    const done = records.last(recoveryId, 'keyReplaced');
    if (done) return this.labelAndSafe(recoveryId, done.ref, input.locale, actor);
    const person = records.require(recoveryId).person;
    const listed = await this.listed(person, input.oldAuthenticatorId);
    const made = await this.enroll(person, input.path, input.pin, old);
    if (custody.requireEnvelope(old.code).state === 'handedOut') await this.deps.mover.move(old.code, 'returned', actor, `Recovery ${recoveryId}: replaced`);
    if (custody.requireEnvelope(old.code).state === 'returned') await this.deps.mover.move(old.code, 'destroyed', actor, `Recovery ${recoveryId}: replaced by a new key`);
    const code = records.db.transaction(() => {
      const revoke = outbox.enqueue(IDP_OUTBOX_KINDS.revokeAuthenticator, {
        idempotencyKey: `recovery-revoke:${recoveryId}:${input.oldAuthenticatorId}`,
        subjectKey: person.id,
        payload: { user: person, authenticatorId: input.oldAuthenticatorId },
      });
      records.act(recoveryId, 'revoked', String(revoke.id), actor, { authenticatorId: input.oldAuthenticatorId, name: listed, type: 'securityKey' });
      const registration = outbox.enqueue(IDP_OUTBOX_KINDS.keyRegistration, {
        idempotencyKey: `recovery-key:${recoveryId}:${made.credentialId}`,
        subjectKey: person.id,
        payload: { handle: made.handle, response: made.response, displayName: made.displayName },
      });
      const sealed = custody.seal({ sessionId: old.sessionId, attendeeId: old.attendeeId, sealNumber: input.sealNumber, keyModel: made.model, fingerprint: made.fingerprint, actor });
      records.act(recoveryId, 'keyReplaced', sealed.code, actor, { from: old.code, outboxItemId: registration.id, fingerprint: made.fingerprint, model: made.model });
      return sealed.code;
    })();
    await this.labelAndSafe(recoveryId, code, input.locale, actor);
  }

  /** The envelope handed out in this recovery, still with the person. */
  private handedOut(recoveryId: string): Envelope {
    const { records, custody } = this.deps;
    records.require(recoveryId);
    const act = records.last(recoveryId, 'envelopeHandedOut');
    if (!act) throw new KioskError('conflict', message('recovery.nothingHandedOut'));
    if (!records.last(recoveryId, 'passkeyFound')) throw new KioskError('conflict', message('recovery.passkeyFirst'));
    return custody.requireEnvelope(act.ref);
  }

  private async listed(person: Parameters<IdpConnector['listAuthenticators']>[0], authenticatorId: string): Promise<string> {
    let list;
    try {
      list = await this.deps.idp.listAuthenticators(person);
    } catch (error) {
      throw idpFailure(error);
    }
    const found = list.find((a) => a.id === authenticatorId);
    if (!found) throw new KioskError('not_found', message('recovery.notTheirs', { authenticatorId: authenticatorId.slice(0, 60) }));
    return found.name;
  }

  /** The replacement key's credential, made on the person's behalf and proven with a test sign-in, as journey/backup-key-step.ts does. */
  private async enroll(person: Parameters<IdpConnector['beginKeyRegistration']>[0], path: string, pin: string, old: Envelope) {
    const { keys, idp } = this.deps;
    const summary = (await keys.list()).find((k) => k.path === path);
    if (!summary) throw new KioskError('key_not_found', message('key.notConnected'), { path });
    if (summary.training && !this.deps.training) throw new KioskError('key_not_allowed', message('key.trainingKeyInProduction'));
    const allowed = this.deps.allowedAaguids;
    if (allowed && !(summary.aaguid && allowed.includes(summary.aaguid))) {
      throw new KioskError('key_not_allowed', message('key.modelNotAllowed', { model: summary.model ?? summary.aaguid ?? '?' }));
    }
    const status = await keys.pinStatus(path);
    if (status.pinState === 'notSet') {
      const violation = checkPin(pin, { keyMinLength: status.minPinLength, kioskMinLength: this.deps.minPinLength });
      if (violation) throw new KioskError('invalid_input', describeViolation(violation), { rule: violation.rule });
      await keys.setPin(path, pin);
    }
    let start;
    try {
      start = await idp.beginKeyRegistration(person);
    } catch (error) {
      throw idpFailure(error);
    }
    const response = await keys.registerOnBehalf({ path, options: start.options, origin: start.origin, pin });
    const fingerprint = credentialFingerprint(response.id);
    if (fingerprint === old.fingerprint) throw new KioskError('conflict', message('recovery.replacementIsOldKey'));
    const spki = response.response.publicKey;
    const alg = response.response.publicKeyAlgorithm;
    if (!spki || alg === undefined) throw new KioskError('key_protocol', message('key.noPublicKey'));
    await keys.testAssertion(path, { rpId: start.options.rp.id ?? new URL(start.origin).hostname, credentialId: response.id, pin, publicKey: { spki, alg } });
    return { credentialId: response.id, handle: start.handle, response, fingerprint, model: summary.model, displayName: `Backup key (${summary.model ?? 'security key'})` };
  }

  /** The new envelope's label, then collected and into the safe; each part only once. */
  private async labelAndSafe(recoveryId: string, code: string, locale: Locale, actor: string): Promise<void> {
    const { custody, print } = this.deps;
    let envelope = custody.requireEnvelope(code);
    if (envelope.labelPrintedAt === null) {
      envelope = (await custody.printLabel(code, actor, null, (label) => printEnvelopeLabel(print, label, locale))).envelope;
    }
    const note = `Recovery ${recoveryId}: back to the safe`;
    if (envelope.state === 'sealed') await this.deps.mover.move(code, 'collected', actor, note);
    if (custody.requireEnvelope(code).state === 'collected') await this.deps.mover.move(code, 'inSafe', actor, note);
    this.deps.records.publish(recoveryId);
  }
}
