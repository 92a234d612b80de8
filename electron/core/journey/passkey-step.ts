import { z } from 'zod';
import type { PasskeyOffer, PasskeyPhase, PasskeyState } from '../../../shared/domain/journey';
import type { IdpAuthenticator, IdpUser } from '../idp/idp-connector';
import { idpFailure } from './idp-failure';
import type { Attending, JourneyContext } from './journey-context';
import { passkeyQr } from './passkey-qr';
import { defaultPasskeyWatchTiming, delayBeforeCheck, type PasskeyWatchTiming } from './passkey-watch';
import type { Message } from '../../../shared/contract/messages';

const baselineSchema = z.object({ baseline: z.array(z.string()) });

interface Watch {
  sessionId: string;
  user: IdpUser;
  baseline: Set<string>;
  offer: PasskeyOffer | null;
  phase: PasskeyPhase;
  problem: Message | null;
  attempt: number;
  failures: number;
  deadline: number;
  timer: ReturnType<typeof setTimeout> | null;
  checking: boolean;
}

/**
 * Journey step 2: the one-time link as a QR code, then watching the IdP (bounded, with
 * backoff) until a new passkey is listed, which commits the step by itself. The link and an
 * Entra TAP live only in memory, and only while the step waits.
 */
export class PasskeyStep {
  private readonly watches = new Map<string, Watch>();
  private readonly timing: PasskeyWatchTiming;

  constructor(
    private readonly ctx: JourneyContext,
    timing: Partial<PasskeyWatchTiming> = {},
  ) {
    this.timing = { ...defaultPasskeyWatchTiming, ...timing };
  }

  state(attendeeId: string): PasskeyState {
    const watch = this.watches.get(attendeeId);
    const done = this.ctx.session.steps.get(attendeeId).platformPasskey;
    const found = done.status === 'done' && done.updatedAt ? { name: this.foundName(attendeeId), at: done.updatedAt } : null;
    if (!watch) return { phase: 'notStarted', offer: null, problem: null, found };
    return { phase: watch.phase, offer: watch.phase === 'waiting' ? watch.offer : null, problem: watch.problem, found };
  }

  /** A new link (the old one is forgotten), then watching. A passkey that appeared meanwhile counts at once. */
  async start(at: Attending): Promise<void> {
    this.ctx.requirePlace(at, 'platformPasskey');
    const user = await this.ctx.idpUser(at.attendee);
    const { baseline, resumed } = await this.baseline(at, user);
    this.stop(at.attendee.id);
    const watch: Watch = { sessionId: at.session.id, user, baseline, offer: null, phase: 'notStarted', problem: null, attempt: 0, failures: 0, deadline: 0, timer: null, checking: false };
    let link;
    try {
      const appeared = resumed ? (await this.ctx.idp.listAuthenticators(user)).find((a) => isNewPasskey(a, baseline)) : undefined;
      if (appeared) return this.commit(at.attendee.id, watch, appeared);
      link = await this.ctx.idp.platformPasskeyLink(user);
    } catch (error) {
      throw idpFailure(error);
    }
    const training = this.ctx.session.training && link.kind === 'training';
    watch.offer = { kind: link.kind, url: link.url, qr: await passkeyQr(link.url), expiresAt: link.expiresAt, code: link.code, practiseUrl: training ? link.url : null };
    this.watches.set(at.attendee.id, watch);
    this.ctx.session.transaction(() => {
      if (this.ctx.session.steps.get(at.attendee.id).platformPasskey.status === 'pending') {
        this.ctx.session.steps.set(at.attendee.id, 'platformPasskey', 'inProgress', null, this.ctx.session.nowIso());
      }
      this.ctx.session.record(at.session, 'journey.passkeyLink', at.attendee.id, { linkKind: link.kind, expiresAt: link.expiresAt });
    });
    this.ctx.publish(at.session.id, at.attendee.id);
    this.resume(at.attendee.id, watch);
  }

  /** Looks now; then watches again unless the link expired (after unreachable or timed out). */
  async check(at: Attending): Promise<void> {
    this.ctx.requirePlace(at, 'platformPasskey');
    const watch = this.watches.get(at.attendee.id);
    if (!watch) return this.start(at);
    this.clearTimer(watch);
    if (await this.lookOnce(at.attendee.id, watch)) return;
    if (watch.phase === 'expired' || !watch.offer) return;
    this.resume(at.attendee.id, watch);
  }

  stop(attendeeId: string): void {
    const watch = this.watches.get(attendeeId);
    if (watch) this.clearTimer(watch);
    this.watches.delete(attendeeId);
  }

  stopAll(): void {
    for (const attendeeId of [...this.watches.keys()]) this.stop(attendeeId);
  }

  private resume(attendeeId: string, watch: Watch): void {
    watch.phase = 'waiting';
    watch.problem = null;
    watch.attempt = 0;
    watch.failures = 0;
    const expires = Date.parse(watch.offer?.expiresAt ?? '');
    watch.deadline = Math.min(this.now() + this.timing.budgetMs, Number.isFinite(expires) ? expires : Infinity);
    this.schedule(attendeeId, watch);
  }

  private schedule(attendeeId: string, watch: Watch): void {
    const wait = Math.max(0, Math.min(delayBeforeCheck(watch.attempt, this.timing), watch.deadline - this.now()));
    watch.timer = setTimeout(() => void this.tick(attendeeId, watch), wait);
  }

  private async tick(attendeeId: string, watch: Watch): Promise<void> {
    watch.timer = null;
    if (this.watches.get(attendeeId) !== watch) return;
    watch.attempt += 1;
    if (await this.lookOnce(attendeeId, watch)) return;
    if (this.watches.get(attendeeId) !== watch || watch.phase !== 'waiting') return;
    const now = this.now();
    if (now >= watch.deadline) {
      const expired = now >= Date.parse(watch.offer?.expiresAt ?? '');
      watch.phase = expired ? 'expired' : 'timedOut';
      if (expired) watch.offer = null;
      this.ctx.publish(watch.sessionId, attendeeId);
      return;
    }
    this.schedule(attendeeId, watch);
  }

  /** One ask of the IdP; true when the passkey is there and the step is committed. */
  private async lookOnce(attendeeId: string, watch: Watch): Promise<boolean> {
    if (watch.checking) return false;
    watch.checking = true;
    try {
      const found = (await this.ctx.idp.listAuthenticators(watch.user)).find((a) => isNewPasskey(a, watch.baseline));
      watch.failures = 0;
      if (!found) return false;
      this.commit(attendeeId, watch, found);
      return true;
    } catch (error) {
      watch.failures += 1;
      if (watch.failures >= this.timing.failuresBeforeUnreachable) {
        watch.phase = 'unreachable';
        watch.problem = idpFailure(error).says;
        this.clearTimer(watch);
        if (this.watches.get(attendeeId) === watch) this.ctx.publish(watch.sessionId, attendeeId);
      }
      return false;
    } finally {
      watch.checking = false;
    }
  }

  private commit(attendeeId: string, watch: Watch, found: IdpAuthenticator): void {
    this.stop(attendeeId);
    const current = this.ctx.session.steps.get(attendeeId).platformPasskey.status;
    if (current !== 'done') {
      this.ctx.session.transaction(() => {
        this.ctx.facts.set(attendeeId, 'platformPasskeyFound', { name: found.name, authenticatorId: found.id }, this.ctx.session.nowIso());
        this.ctx.steps.record({ sessionId: watch.sessionId, attendeeId, step: 'platformPasskey', status: 'done', audit: { authenticatorId: found.id, name: found.name } });
      });
    }
    this.ctx.publish(watch.sessionId, attendeeId);
  }

  /** The authenticators the attendee had before the first link: only a passkey beyond them is theirs from today. */
  private async baseline(at: Attending, user: IdpUser): Promise<{ baseline: Set<string>; resumed: boolean }> {
    const stored = this.ctx.facts.get(at.attendee.id, 'platformPasskey', baselineSchema);
    if (stored) return { baseline: new Set(stored.baseline), resumed: true };
    let list: IdpAuthenticator[];
    try {
      list = await this.ctx.idp.listAuthenticators(user);
    } catch (error) {
      throw idpFailure(error);
    }
    const baseline = list.map((a) => a.id);
    this.ctx.facts.set(at.attendee.id, 'platformPasskey', { baseline }, this.ctx.session.nowIso());
    return { baseline: new Set(baseline), resumed: false };
  }

  private foundName(attendeeId: string): string {
    return this.ctx.facts.get(attendeeId, 'platformPasskeyFound', z.object({ name: z.string() }))?.name ?? '';
  }

  private clearTimer(watch: Watch): void {
    if (watch.timer) clearTimeout(watch.timer);
    watch.timer = null;
  }

  private now(): number {
    return this.ctx.session.clock.now().getTime();
  }
}

/** A passkey or security key the baseline did not have: the one the person just made. */
export function isNewPasskey(authenticator: IdpAuthenticator, baseline: Set<string>): boolean {
  return (authenticator.type === 'passkey' || authenticator.type === 'securityKey') && !baseline.has(authenticator.id);
}
