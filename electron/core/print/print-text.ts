import type { Locale } from '../../../shared/domain/locale';

/**
 * The words on the printed documents, in the two languages of the kiosk. The documents are
 * made in core (no renderer dictionary there), so their few sentences live here.
 * `{idp}` is replaced with the sign-in's name.
 */
const en = {
  sheetTitle: 'Your recovery codes',
  sheetIntro: 'These codes let you sign in when your passkey and your security key are both unavailable.',
  name: 'Name',
  date: 'Date',
  signIn: 'Sign-in',
  codesTitle: 'Codes',
  codesNote: 'Each code works once. Cross it off when you have used it.',
  useTitle: 'How to use a code',
  useSteps: ['Go to the sign-in page of {idp} as usual.', 'Choose the option to use a recovery code.', 'Type one code from this sheet.', 'Cross that code off: it will not work again.'],
  keepTitle: 'Where to keep this sheet',
  keepText: 'In a safe place of your own, for example at home with your important papers.',
  keepNot: 'Not with your laptop, not with your security key, and not as a photo on your phone: anyone who has this sheet can use the codes.',
  lostText: 'Lost the sheet, or used most codes? Tell IT: they can make these codes invalid and give you new ones.',
  trainingBanner: 'TRAINING: practice codes, valid for no real account',
  labelTitle: 'Backup security key',
  department: 'Department',
  key: 'Key',
  fingerprint: 'Fingerprint',
  facilitator: 'Facilitator',
  seal: 'Seal no.',
  trainingMark: 'TRAINING',
  reprintMark: 'REPRINT',
};

export type PrintText = typeof en;

const de: PrintText = {
  sheetTitle: 'Ihre Wiederherstellungscodes',
  sheetIntro: 'Mit diesen Codes melden Sie sich an, wenn weder Ihr Passkey noch Ihr Sicherheitsschlüssel zur Hand ist.',
  name: 'Name',
  date: 'Datum',
  signIn: 'Anmeldung',
  codesTitle: 'Codes',
  codesNote: 'Jeder Code gilt nur einmal. Streichen Sie ihn nach Gebrauch durch.',
  useTitle: 'So verwenden Sie einen Code',
  useSteps: [
    'Öffnen Sie wie gewohnt die Anmeldeseite von {idp}.',
    'Wählen Sie die Möglichkeit, einen Wiederherstellungscode zu verwenden.',
    'Geben Sie einen Code von diesem Blatt ein.',
    'Streichen Sie diesen Code durch: Er funktioniert kein zweites Mal.',
  ],
  keepTitle: 'Wo Sie dieses Blatt aufbewahren',
  keepText: 'An einem sicheren Ort, der nur Ihnen gehört, zum Beispiel zu Hause bei Ihren wichtigen Unterlagen.',
  keepNot: 'Nicht beim Laptop, nicht beim Sicherheitsschlüssel und nicht als Foto auf dem Handy: Wer dieses Blatt hat, kann die Codes verwenden.',
  lostText: 'Blatt verloren oder die meisten Codes verbraucht? Sagen Sie es der IT: Sie kann diese Codes ungültig machen und Ihnen neue geben.',
  trainingBanner: 'SCHULUNG: Übungscodes, für kein echtes Konto gültig',
  labelTitle: 'Ersatz-Sicherheitsschlüssel',
  department: 'Abteilung',
  key: 'Schlüssel',
  fingerprint: 'Fingerabdruck',
  facilitator: 'Moderation',
  seal: 'Siegel-Nr.',
  trainingMark: 'SCHULUNG',
  reprintMark: 'NACHDRUCK',
};

export const printText: Record<Locale, PrintText> = { en, de };

/** "2 December 2026" / "2. Dezember 2026", in the kiosk's own time zone. */
export function formatPrintDate(date: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'long' }).format(date);
}
