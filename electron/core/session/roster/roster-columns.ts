import { KioskError } from '../../../../shared/contract/errors';
import { message } from '../../../../shared/contract/messages';

export const rosterFields = ['badgeId', 'givenName', 'familyName', 'email', 'department', 'manager', 'photo'] as const;
export type RosterField = (typeof rosterFields)[number];

const requiredFields: readonly RosterField[] = ['badgeId', 'givenName', 'familyName', 'email'];

/** Header names as HR systems and spreadsheets export them, English and German, after normalising. */
const aliases: Record<RosterField, readonly string[]> = {
  badgeId: ['badgeid', 'badge', 'badgenumber', 'badgeno', 'badgenr', 'ausweis', 'ausweisid', 'ausweisnummer', 'ausweisnr', 'mitarbeiterausweis'],
  givenName: ['givenname', 'firstname', 'first', 'forename', 'vorname'],
  familyName: ['familyname', 'lastname', 'last', 'surname', 'nachname', 'familienname'],
  email: ['email', 'emailaddress', 'mail', 'mailaddress', 'emailadresse', 'mailadresse'],
  department: ['department', 'dept', 'abteilung', 'bereich'],
  manager: ['manager', 'linemanager', 'supervisor', 'vorgesetzte', 'vorgesetzter', 'führungskraft', 'fuehrungskraft'],
  photo: ['photo', 'photofile', 'picture', 'image', 'foto', 'bild'],
};

const byAlias = new Map<string, RosterField>(
  rosterFields.flatMap((field) => aliases[field].map((alias) => [alias, field] as const)),
);

/** "Badge ID", "badge_id" and "Vorgesetzte(r)" become "badgeid" and "vorgesetzter". */
export function normaliseHeader(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_.\-()/]+/g, '');
}

/** Which field each column holds; unknown columns are ignored. */
export type ColumnMap = Partial<Record<RosterField, number>>;

/** Maps the header line to fields, or explains which columns are missing and which were found. */
export function mapColumns(header: readonly string[]): ColumnMap {
  const map: ColumnMap = {};
  header.forEach((name, index) => {
    const field = byAlias.get(normaliseHeader(name));
    if (!field) return;
    if (map[field] !== undefined) {
      throw new KioskError('roster_invalid', message('roster.columns.twice', { field, first: header[map[field]] ?? '', second: name }), {
        duplicate: field,
        found: [...header],
      });
    }
    map[field] = index;
  });
  const missing = requiredFields.filter((field) => map[field] === undefined);
  if (missing.length > 0) {
    const found = header.map((name) => name.trim()).filter((name) => name.length > 0);
    throw new KioskError(
      'roster_invalid',
      message('roster.columns.missing', { fields: missing.join(','), found: found.map((name) => `"${name.slice(0, 40)}"`).join(', ') || '—' }),
      { missing, found: found.map((name) => name.slice(0, 40)) },
    );
  }
  return map;
}
