import { KioskError } from '../../../shared/contract/errors';
import { message } from '../../../shared/contract/messages';
import type { Envelope } from '../../../shared/domain/custody';
import type { CustodyService } from '../custody/custody-service';
import { printEnvelopeLabel } from '../custody/label-printing';
import { sealNumberKey, typedSealNumber } from '../custody/seal-numbers';
import type { PrintService } from '../print/print-service';
import type { BackupKeyStep } from './backup-key-step';
import type { Attending, JourneyContext } from './journey-context';
import type { Locale } from '../../../shared/domain/locale';

/**
 * Journey step 5: the backup key goes into a pre-numbered envelope; its label (name, key,
 * fingerprint, seal number, custody QR code) is printed and the envelope enters custody as
 * "sealed at the kiosk". Without a backup key there is nothing to seal, and the step says so.
 */
export class EnvelopeStep {
  /** Training: each attendee's label on the training printer, shown on their finished screen. */
  private readonly onScreen = new Map<string, string>();

  constructor(
    private readonly ctx: JourneyContext,
    private readonly backupKey: BackupKeyStep,
    private readonly custody: CustodyService,
    private readonly print: PrintService,
  ) {}

  /** The attendee's label page on the training printer, if it printed there. */
  labelOnScreen(attendeeId: string): string | null {
    return this.onScreen.get(attendeeId) ?? null;
  }

  /** The attendee's envelope in this session, once sealed. */
  envelope(at: Attending): Envelope | null {
    return this.custody.list({ sessionId: at.session.id }).find((e) => e.attendeeId === at.attendee.id) ?? null;
  }

  /**
   * Seals (once: a retry after a failed print or a restart finds the same envelope) and prints
   * the label, which custody records as printed, then commits the step. A print failure leaves
   * the envelope sealed with its label missing (custody shows it so) and the step open, so
   * printing again is safe.
   */
  async sealAndPrint(at: Attending, sealNumber: string | null, locale: Locale): Promise<void> {
    this.ctx.requirePlace(at, 'envelope');
    const key = this.backupKey.result(at.attendee.id);
    if (!key || key.phase !== 'done') {
      this.ctx.steps.record({ sessionId: at.session.id, attendeeId: at.attendee.id, step: 'envelope', status: 'skipped', reason: { code: 'noBackupKey', note: null } });
      this.ctx.publish(at.session.id, at.attendee.id);
      return;
    }
    const existing = this.envelope(at);
    if (existing && sealNumber !== null && typedSealNumber(sealNumber).key !== sealNumberKey(existing.sealNumber)) {
      throw new KioskError('conflict', message('journey.keyAlreadySealed', { sealNumber: existing.sealNumber }), { sealNumber: existing.sealNumber });
    }
    const envelope =
      existing ?? this.custody.seal({ sessionId: at.session.id, attendeeId: at.attendee.id, sealNumber, keyModel: key.model, fingerprint: key.fingerprint, actor: at.session.facilitator });
    const { receipt } = await this.custody.printLabel(envelope.code, at.session.facilitator, null, (label) => printEnvelopeLabel(this.print, label, locale));
    if (receipt.onScreen) this.onScreen.set(at.attendee.id, receipt.onScreen);
    this.ctx.steps.record({
      sessionId: at.session.id,
      attendeeId: at.attendee.id,
      step: 'envelope',
      status: 'done',
      audit: { envelopeCode: envelope.code, sealNumber: envelope.sealNumber, queue: receipt.queue, jobId: receipt.jobId },
    });
    this.ctx.publish(at.session.id, at.attendee.id);
  }
}
