import { describe, expect, it } from 'vitest';
import { sessionCalls } from '../../shared/contract/session-calls';
import { journeyCalls } from '../../shared/contract/journey-calls';
import { DEPARTMENT_MAX, EMAIL_MAX, FAMILY_NAME_MAX, FULL_NAME_MAX, GIVEN_NAME_MAX, IDP_LABEL_MAX, KEY_MODEL_MAX, MANAGER_MAX, PERSON_NAME_MAX, SEAL_NUMBER_MAX } from '../../shared/domain/limits';
import { envelopeLabelInputSchema, renderEnvelopeLabel } from '../../electron/core/print/envelope-label';
import { layOutLabel } from '../../electron/core/print/label-layout';
import { labelSizeNames, labelSizes, paperSizes } from '../../electron/core/print/page-sizes';
import { recoverySheetInputSchema, renderRecoverySheet } from '../../electron/core/print/recovery-sheet';
import { escapeHtml } from '../../electron/core/print/html-escape';
import { softHyphen } from '../../electron/core/print/soft-hyphens';
import { parseRoster } from '../../electron/core/session/roster/parse-roster';
import { validateStartSession } from '../../renderer/src/facilitator/start-session-validation';
import { englishText, type Message } from '../../shared/contract/messages';

/** A refused row's reasons as the English the log renders from their codes. */
const inEnglish = (rejection: { reasons: Message[] } | undefined) => rejection?.reasons.map(englishText).join(' ');

const words = (length: number, seed: string) => seed.repeat(Math.ceil(length / seed.length) + 1).slice(0, length);
/** A valid address of exactly EMAIL_MAX characters: a 64-character local part and labels of at most 63. */
const longestEmail = () => {
  const local = 'a'.repeat(64);
  const domainLength = EMAIL_MAX - local.length - 1;
  const labels = ['b'.repeat(63), 'c'.repeat(63), 'd'.repeat(domainLength - 63 - 63 - 1 - 1 - 3), 'de'];
  return `${local}@${labels.join('.')}`;
};

/** A document as it reads: the soft hyphens between syllables are invisible where no line breaks. */
const asRead = (html: string) => html.replaceAll(softHyphen, '');

const header = 'Badge ID,Given name,Family name,Email,Department,Manager';
const row = (cells: { given: string; family: string; email: string; department: string; manager: string }) => `1001,${cells.given},${cells.family},${cells.email},${cells.department},${cells.manager}`;
const atMaximum = {
  given: words(GIVEN_NAME_MAX, 'Maximiliane Ludovica '),
  family: words(FAMILY_NAME_MAX, 'von Wolkenstein-Brandenburg '),
  email: longestEmail(),
  department: words(DEPARTMENT_MAX, 'Informationssicherheitsmanagementabteilung '),
  manager: words(MANAGER_MAX, 'Hohenzollern Sigmaringen '),
};

describe('one set of limits for the roster, the contract, the forms and the printed documents', () => {
  it('the roster takes a row with every value at its limit and refuses one character more, naming the limit', () => {
    expect(atMaximum.email).toHaveLength(EMAIL_MAX);
    const accepted = parseRoster(Buffer.from(`${header}\n${row(atMaximum)}\n`), { defaultDepartment: 'Session' }).accepted;
    expect(accepted).toHaveLength(1);
    for (const [field, value] of Object.entries({ given: `${atMaximum.given}x`, family: `${atMaximum.family}x`, department: `${atMaximum.department}x`, manager: `${atMaximum.manager}x` })) {
      const result = parseRoster(Buffer.from(`${header}\n${row({ ...atMaximum, [field]: value })}\n`), { defaultDepartment: 'Session' });
      expect(inEnglish(result.rejected[0]), field).toMatch(/ 120 characters/);
    }
  });

  it('a roster row at every maximum renders both documents whole: nothing is refused, nothing is cut', async () => {
    const [person] = parseRoster(Buffer.from(`${header}\n${row(atMaximum)}\n`), { defaultDepartment: 'Session' }).accepted;
    if (!person) throw new Error('the row at its limits was refused');
    expect([person.givenName.length, person.familyName.length, person.department.length]).toEqual([GIVEN_NAME_MAX, FAMILY_NAME_MAX, DEPARTMENT_MAX]);
    const name = `${person.givenName} ${person.familyName}`;
    expect(name).toHaveLength(FULL_NAME_MAX);

    const sheet = recoverySheetInputSchema.parse({ locale: 'de', name, date: new Date(2026, 8, 22), idpName: 'X'.repeat(IDP_LABEL_MAX), codes: ['K7QX3MPDW2RT'] });
    expect(sheet.name).toBe(name);
    for (const paper of Object.values(paperSizes)) expect(asRead(renderRecoverySheet(sheet, { paper, training: true }))).toContain(escapeHtml(name));

    const label = envelopeLabelInputSchema.parse({
      locale: 'de',
      name,
      department: person.department,
      keyModel: 'YubiKey 5 Series with NFC - Enhanced PIN',
      fingerprint: '8BE3 9858',
      date: new Date(2026, 8, 22),
      facilitator: words(40, 'Priya Raman '),
      sealNumber: 'W'.repeat(SEAL_NUMBER_MAX),
      custodyValue: 'ENV-7F3K2M9Q',
      reprint: true,
    });
    expect({ name: label.name, department: label.department }).toEqual({ name, department: person.department });
    for (const sizeName of labelSizeNames) {
      const html = asRead(await renderEnvelopeLabel(label, { size: labelSizes[sizeName], training: true }));
      expect(html, sizeName).toContain(escapeHtml(name));
      expect(html, sizeName).toContain(escapeHtml(person.department));
      expect(html, sizeName).not.toContain('…');
    }
    const upperCase = { ...label, name: name.toUpperCase(), department: person.department.toUpperCase() };
    for (const sizeName of labelSizeNames) {
      const wanted = { marks: ['SCHULUNG', 'NACHDRUCK'], kind: 'Ersatz-Sicherheitsschlüssel', name: upperCase.name, department: upperCase.department, facts: [], sealLabel: 'Siegel-Nr.', sealNumber: label.sealNumber, custodyValue: label.custodyValue };
      expect(layOutLabel(wanted, labelSizes[sizeName]).layout.shortened, sizeName).toBe(false);
    }
  });

  it('the print documents derive the full name from the roster\'s two limits, and cut only what is longer, with "…"', () => {
    const label = (name: string) => envelopeLabelInputSchema.parse({ locale: 'en', name, department: null, keyModel: 'K'.repeat(KEY_MODEL_MAX + 5), fingerprint: '8BE3 9858', date: new Date(), facilitator: 'F'.repeat(PERSON_NAME_MAX), sealNumber: 'K001000', custodyValue: 'ENV-7F3K2M9Q' });
    expect(label('N'.repeat(FULL_NAME_MAX)).name).toBe('N'.repeat(FULL_NAME_MAX));
    const past = label('N'.repeat(FULL_NAME_MAX + 10));
    expect(past.name).toHaveLength(FULL_NAME_MAX);
    expect(past.name.endsWith('N…')).toBe(true);
    expect(past.keyModel).toBe(`${'K'.repeat(KEY_MODEL_MAX - 1)}…`);
    expect(past.facilitator).toBe('F'.repeat(PERSON_NAME_MAX));
    expect(recoverySheetInputSchema.parse({ locale: 'en', name: 'N', date: new Date(), idpName: 'I'.repeat(IDP_LABEL_MAX + 1), codes: ['K7QX3MPDW2RT'] }).idpName).toHaveLength(IDP_LABEL_MAX);
    // A seal number is never cut: one longer than the limit is refused, at the journey's door already.
    expect(envelopeLabelInputSchema.safeParse({ ...past, date: new Date(), sealNumber: 'S'.repeat(SEAL_NUMBER_MAX + 1) }).success).toBe(false);
    const who = { sessionId: 's', attendeeId: 'a', locale: 'en' };
    expect(journeyCalls['journey.envelope.print'].input.safeParse({ ...who, sealNumber: 'S'.repeat(SEAL_NUMBER_MAX) }).success).toBe(true);
    expect(journeyCalls['journey.envelope.print'].input.safeParse({ ...who, sealNumber: 'S'.repeat(SEAL_NUMBER_MAX + 1) }).success).toBe(false);
  });

  it('the start-session form checks the session.start contract\'s own limits', () => {
    const contract = sessionCalls['session.start'].input;
    const department = 'D'.repeat(DEPARTMENT_MAX);
    expect(validateStartSession({ department, room: 'B-204', plannedMinutes: '30' }).ok).toBe(true);
    expect(contract.safeParse({ department, room: 'B-204', plannedMinutes: 30 }).success).toBe(true);
    const tooLong = validateStartSession({ department: `${department}D`, room: 'B-204', plannedMinutes: '30' });
    expect(tooLong).toEqual({ ok: false, problems: { department: { key: 'validation.tooLong', params: { max: DEPARTMENT_MAX } } } });
    expect(contract.safeParse({ department: `${department}D`, room: 'B-204', plannedMinutes: 30 }).success).toBe(false);
  });
});
