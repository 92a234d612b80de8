import type { FleetReportGrouping } from '../../../../shared/domain/fleet-report';
import type { Locale } from '../../../../shared/domain/locale';

/**
 * The fleet report's CSV words in the kiosk's two languages (made in core, like the session
 * report's: report-words.ts, whose step names it shares). `{step}` is a step's name.
 */
export interface FleetReportWords {
  group: Record<FleetReportGrouping, string>;
  attendees: string;
  complete: string;
  completeShare: string;
  stepDone: string;
  stepDoneShare: string;
  stepSkipped: string;
  stepSkippedShare: string;
  stepFailed: string;
  stepFailedShare: string;
  total: string;
  /** Percentages with the reader's decimal separator. */
  numberLocale: string;
}

const en: FleetReportWords = {
  group: { department: 'Department', site: 'Site', kiosk: 'Kiosk', week: 'Week' },
  attendees: 'Attendees on the roster',
  complete: 'Fully enrolled',
  completeShare: 'Fully enrolled (%)',
  stepDone: '{step} done',
  stepDoneShare: '{step} done (%)',
  stepSkipped: '{step} skipped',
  stepSkippedShare: '{step} skipped (%)',
  stepFailed: '{step} failed',
  stepFailedShare: '{step} failed (%)',
  total: 'All',
  numberLocale: 'en-GB',
};

const de: FleetReportWords = {
  group: { department: 'Abteilung', site: 'Standort', kiosk: 'Kiosk', week: 'Woche' },
  attendees: 'Teilnehmende laut Liste',
  complete: 'Vollständig eingerichtet',
  completeShare: 'Vollständig eingerichtet (%)',
  stepDone: '{step} erledigt',
  stepDoneShare: '{step} erledigt (%)',
  stepSkipped: '{step} übersprungen',
  stepSkippedShare: '{step} übersprungen (%)',
  stepFailed: '{step} fehlgeschlagen',
  stepFailedShare: '{step} fehlgeschlagen (%)',
  total: 'Gesamt',
  numberLocale: 'de-DE',
};

export const fleetReportWords: Readonly<Record<Locale, FleetReportWords>> = { en, de };
