import type { Locale } from '../../../../shared/domain/locale';
import type { Enrollment } from '../../../../shared/domain/session';
import type { StepId, StepReasonCode } from '../../../../shared/domain/step-table';
import type { StepReason, StepStatus } from '../../../../shared/domain/steps';

/**
 * The words of the CSV report, in the two languages of the kiosk. The CSV is made in core (no
 * renderer dictionary there), so its words live here, as print-text.ts holds the printed
 * documents'; steps, statuses, reasons and outcomes read as the board says them (a unit test
 * holds them to the renderer's dictionaries). Keyed by the step table's ids and reason codes,
 * so the compiler asks for the words of a step or a reason the table adds.
 */
export interface ReportWords {
  columns: {
    badgeId: string;
    givenName: string;
    familyName: string;
    email: string;
    department: string;
    manager: string;
    complete: string;
    outcome: string;
    authenticators: string;
  };
  /** A step's two columns: `{step}` is its name. */
  stepStatusColumn: string;
  stepReasonColumn: string;
  step: Record<StepId, string>;
  status: Record<StepStatus, string>;
  /** `other` is never shown: its note is the reason. */
  reason: Record<Exclude<StepReasonCode, 'other'>, string>;
  /** A coded reason with the person's note beside it. */
  reasonWithNote: string;
  yes: string;
  no: string;
  outcome: Record<Enrollment['outcome'], string>;
}

const en: ReportWords = {
  columns: {
    badgeId: 'Badge ID',
    givenName: 'Given name',
    familyName: 'Family name',
    email: 'Email',
    department: 'Department',
    manager: 'Manager',
    complete: 'Complete',
    outcome: 'Outcome at the IdP',
    authenticators: 'Authenticators at the IdP',
  },
  stepStatusColumn: '{step} status',
  stepReasonColumn: '{step} reason',
  step: {
    badge: 'Badge check',
    platformPasskey: 'Phone passkey',
    backupKey: 'Backup key',
    recoveryCodes: 'Recovery codes',
    envelope: 'Envelope',
  },
  status: { pending: 'Not started', inProgress: 'In progress', done: 'Done', skipped: 'Skipped', failed: 'Failed' },
  reason: {
    noSmartphone: 'No smartphone with me',
    noAppAccess: 'Cannot sign in on my phone',
    later: 'Will do it later with IT',
    keyDefective: 'Key defective',
    noKeyAvailable: 'No key available',
    policy: 'Not required by policy',
    printerBroken: 'Printer not working',
    noEnvelope: 'No envelope at hand',
    notOfferedByIdp: 'Not offered by the IdP',
    noBackupKey: 'No backup key to seal',
  },
  reasonWithNote: '{reason}: {note}',
  yes: 'yes',
  no: 'no',
  outcome: { enrolled: 'Enrolled', waitingForIdp: 'Enrolled here, waiting for the IdP', incomplete: 'Incomplete' },
};

const de: ReportWords = {
  columns: {
    badgeId: 'Ausweisnummer',
    givenName: 'Vorname',
    familyName: 'Nachname',
    email: 'E-Mail',
    department: 'Abteilung',
    manager: 'Vorgesetzte(r)',
    complete: 'Abgeschlossen',
    outcome: 'Ergebnis beim IdP',
    authenticators: 'Anmeldemittel beim IdP',
  },
  stepStatusColumn: '{step} Status',
  stepReasonColumn: '{step} Grund',
  step: {
    badge: 'Ausweisprüfung',
    platformPasskey: 'Passkey am Telefon',
    backupKey: 'Ersatzschlüssel',
    recoveryCodes: 'Wiederherstellungscodes',
    envelope: 'Umschlag',
  },
  status: { pending: 'Offen', inProgress: 'Läuft', done: 'Erledigt', skipped: 'Übersprungen', failed: 'Fehlgeschlagen' },
  reason: {
    noSmartphone: 'Kein Smartphone dabei',
    noAppAccess: 'Anmeldung auf dem Telefon klappt nicht',
    later: 'Später mit der IT',
    keyDefective: 'Schlüssel defekt',
    noKeyAvailable: 'Kein Schlüssel verfügbar',
    policy: 'Laut Richtlinie nicht nötig',
    printerBroken: 'Drucker funktioniert nicht',
    noEnvelope: 'Kein Umschlag zur Hand',
    notOfferedByIdp: 'Vom IdP nicht angeboten',
    noBackupKey: 'Kein Ersatzschlüssel zum Versiegeln',
  },
  reasonWithNote: '{reason}: {note}',
  yes: 'ja',
  no: 'nein',
  outcome: { enrolled: 'Eingerichtet', waitingForIdp: 'Hier fertig, wartet auf den IdP', incomplete: 'Unvollständig' },
};

export const reportWords: Readonly<Record<Locale, ReportWords>> = { en, de };

/** A reason as the report's reader sees it: `other` (and a reason stored before codes) is its note, as written. */
export function reasonInWords(words: ReportWords, reason: StepReason): string {
  if (reason.code === 'other') return reason.note ?? '';
  const said = words.reason[reason.code];
  const note = reason.note;
  return note ? words.reasonWithNote.replace('{reason}', () => said).replace('{note}', () => note) : said;
}
