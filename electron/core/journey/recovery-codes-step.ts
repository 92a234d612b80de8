import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { KioskError } from '../../../shared/contract/errors';
import { message } from '../../../shared/contract/messages';
import type { RecoveryCodesState } from '../../../shared/domain/journey';
import type { Locale } from '../../../shared/domain/locale';
import { IDP_OUTBOX_KINDS, idpUserSchema } from '../idp/idp-outbox-kinds';
import { generateRecoveryCodes, hashRecoveryCodes } from '../idp/recovery-codes';
import type { PrintReceipt, PrintService } from '../print/print-service';
import { idpFailure } from './idp-failure';
import type { Attending, JourneyContext } from './journey-context';

/** One reprint is allowed, so a jammed or smudged sheet is not the end, and every copy is audited. */
const REPRINTS_ALLOWED = 1;

/** The journey fact that a sheet left the printer: it outlives a restart, the codes do not. */
const SHEET_FACT = 'recoveryCodesSheet';
const sheetFactSchema = z.object({ issuance: z.string(), printedAt: z.string() });

interface Sheet {
  /** Plaintext, only here and only until the attendee confirms they hold the sheet. */
  codes: string[];
  /** The IdP's authenticator for IdP-issued codes (authentik's static-token device). */
  authenticatorId: string | null;
  printed: boolean;
  reprints: number;
  /** One issuance of codes, so a repeated confirm queues the hashes once. */
  issuance: string;
  /** The training printer's page of this sheet (it shows the codes): dropped with the codes. */
  onScreen: string | null;
  /** When the void sheet this one replaces was printed (a restart lost its codes), if any. */
  replaces: string | null;
}


/**
 * Journey step 4: recovery codes on paper only. Kiosk-made where the IdP takes hashes (only
 * hashes are queued for it), IdP-made where it issues them, and said plainly where the IdP has
 * none. The codes live in this process's memory from print to "I have my sheet", then they are
 * overwritten; they never reach the database, the outbox, the screen or a log.
 */
export class RecoveryCodesStep {
  private readonly sheets = new Map<string, Sheet>();

  constructor(
    private readonly ctx: JourneyContext,
    private readonly print: PrintService,
  ) {}

  state(attendeeId: string): RecoveryCodesState {
    const recovery = this.ctx.idp.recoveryCodes;
    const sheet = this.sheets.get(attendeeId);
    return {
      mode: recovery.mode,
      note: recovery.mode === 'unsupported' ? recovery.reason : null,
      printed: sheet?.printed ?? false,
      reprintsLeft: sheet ? REPRINTS_ALLOWED - sheet.reprints : REPRINTS_ALLOWED,
      count: sheet?.codes.length ?? null,
      onScreen: sheet?.onScreen ?? null,
      voidSheetPrintedAt: sheet?.replaces ?? this.voidSheet(attendeeId, sheet),
    };
  }

  /** Prints the sheet (again after a failed print, with the same codes); where the IdP has no codes, records that and moves on. */
  async printSheet(at: Attending, locale: Locale): Promise<void> {
    this.ctx.requirePlace(at, 'recoveryCodes');
    const recovery = this.ctx.idp.recoveryCodes;
    if (recovery.mode === 'unsupported') {
      this.ctx.steps.record({ sessionId: at.session.id, attendeeId: at.attendee.id, step: 'recoveryCodes', status: 'skipped', reason: { code: 'notOfferedByIdp', note: null } });
      this.ctx.publish(at.session.id, at.attendee.id);
      return;
    }
    let sheet = this.sheets.get(at.attendee.id);
    if (sheet?.printed) throw new KioskError('conflict', message('journey.sheetPrinted'));
    if (!sheet) {
      sheet = { ...(await this.issue(at)), replaces: this.voidSheet(at.attendee.id, undefined) };
      this.sheets.set(at.attendee.id, sheet);
    }
    const receipt = await this.send(at, sheet, locale);
    sheet.printed = true;
    sheet.onScreen = receipt.onScreen;
    this.ctx.facts.set(at.attendee.id, SHEET_FACT, { issuance: sheet.issuance, printedAt: this.ctx.session.nowIso() }, this.ctx.session.nowIso());
    this.ctx.session.record(at.session, 'journey.codesPrinted', at.attendee.id, { count: sheet.codes.length, mode: recovery.mode, queue: receipt.queue, jobId: receipt.jobId });
    this.ctx.publish(at.session.id, at.attendee.id);
  }

  async reprint(at: Attending, locale: Locale): Promise<void> {
    this.ctx.requirePlace(at, 'recoveryCodes');
    const sheet = this.sheets.get(at.attendee.id);
    if (!sheet?.printed) throw new KioskError('conflict', message('journey.noSheetToReprint'));
    if (sheet.reprints >= REPRINTS_ALLOWED) {
      throw new KioskError('forbidden', message('journey.reprintedOnce'));
    }
    const receipt = await this.send(at, sheet, locale);
    sheet.reprints += 1;
    this.print.discardOnScreen(sheet.onScreen);
    sheet.onScreen = receipt.onScreen;
    this.ctx.session.record(at.session, 'journey.codesReprinted', at.attendee.id, { reprint: sheet.reprints, queue: receipt.queue, jobId: receipt.jobId });
    this.ctx.publish(at.session.id, at.attendee.id);
  }

  /** "I have my sheet": hashes queued (kiosk-made codes) and the step committed together; then the codes are wiped. */
  confirm(at: Attending): void {
    this.ctx.requirePlace(at, 'recoveryCodes');
    const sheet = this.sheets.get(at.attendee.id);
    if (!sheet?.printed) throw new KioskError('conflict', message('journey.printSheetFirst'));
    const recovery = this.ctx.idp.recoveryCodes;
    this.ctx.session.transaction(() => {
      let outboxItemId: number | null = null;
      if (recovery.mode === 'kioskIssuedHashed') {
        const user = this.ctx.facts.get(at.attendee.id, 'idpUser', idpUserSchema);
        if (!user) throw new KioskError('conflict', message('journey.idpAccountUnknown'));
        outboxItemId = this.ctx.outbox.enqueue(IDP_OUTBOX_KINDS.recoveryCodeHashes, {
          idempotencyKey: `recovery-codes:${at.attendee.id}:${sheet.issuance}`,
          subjectKey: at.attendee.id,
          payload: { user, hashes: hashRecoveryCodes(sheet.codes) },
        }).id;
      }
      this.ctx.steps.record({
        sessionId: at.session.id,
        attendeeId: at.attendee.id,
        step: 'recoveryCodes',
        status: 'done',
        audit: { count: sheet.codes.length, mode: recovery.mode, reprints: sheet.reprints, outboxItemId, authenticatorId: sheet.authenticatorId },
      });
    });
    this.wipe(at.attendee.id);
    this.ctx.publish(at.session.id, at.attendee.id);
  }

  /**
   * When a sheet was printed whose codes this process no longer holds (a restart came between
   * print and "I have my sheet"): that paper is void, and the screen says so before a new one.
   */
  private voidSheet(attendeeId: string, sheet: Sheet | undefined): string | null {
    const printed = this.ctx.facts.get(attendeeId, SHEET_FACT, sheetFactSchema);
    if (!printed || (sheet && sheet.issuance === printed.issuance)) return null;
    return printed.printedAt;
  }

  /** Forgets an attendee's codes (confirmed, skipped, or the kiosk shutting down). */
  wipe(attendeeId: string): void {
    const sheet = this.sheets.get(attendeeId);
    if (sheet) {
      sheet.codes.fill('');
      this.print.discardOnScreen(sheet.onScreen);
    }
    this.sheets.delete(attendeeId);
  }

  wipeAll(): void {
    for (const attendeeId of [...this.sheets.keys()]) this.wipe(attendeeId);
  }

  private async issue(at: Attending): Promise<Omit<Sheet, 'replaces'>> {
    const recovery = this.ctx.idp.recoveryCodes;
    const user = await this.ctx.idpUser(at.attendee);
    if (recovery.mode === 'kioskIssuedHashed') {
      return { codes: generateRecoveryCodes(recovery.codeCount), authenticatorId: null, printed: false, reprints: 0, issuance: randomUUID(), onScreen: null };
    }
    if (recovery.mode !== 'idpIssued') throw new KioskError('conflict', message('journey.noRecoveryCodes'));
    try {
      const issued = await recovery.issue(user);
      return { codes: issued.codes, authenticatorId: issued.authenticatorId, printed: false, reprints: 0, issuance: randomUUID(), onScreen: null };
    } catch (error) {
      throw idpFailure(error);
    }
  }

  private send(at: Attending, sheet: Sheet, locale: Locale): Promise<PrintReceipt> {
    return this.print.printRecoverySheet({
      locale,
      name: `${at.attendee.givenName} ${at.attendee.familyName}`.trim(),
      date: this.ctx.session.clock.now(),
      idpName: this.ctx.idp.label,
      codes: sheet.codes,
    });
  }
}
