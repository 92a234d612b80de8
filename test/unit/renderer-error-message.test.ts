import { describe, expect, it } from 'vitest';
import { errorCodes, KioskError } from '../../shared/contract/errors';
import { message } from '../../shared/contract/messages';
import { presentError } from '../../renderer/src/i18n/error-message';
import { en } from '../../renderer/src/i18n/en';
import { say } from './helpers/translate-both-languages';

const sayIn = (locale: 'en' | 'de') => (said: Parameters<typeof say>[1]) => say(locale, said);

describe('renderer error presentation', () => {
  it('maps a code with a translation to its message key and keeps what the kiosk said as detail', () => {
    const ended = new KioskError('session_closed', message('session.ended', { department: 'Sales' }));
    expect(presentError(ended, sayIn('en'))).toEqual({ key: 'error.session_closed', detail: ended.message });
  });

  it('shows only what the kiosk said for codes without a headline of their own', () => {
    const blocked = new KioskError('key_pin_blocked', message('key.pinBlocked'));
    expect(presentError(blocked, sayIn('en'))).toEqual({ key: null, detail: blocked.message });
  });

  it('shows what the core said in the screen language when it sent a message code', () => {
    const error = KioskError.fromBody(new KioskError('session_closed', message('session.ended', { department: 'Sales' })).toBody());
    expect(presentError(error, sayIn('de')).detail).toBe('Die Sitzung für Sales ist beendet; darin lässt sich nichts mehr festhalten. Beginnen Sie eine neue Sitzung.');
  });

  it('every translated code points at an existing English message', () => {
    for (const code of errorCodes) {
      const { key } = presentError(new KioskError(code, message('contract.internal')), sayIn('en'));
      if (key) expect(Object.keys(en)).toContain(key);
    }
  });
});
