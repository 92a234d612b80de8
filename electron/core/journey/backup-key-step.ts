import { z } from 'zod';
import { KioskError } from '../../../shared/contract/errors';
import { message, type Message } from '../../../shared/contract/messages';
import type { BackupKeyResult, JourneyKey, KeyNextStage } from '../../../shared/domain/journey';
import { blockedPinMessage } from '../fido/keys/key-errors';
import type { KeySummary } from '../fido/keys/key-service';
import { checkPin, describeViolation, effectiveMinLength, type PinPolicyViolation } from '../fido/keys/pin-policy';
import { usableKey } from '../fido/keys/usable-key';
import { registrationResponseSchema } from '../idp/webauthn/registration-response-schema';
import { IDP_OUTBOX_KINDS } from '../idp/idp-outbox-kinds';
import { withSecurityKeyHint } from '../idp/webauthn/security-key-hint';
import { credentialFingerprint } from './credential-fingerprint';
import { idpFailure } from './idp-failure';
import type { Attending, JourneyContext } from './journey-context';
import { idpRefusal } from './key-preflight-check';

/**
 * What survives a crash between the key making the credential and the step being committed:
 * public data only. With it the journey resumes at the test sign-in and never asks the key
 * for a second credential.
 */
const registeredSchema = z.object({
  phase: z.enum(['registered', 'done']),
  credentialId: z.string(),
  rpId: z.string(),
  publicKey: z.object({ spki: z.string(), alg: z.number() }),
  handle: IDP_OUTBOX_KINDS.keyRegistration.payload.shape.handle,
  response: registrationResponseSchema,
  model: z.string().nullable(),
  aaguid: z.string().nullable(),
  fingerprint: z.string(),
  displayName: z.string(),
});
type Registered = z.infer<typeof registeredSchema>;

const FACTS_STEP = 'backupKey';

/**
 * Journey step 3: the backup key plugged into the kiosk. The core checks the model against
 * the allow-list and the mode, asks the IdP whether it takes the key (pre-flight: at
 * inspection, so before the PIN is set, and again just before the credential), applies the
 * PIN policy, makes the credential for the IdP on the attendee's behalf, proves it with a
 * test sign-in and queues the finish in the outbox.
 */
export class BackupKeyStep {
  /** The key each attendee is using, so the PIN verdict per keystroke does not ask the key. */
  private readonly inspected = new Map<string, JourneyKey>();

  /** `watchKeys` starts the hotplug events, so the screen hears of a key plugged in later. */
  constructor(
    private readonly ctx: JourneyContext,
    private readonly watchKeys: () => void,
  ) {}

  result(attendeeId: string): BackupKeyResult | null {
    const stored = this.ctx.facts.get(attendeeId, FACTS_STEP, registeredSchema);
    return stored ? { model: stored.model, aaguid: stored.aaguid, fingerprint: stored.fingerprint, phase: stored.phase } : null;
  }

  /** The key to use: the first one plugged in that is ready, inspected; null while there is none. */
  async pluggedKey(at: Attending): Promise<JourneyKey | null> {
    this.ctx.requirePlace(at, 'backupKey');
    this.watchKeys();
    const ready = (await this.ctx.keys.list()).find((key) => key.state === 'ready');
    return ready ? this.inspect(at, ready.path) : null;
  }

  async inspect(at: Attending, path: string): Promise<JourneyKey> {
    this.ctx.requirePlace(at, 'backupKey');
    const summary = await this.summary(path);
    this.refuseDisallowed(summary);
    if (summary.pinState === 'unsupported' || summary.pinState === null) {
      throw new KioskError('key_unsupported', message('key.noPinForBackup'));
    }
    const refusal = await idpRefusal(this.ctx, at, summary);
    const pin = await this.ctx.keys.pinStatus(path);
    const usedForOtherAttendee = await this.usedForOtherAttendee(at, path);
    const key: JourneyKey = {
      path,
      model: summary.model,
      aaguid: summary.aaguid,
      training: summary.training,
      pinState: pin.pinState,
      pinRetries: pin.retries,
      powerCycleRequired: pin.powerCycleRequired,
      minPinLength: effectiveMinLength({ keyMinLength: pin.minPinLength, kioskMinLength: this.ctx.settings.minPinLength }),
      usedForOtherAttendee,
      next: refusal ? { stage: 'problem', problem: refusal.toBody() } : nextStage(usedForOtherAttendee, pin),
    };
    this.inspected.set(at.attendee.id, key);
    return key;
  }

  async pinVerdict(at: Attending, path: string, pin: string): Promise<{ ok: boolean; rule: PinPolicyViolation['rule'] | null; says: Message | null; minLength: number }> {
    const key = await this.known(at, path);
    const violation = checkPin(pin, { keyMinLength: key.minPinLength, kioskMinLength: this.ctx.settings.minPinLength });
    return { ok: violation === null, rule: violation?.rule ?? null, says: violation ? describeViolation(violation) : null, minLength: key.minPinLength };
  }

  async setPin(at: Attending, path: string, pin: string): Promise<JourneyKey> {
    const key = await this.known(at, path);
    if (key.next.stage === 'problem') throw KioskError.fromBody(key.next.problem);
    if (key.pinState === 'set') throw new KioskError('conflict', message('key.hasPinEnterIt'));
    await this.ctx.keys.setPin(path, pin);
    this.ctx.session.record(at.session, 'journey.keyPinSet', at.attendee.id, { aaguid: key.aaguid });
    return this.inspect(at, path);
  }

  async register(at: Attending, path: string, pin: string): Promise<void> {
    this.ctx.requirePlace(at, 'backupKey');
    const registered = this.ctx.facts.get(at.attendee.id, FACTS_STEP, registeredSchema) ?? (await this.makeCredential(at, path, pin));
    await this.testSignIn(at, path, pin, registered);
    this.commit(at, registered);
  }

  private async makeCredential(at: Attending, path: string, pin: string): Promise<Registered> {
    const summary = await this.summary(path);
    this.refuseDisallowed(summary);
    if (await this.usedForOtherAttendee(at, path)) {
      throw new KioskError('key_already_registered', message('key.otherAttendee'), { reason: 'otherAttendee' });
    }
    const refusal = await idpRefusal(this.ctx, at, summary);
    if (refusal) throw refusal;
    const user = await this.ctx.idpUser(at.attendee);
    let start;
    try {
      start = await this.ctx.idp.beginKeyRegistration(user);
    } catch (error) {
      throw idpFailure(error);
    }
    const response = await this.ctx.keys.registerOnBehalf({ path, options: withSecurityKeyHint(start.options), origin: start.origin, pin });
    if (start.expiresAt && this.ctx.session.clock.now().getTime() > Date.parse(start.expiresAt)) {
      throw new KioskError('idp_expired', message('idp.challengeExpired', { idp: this.ctx.idp.label }));
    }
    const spki = response.response.publicKey;
    const alg = response.response.publicKeyAlgorithm;
    if (!spki || alg === undefined) throw new KioskError('key_protocol', message('key.noPublicKey'));
    const registered: Registered = {
      phase: 'registered',
      credentialId: response.id,
      rpId: start.options.rp.id ?? new URL(start.origin).hostname,
      publicKey: { spki, alg },
      handle: start.handle,
      response,
      model: summary.model,
      aaguid: summary.aaguid,
      fingerprint: credentialFingerprint(response.id),
      displayName: `Backup key (${summary.model ?? 'security key'})`,
    };
    this.ctx.session.transaction(() => {
      this.ctx.facts.set(at.attendee.id, FACTS_STEP, registered, this.ctx.session.nowIso());
      this.ctx.session.steps.set(at.attendee.id, 'backupKey', 'inProgress', null, this.ctx.session.nowIso());
      this.ctx.session.record(at.session, 'journey.keyRegistered', at.attendee.id, { aaguid: summary.aaguid, model: summary.model, fingerprint: registered.fingerprint });
    });
    this.ctx.publish(at.session.id, at.attendee.id);
    return registered;
  }

  private async testSignIn(at: Attending, path: string, pin: string, registered: Registered): Promise<void> {
    try {
      await this.ctx.keys.testAssertion(path, { rpId: registered.rpId, credentialId: registered.credentialId, pin, publicKey: registered.publicKey });
    } catch (error) {
      if (error instanceof KioskError && (error.details as { ctap?: string } | undefined)?.ctap === 'CTAP2_ERR_NO_CREDENTIALS') {
        throw new KioskError('key_not_found', message('key.notTheRegisteredOne'), { fingerprint: registered.fingerprint });
      }
      throw error;
    }
  }

  /** Outbox item, step row, the key taken from stock and audit events in one transaction: all of them or none survive a crash. */
  private commit(at: Attending, registered: Registered): void {
    const attendeeId = at.attendee.id;
    const taken = this.ctx.session.transaction(() => {
      const item = this.ctx.outbox.enqueue(IDP_OUTBOX_KINDS.keyRegistration, {
        idempotencyKey: `key-registration:${attendeeId}:${registered.credentialId}`,
        subjectKey: attendeeId,
        payload: { handle: registered.handle, response: registered.response, displayName: registered.displayName },
      });
      this.ctx.facts.set(attendeeId, FACTS_STEP, { ...registered, phase: 'done' }, this.ctx.session.nowIso());
      this.ctx.steps.record({
        sessionId: at.session.id,
        attendeeId,
        step: 'backupKey',
        status: 'done',
        audit: { model: registered.model, aaguid: registered.aaguid, fingerprint: registered.fingerprint, outboxItemId: item.id },
      });
      return this.ctx.stock.takeForBackupKey({ sessionId: at.session.id, attendeeId, credentialId: registered.credentialId, aaguid: registered.aaguid, actor: at.session.facilitator });
    });
    if (taken) this.ctx.stock.announce(taken);
    this.inspected.delete(attendeeId);
    this.ctx.publish(at.session.id, attendeeId);
  }

  private async known(at: Attending, path: string): Promise<JourneyKey> {
    const key = this.inspected.get(at.attendee.id);
    return key && key.path === path ? key : this.inspect(at, path);
  }

  private summary(path: string): Promise<KeySummary> {
    return usableKey(this.ctx.keys, path);
  }

  /** Before anything is written to the key or the IdP. */
  private refuseDisallowed(summary: KeySummary): void {
    if (summary.training && !this.ctx.session.training) {
      throw new KioskError('key_not_allowed', message('key.trainingKeyInProduction'));
    }
    const allowed = this.ctx.settings.allowedAaguids;
    if (allowed && !(summary.aaguid && allowed.includes(summary.aaguid))) {
      throw new KioskError('key_not_allowed', message('key.modelNotAllowed', { model: summary.model ?? summary.aaguid ?? '?' }), {
        aaguid: summary.aaguid,
        model: summary.model,
      });
    }
  }

  /** A backup credential this session already made for somebody else is on this key (a silent check, no touch). */
  private async usedForOtherAttendee(at: Attending, path: string): Promise<boolean> {
    const others = this.ctx.session.roster
      .listBySession(at.session.id)
      .filter((entry) => entry.id !== at.attendee.id)
      .flatMap((entry) => {
        const stored = this.ctx.facts.get(entry.id, FACTS_STEP, registeredSchema);
        return stored ? [{ rpId: stored.rpId, credentialId: stored.credentialId }] : [];
      });
    if (others.length === 0) return false;
    return this.ctx.keys.holdsAnyCredential(path, others);
  }
}

/** What the attendee does next with the key: nothing, when it is another attendee's or its PIN is blocked; else choose or enter a PIN. */
function nextStage(usedForOtherAttendee: boolean, pin: { pinState: JourneyKey['pinState']; retries: number | null }): KeyNextStage {
  if (usedForOtherAttendee) {
    return { stage: 'problem', problem: new KioskError('key_already_registered', message('key.otherAttendee'), { reason: 'otherAttendee' }).toBody() };
  }
  if (pin.pinState === 'set' && pin.retries === 0) return { stage: 'problem', problem: new KioskError('key_pin_blocked', blockedPinMessage).toBody() };
  return { stage: pin.pinState === 'notSet' ? 'newPin' : 'pin' };
}
