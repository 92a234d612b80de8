import { z } from 'zod';
import type { PasskeyOffer } from '../../../shared/domain/journey';
import type { IdpConnector } from '../idp/idp-connector';
import { idpFailure } from '../journey/idp-failure';
import { passkeyQr } from '../journey/passkey-qr';
import { isNewPasskey } from '../journey/passkey-step';
import { defaultPasskeyWatchTiming, delayBeforeCheck, type PasskeyWatchTiming } from '../journey/passkey-watch';
import type { RecoveryRecords } from './recovery-records';

const linkDataSchema = z.object({ baseline: z.array(z.string()) });

interface Watch {
  offer: PasskeyOffer;
  baseline: Set<string>;
  attempt: number;
  deadline: number;
  timer: ReturnType<typeof setTimeout> | null;
  checking: boolean;
}

/**
 * The new phone passkey, through the journey's QR step: the IdP's one-time link as a QR code,
 * then watching the IdP (the journey's backoff) until a passkey beyond the ones the person had
 * when the first link was shown appears. The link and an Entra TAP live only in memory; the
 * baseline is an act of the recovery, so a restarted kiosk still knows which passkey is new.
 */
export class RecoveryPasskey {
  private readonly watches = new Map<string, Watch>();
  private readonly timing: PasskeyWatchTiming;

  constructor(
    private readonly records: RecoveryRecords,
    private readonly idp: IdpConnector,
    private readonly training: boolean,
    timing: Partial<PasskeyWatchTiming> = {},
  ) {
    this.timing = { ...defaultPasskeyWatchTiming, ...timing };
  }

  offer(recoveryId: string): PasskeyOffer | null {
    return this.watches.get(recoveryId)?.offer ?? null;
  }

  async start(recoveryId: string, actor: string): Promise<void> {
    const row = this.records.require(recoveryId);
    this.records.requireIdentity(recoveryId);
    if (this.records.last(recoveryId, 'passkeyFound')) return;
    const earlier = this.records.last(recoveryId, 'passkeyLink');
    try {
      const baseline = earlier ? linkDataSchema.parse(earlier.data).baseline : (await this.idp.listAuthenticators(row.person)).map((a) => a.id);
      if (earlier && (await this.lookOnce(recoveryId, new Set(baseline)))) return;
      const link = await this.idp.platformPasskeyLink(row.person);
      this.stop(recoveryId);
      const offer: PasskeyOffer = { kind: link.kind, url: link.url, qr: await passkeyQr(link.url), expiresAt: link.expiresAt, code: link.code, practiseUrl: this.training && link.kind === 'training' ? link.url : null };
      this.records.db.transaction(() => this.records.act(recoveryId, 'passkeyLink', link.kind, actor, { baseline, expiresAt: link.expiresAt }))();
      const expires = Date.parse(link.expiresAt);
      const watch: Watch = { offer, baseline: new Set(baseline), attempt: 0, deadline: Math.min(this.records.nowMs() + this.timing.budgetMs, Number.isFinite(expires) ? expires : Infinity), timer: null, checking: false };
      this.watches.set(recoveryId, watch);
      this.schedule(recoveryId, watch);
    } catch (error) {
      throw idpFailure(error);
    }
    this.records.publish(recoveryId);
  }

  /** Asks the IdP now (the screen's "check now"); true once the new passkey is recorded. */
  async check(recoveryId: string): Promise<boolean> {
    this.records.require(recoveryId);
    if (this.records.last(recoveryId, 'passkeyFound')) return true;
    const link = this.records.last(recoveryId, 'passkeyLink');
    if (!link) return false;
    try {
      return await this.lookOnce(recoveryId, new Set(linkDataSchema.parse(link.data).baseline));
    } catch (error) {
      throw idpFailure(error);
    }
  }

  stop(recoveryId: string): void {
    const watch = this.watches.get(recoveryId);
    if (watch?.timer) clearTimeout(watch.timer);
    this.watches.delete(recoveryId);
  }

  stopAll(): void {
    for (const id of [...this.watches.keys()]) this.stop(id);
  }

  private schedule(recoveryId: string, watch: Watch): void {
    const wait = Math.max(0, Math.min(delayBeforeCheck(watch.attempt, this.timing), watch.deadline - this.records.nowMs()));
    watch.timer = setTimeout(() => void this.tick(recoveryId, watch), wait);
  }

  /** A failed ask is tried again at the next tick; the screen's "check now" says the IdP's problem. */
  private async tick(recoveryId: string, watch: Watch): Promise<void> {
    watch.timer = null;
    if (this.watches.get(recoveryId) !== watch) return;
    watch.attempt += 1;
    if (watch.checking) return this.schedule(recoveryId, watch);
    watch.checking = true;
    const found = await this.lookOnce(recoveryId, watch.baseline).catch(() => false);
    watch.checking = false;
    if (found || this.watches.get(recoveryId) !== watch) return;
    if (this.records.nowMs() >= watch.deadline) {
      this.stop(recoveryId);
      this.records.publish(recoveryId);
      return;
    }
    this.schedule(recoveryId, watch);
  }

  private async lookOnce(recoveryId: string, baseline: Set<string>): Promise<boolean> {
    const row = this.records.require(recoveryId);
    const revoked = new Set(this.records.revokedIds(recoveryId));
    const found = (await this.idp.listAuthenticators(row.person)).find((a) => isNewPasskey(a, baseline) && !revoked.has(a.id));
    if (!found) return false;
    this.stop(recoveryId);
    this.records.db.transaction(() => {
      if (this.records.last(recoveryId, 'passkeyFound')) return;
      this.records.act(recoveryId, 'passkeyFound', found.id, row.startedBy, { name: found.name, type: found.type });
    })();
    this.records.publish(recoveryId);
    return true;
  }
}
