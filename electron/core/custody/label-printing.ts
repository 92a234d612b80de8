import type { EnvelopeLabel } from '../../../shared/domain/custody';
import type { Locale } from '../../../shared/domain/locale';
import type { EnvelopeLabelInput, PrintReceipt, PrintService } from '../print/print-service';

/**
 * The envelope's label as custody knows it, sent to the label printer: the first print at the
 * kiosk and every print for IT carry the same facts (the seal date, not today's).
 */
export function printEnvelopeLabel(print: PrintService, label: EnvelopeLabel, locale: Locale): Promise<PrintReceipt> {
  const input: EnvelopeLabelInput = {
    locale,
    name: `${label.givenName} ${label.familyName}`.trim(),
    department: label.department || null,
    keyModel: label.keyModel ?? 'Security key',
    fingerprint: label.fingerprint,
    date: new Date(label.sealedAt),
    facilitator: label.facilitator,
    sealNumber: label.sealNumber,
    custodyValue: label.code,
    reprint: label.reprint,
  };
  return print.printEnvelopeLabel(input);
}
