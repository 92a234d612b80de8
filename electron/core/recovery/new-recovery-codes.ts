import { randomUUID } from 'node:crypto';
import { KioskError } from '../../../shared/contract/errors';
import { message } from '../../../shared/contract/messages';
import type { NewCodesSheet } from '../../../shared/contract/recovery-codes-calls';
import type { Locale } from '../../../shared/domain/locale';
import type { IdpConnector, IdpUser } from '../idp/idp-connector';
import { IDP_OUTBOX_KINDS } from '../idp/idp-outbox-kinds';
import { generateRecoveryCodes, hashRecoveryCodes } from '../idp/recovery-codes';
import { idpFailure } from '../journey/idp-failure';
import type { Clock } from '../ports/clock';
import type { PrintReceipt, PrintService } from '../print/print-service';
import type { AuditLog } from '../store/audit-log';
import type { Db } from '../store/open-database';
import type { OutboxService } from '../sync/outbox-service';

/** As in the journey: one reprint, so a jammed sheet is not the end, and every copy is audited. */
const REPRINTS_ALLOWED = 1;

export interface NewRecoveryCodesDeps {
  db: Db;
  audit: AuditLog;
  clock: Clock;
  idp: IdpConnector;
  outbox: OutboxService;
  print: PrintService;
}

/** Who the sheet is for and where it was asked for: a session's attendee, or the helpdesk's identity check. */
export interface SheetSubject {
  user: IdpUser;
  /** The audit's subject: the attendee id in a session, the IdP user id at the helpdesk. */
  subjectKey: string;
  context: { sessionId: string } | { identityCheckId: string | null };
}

interface PendingSheet {
  id: string;
  subject: SheetSubject;
  mode: NewCodesSheet['mode'];
  /** Plaintext, only here and only until the sheet is confirmed or cancelled. */
  codes: string[];
  /** The IdP's new authenticator for IdP-issued codes (authentik's new static-token device). */
  authenticatorId: string | null;
  /** The person's recovery-code authenticators the new ones replace (IdP-issued: revoked at confirm). */
  replaces: string[];
  printed: boolean;
  reprints: number;
  onScreen: string | null;
}

/**
 * New recovery codes for a person who used most of theirs or lost the sheet (issue 17, build
 * item 2), under the journey's rules for the first sheet: the codes live in this process's
 * memory from issue to "I have my sheet" (or cancel), then they are overwritten; they never
 * reach the database, the outbox, the screen or a log.
 *
 * The old codes stop working only once the person holds the new sheet: at confirm the outbox
 * takes the hashes (Keycloak and the training IdP replace their one recovery-code credential)
 * or the revoking of the old static-token devices (authentik, whose stage issued the new ones),
 * each with an idempotency key. Where the IdP has no recovery codes (Entra) nothing starts, and
 * the refusal carries the connector's reason.
 */
export class NewRecoveryCodes {
  private readonly sheets = new Map<string, PendingSheet>();

  constructor(private readonly deps: NewRecoveryCodesDeps) {}

  /** Issues and prints a new sheet for the subject; with an unprinted sheet pending (a failed print), prints that one again. */
  async start(subject: SheetSubject, actor: string, locale: Locale): Promise<NewCodesSheet> {
    const recovery = this.deps.idp.recoveryCodes;
    if (recovery.mode === 'unsupported') throw new KioskError('conflict', recovery.reason);
    const pending = this.pendingFor(subject.subjectKey);
    if (pending?.printed) return this.view(pending, 'printed');
    const sheet = pending ?? (await this.issue(subject));
    this.sheets.set(sheet.id, sheet);
    await this.printFirst(sheet, actor, locale);
    return this.view(sheet, 'printed');
  }

  /** After a failed print: the same codes again; after a printed one: the one reprint. */
  async reprint(sheetId: string, actor: string, locale: Locale): Promise<NewCodesSheet> {
    const sheet = this.require(sheetId);
    if (!sheet.printed) {
      await this.printFirst(sheet, actor, locale);
      return this.view(sheet, 'printed');
    }
    if (sheet.reprints >= REPRINTS_ALLOWED) throw new KioskError('forbidden', message('recovery.reprintedOnce'));
    const receipt = await this.send(sheet, locale);
    sheet.reprints += 1;
    this.deps.print.discardOnScreen(sheet.onScreen);
    sheet.onScreen = receipt.onScreen;
    this.record(sheet, actor, 'recovery.newCodesReprinted', { reprint: sheet.reprints, queue: receipt.queue, jobId: receipt.jobId });
    return this.view(sheet, 'printed');
  }

  /** "I have my sheet": what replaces the old codes at the IdP is queued and audited together; then the codes are wiped. */
  confirm(sheetId: string, actor: string): NewCodesSheet {
    const sheet = this.require(sheetId);
    if (!sheet.printed) throw new KioskError('conflict', message('journey.printSheetFirst'));
    const { outbox } = this.deps;
    const { user, subjectKey } = sheet.subject;
    this.deps.db.transaction(() => {
      const outboxItemIds =
        sheet.mode === 'kioskIssuedHashed'
          ? [outbox.enqueue(IDP_OUTBOX_KINDS.recoveryCodeHashes, { idempotencyKey: `recovery-codes:${subjectKey}:${sheet.id}`, subjectKey, payload: { user, hashes: hashRecoveryCodes(sheet.codes) } }).id]
          : sheet.replaces.map((authenticatorId) => this.revoke(sheet, authenticatorId));
      this.record(sheet, actor, 'recovery.newCodesConfirmed', { outboxItemIds, authenticatorId: sheet.authenticatorId, replaces: sheet.replaces, reprints: sheet.reprints });
    })();
    const view = this.view(sheet, 'confirmed');
    this.wipe(sheet.id);
    return view;
  }

  /** The sheet is not kept: nothing reaches the IdP, except that IdP-issued codes are revoked so the paper is void. */
  cancel(sheetId: string, actor: string): NewCodesSheet {
    const sheet = this.require(sheetId);
    this.deps.db.transaction(() => {
      const outboxItemIds = sheet.authenticatorId ? [this.revoke(sheet, sheet.authenticatorId)] : [];
      this.record(sheet, actor, 'recovery.newCodesCancelled', { printed: sheet.printed, outboxItemIds });
    })();
    const view = this.view(sheet, 'cancelled');
    this.wipe(sheet.id);
    return view;
  }

  /** Forgets every pending sheet's codes (the kiosk shutting down). */
  wipeAll(): void {
    for (const id of [...this.sheets.keys()]) this.wipe(id);
  }

  private async issue(subject: SheetSubject): Promise<PendingSheet> {
    const recovery = this.deps.idp.recoveryCodes;
    const base = { id: randomUUID(), subject, printed: false, reprints: 0, onScreen: null };
    if (recovery.mode === 'kioskIssuedHashed') {
      return { ...base, mode: recovery.mode, codes: generateRecoveryCodes(recovery.codeCount), authenticatorId: null, replaces: [] };
    }
    if (recovery.mode !== 'idpIssued') throw new KioskError('conflict', message('journey.noRecoveryCodes'));
    try {
      const issued = await recovery.issue(subject.user);
      // The stage made a new device beside the old ones; those are revoked once the person holds the new sheet.
      const replaces = (await this.deps.idp.listAuthenticators(subject.user))
        .filter((authenticator) => authenticator.type === 'recoveryCodes' && authenticator.id !== issued.authenticatorId)
        .map((authenticator) => authenticator.id);
      return { ...base, mode: recovery.mode, codes: issued.codes, authenticatorId: issued.authenticatorId, replaces };
    } catch (error) {
      throw idpFailure(error);
    }
  }

  private async printFirst(sheet: PendingSheet, actor: string, locale: Locale): Promise<void> {
    const receipt = await this.send(sheet, locale);
    sheet.printed = true;
    sheet.onScreen = receipt.onScreen;
    this.record(sheet, actor, 'recovery.newCodesPrinted', { count: sheet.codes.length, mode: sheet.mode, queue: receipt.queue, jobId: receipt.jobId });
  }

  private send(sheet: PendingSheet, locale: Locale): Promise<PrintReceipt> {
    return this.deps.print.printRecoverySheet({
      locale,
      name: sheet.subject.user.displayName,
      date: this.deps.clock.now(),
      idpName: this.deps.idp.label,
      codes: sheet.codes,
    });
  }

  private revoke(sheet: PendingSheet, authenticatorId: string): number {
    const { user, subjectKey } = sheet.subject;
    return this.deps.outbox.enqueue(IDP_OUTBOX_KINDS.revokeAuthenticator, { idempotencyKey: `recovery-codes-revoke:${sheet.id}:${authenticatorId}`, subjectKey, payload: { user, authenticatorId } }).id;
  }

  /** Never the codes: what was done, for whom, where, by whom. */
  private record(sheet: PendingSheet, actor: string, action: string, data: Record<string, unknown>): void {
    this.deps.audit.append({ actor, action, subject: sheet.subject.subjectKey, data: { sheetId: sheet.id, idpUserId: sheet.subject.user.id, ...sheet.subject.context, ...data } });
  }

  private pendingFor(subjectKey: string): PendingSheet | undefined {
    return [...this.sheets.values()].find((sheet) => sheet.subject.subjectKey === subjectKey);
  }

  private require(sheetId: string): PendingSheet {
    const sheet = this.sheets.get(sheetId);
    if (!sheet) throw new KioskError('not_found', message('recovery.sheetUnknown'), { sheetId });
    return sheet;
  }

  private view(sheet: PendingSheet, status: NewCodesSheet['status']): NewCodesSheet {
    const settled = status === 'confirmed' || status === 'cancelled';
    return {
      sheetId: sheet.id,
      displayName: sheet.subject.user.displayName,
      mode: sheet.mode,
      count: sheet.codes.length,
      status,
      reprintsLeft: REPRINTS_ALLOWED - sheet.reprints,
      onScreen: settled ? null : sheet.onScreen,
    };
  }

  private wipe(sheetId: string): void {
    const sheet = this.sheets.get(sheetId);
    if (sheet) {
      sheet.codes.fill('');
      this.deps.print.discardOnScreen(sheet.onScreen);
    }
    this.sheets.delete(sheetId);
  }
}
