import { describe, expect, it } from 'vitest';
import { errorCodes } from '../../shared/contract/errors';
import { presentError } from '../../renderer/src/i18n/error-message';
import { en } from '../../renderer/src/i18n/en';

describe('renderer error presentation', () => {
  it('maps a code with a translation to its message key and keeps the kiosk message as detail', () => {
    expect(presentError('session_closed', 'Session 42 has ended.')).toEqual({ key: 'error.session_closed', detail: 'Session 42 has ended.' });
  });

  it('falls back to the kiosk message for codes without a translation', () => {
    expect(presentError('key_pin_blocked', 'The key is blocked. Reset it.')).toEqual({ key: null, detail: 'The key is blocked. Reset it.' });
  });

  it('every translated code points at an existing English message', () => {
    for (const code of errorCodes) {
      const { key } = presentError(code, 'x');
      if (key) expect(Object.keys(en)).toContain(key);
    }
  });
});
