import { describe, expect, it } from 'vitest';
import { KioskError } from '../../shared/contract/errors';
import { englishText, message, messageCodes, termListParams, termParams, type MessageCode } from '../../shared/contract/messages';
import { englishMessages, englishTerms } from '../../shared/contract/messages-en';
import { germanMessages, germanTerms } from '../../shared/contract/messages-de';
import { isPluralForms, type PluralForms } from '../../renderer/src/i18n/plural-forms';
import { placeholdersOf } from '../../renderer/src/i18n/translate';
import { say } from './helpers/translate-both-languages';

const texts = { en: englishMessages, de: germanMessages } as const;
const formsOf = (value: string | PluralForms): string[] => (typeof value === 'string' ? [value] : Object.values(value));
const placeholders = (code: MessageCode, locale: keyof typeof texts) => formsOf(texts[locale][code]).map((text) => placeholdersOf(text).join());

describe('message codes the core can emit', () => {
  it('the one list in shared/ is the one the renderer translates: every code has English and German, no more', () => {
    expect(messageCodes.length).toBeGreaterThan(100);
    expect(Object.keys(germanMessages).sort()).toEqual([...messageCodes].sort());
  });

  it('every code has a non-empty text in both languages, with the same placeholders in every form', () => {
    for (const code of messageCodes) {
      const english = placeholders(code, 'en');
      expect(new Set(english).size, `en ${code}: forms differ`).toBe(1);
      for (const text of [...formsOf(englishMessages[code]), ...formsOf(germanMessages[code])]) expect(text.trim(), code).not.toBe('');
      expect(placeholders(code, 'de'), `de ${code}`).toEqual(english);
      expect(isPluralForms(germanMessages[code]), `de ${code}: plural as in English`).toBe(isPluralForms(englishMessages[code]));
    }
  });

  it('German is German: no code shows its English text', () => {
    const same = messageCodes.filter((code) => JSON.stringify(germanMessages[code]) === JSON.stringify(englishMessages[code]));
    expect(same).toEqual([]);
  });

  it('every word that stands in a message as a parameter has English and German', () => {
    const kinds = new Set<string>([...Object.values(termParams), ...Object.values(termListParams)]);
    expect([...kinds].sort()).toEqual(Object.keys(englishTerms).sort());
    for (const kind of Object.keys(englishTerms) as (keyof typeof englishTerms)[]) {
      expect(Object.keys(germanTerms[kind]).sort(), kind).toEqual(Object.keys(englishTerms[kind]).sort());
    }
  });

  it('crosses the boundary as code and parameters, and reads the same in English on screen as in the log', () => {
    const error = new KioskError('roster_invalid', message('roster.row.badgeTwice', { badgeId: 'AB12', firstLine: 2 }));
    const back = KioskError.fromBody(error.toBody());
    expect(back.says).toEqual({ reason: 'roster.row.badgeTwice', params: { badgeId: 'AB12', firstLine: 2 } });
    expect(say('en', back.says!)).toBe(back.message);
    expect(say('de', back.says!)).toBe('Die Ausweisnummer AB12 kommt zweimal vor: zuerst in Zeile 2.');
  });

  it("translates words among the parameters and picks the plural form with the language's rules", () => {
    const missing = message('roster.cell.missing', { field: 'givenName' });
    expect(englishText(missing)).toBe('Given name is missing.');
    expect(say('de', missing)).toBe('Vorname: fehlt.');
    const columns = message('roster.columns.missing', { fields: 'badgeId,email', found: '"Name"' });
    expect(say('de', columns)).toContain('Es fehlt: Ausweisnummer und E-Mail.');
    expect(say('de', message('key.pinWrong', { count: 1 }))).toBe('Falsche PIN. Noch 1 Versuch, bevor der Schlüssel sperrt.');
    expect(say('de', message('key.pinWrong', { count: 3 }))).toBe('Falsche PIN. Noch 3 Versuche, bevor der Schlüssel sperrt.');
    expect(englishText(message('key.pinWrong', { count: 1 }))).toBe('Wrong PIN. 1 try left before the key locks.');
  });

  it('writes numbers the way the language does: a decimal comma in German, no thousands mark in a line number or a status', () => {
    const busy = message('idp.busyWait', { idp: 'Keycloak', status: 503, seconds: 1.5 });
    expect(say('de', busy)).toBe('Keycloak ist ausgelastet (HTTP 503) und bat den Kiosk, 1,5 s zu warten; der Kiosk versucht es dann erneut.');
    expect(say('en', busy)).toBe('Keycloak is busy (HTTP 503) and asked the kiosk to wait 1.5 s; the kiosk will try again then.');
    expect(say('de', message('idp.timeout', { idp: 'authentik', seconds: 12.5 }))).toContain('innerhalb von 12,5 s');
    expect(say('de', message('idp.timeout', { idp: 'authentik', seconds: 1500 }))).toContain('innerhalb von 1500 s');
  });
});
