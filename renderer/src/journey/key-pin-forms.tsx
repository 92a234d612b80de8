import { useEffect, useId, useState, type FormEvent } from 'react';
import type { KioskError } from '../../../shared/contract/errors';
import type { Message } from '../../../shared/contract/messages';
import type { JourneyKey } from '../../../shared/domain/journey';
import { PIN_MAX } from '../../../shared/domain/limits';
import { ErrorNotice } from '../app/error-notice';
import { ScreenHeading } from '../app/screen-heading';
import { useI18n } from '../i18n/i18n-context';
import { useKiosk } from '../kiosk/kiosk-context';
import { asKioskError } from '../kiosk/use-call';
import { KeyModel } from './key-model';

/** The policy's verdict is asked once typing pauses this long, not per keystroke. */
const VERDICT_AFTER_MS = 120;

interface Who {
  sessionId: string;
  attendeeId: string;
}

/** A key without a PIN: choose one; the core's policy verdict is shown as the person types. */
export function NewPinForm({ who, stageKey, error, onPinSet, onError }: { who: Who; stageKey: JourneyKey; error: KioskError | null; onPinSet(key: JourneyKey, pin: string): void; onError(error: KioskError): void }) {
  const { t, say } = useI18n();
  const kiosk = useKiosk();
  const ids = useId();
  const [pin, setPin] = useState('');
  const [repeat, setRepeat] = useState('');
  const [verdict, setVerdict] = useState<{ pin: string; ok: boolean; says: Message | null } | null>(null);
  const [mismatch, setMismatch] = useState(false);
  const [pending, setPending] = useState(false);

  useEffect(() => {
    if (pin.length === 0) return;
    let current = true;
    const timer = setTimeout(() => {
      kiosk.call('journey.key.checkPin', { ...who, path: stageKey.path, pin }).then(
        (answer) => current && setVerdict({ pin, ...answer }),
        (caught: unknown) => current && onError(asKioskError(caught)),
      );
    }, VERDICT_AFTER_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
    // who is rebuilt every render from the same two ids.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pin, kiosk, stageKey.path]);

  const shown = verdict && verdict.pin === pin ? verdict : null;
  // The core's policy says which rule the PIN breaks, in the one wording the key step uses too.
  const ruleText = shown && !shown.ok && shown.says ? say(shown.says) : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (pin !== repeat) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    if (!shown?.ok) return;
    setPending(true);
    try {
      const key = await kiosk.call('journey.key.setPin', { ...who, path: stageKey.path, pin });
      onPinSet(key, pin);
    } catch (caught) {
      onError(asKioskError(caught));
    } finally {
      setPending(false);
    }
  }

  return (
    <form className="form pin-form" onSubmit={submit} noValidate>
      <ScreenHeading id="backup-key-title">{t('pin.new.title')}</ScreenHeading>
      <KeyModel stageKey={stageKey} />
      <p className="screen__intro">{t('pin.new.intro', { min: String(stageKey.minPinLength) })}</p>
      <div className="pin-form__fields">
      <div className={ruleText ? 'field field--invalid' : 'field'}>
        <label className="field__label" htmlFor={`${ids}-pin`}>
          {t('pin.new.label')}
        </label>
        <p className="field__hint" id={`${ids}-verdict`} aria-live="polite" data-testid="pin-verdict">
          {ruleText ?? (shown?.ok ? t('pin.new.good') : t('pin.new.hint', { min: String(stageKey.minPinLength) }))}
        </p>
        <input id={`${ids}-pin`} className="field__input field__input--pin" type="password" inputMode="numeric" autoComplete="new-password" maxLength={PIN_MAX} value={pin} aria-invalid={ruleText ? true : undefined} aria-describedby={`${ids}-verdict`} onChange={(event) => setPin(event.target.value)} />
      </div>
      <div className={mismatch ? 'field field--invalid' : 'field'}>
        <label className="field__label" htmlFor={`${ids}-repeat`}>
          {t('pin.new.repeat')}
        </label>
        {mismatch ? (
          <p className="field__problem" id={`${ids}-mismatch`}>
            {t('pin.new.mismatch')}
          </p>
        ) : null}
        <input id={`${ids}-repeat`} className="field__input field__input--pin" type="password" inputMode="numeric" autoComplete="new-password" maxLength={PIN_MAX} value={repeat} aria-invalid={mismatch ? true : undefined} aria-describedby={mismatch ? `${ids}-mismatch` : undefined} onChange={(event) => setRepeat(event.target.value)} />
      </div>
      </div>
      <ErrorNotice error={error} />
      <button type="submit" className="button button--primary button--large" disabled={pending || !shown?.ok || repeat.length === 0}>
        {pending ? t('common.working') : t('pin.new.submit')}
      </button>
    </form>
  );
}

/** A key with a PIN: enter it; tries left are shown, so nobody locks their key by guessing. */
export function PinForm({ stageKey, error, onPin }: { stageKey: JourneyKey; error: KioskError | null; onPin(pin: string): void }) {
  const { t, tn } = useI18n();
  const ids = useId();
  const [pin, setPin] = useState('');
  const retries = stageKey.pinRetries;
  return (
    <form
      className="form pin-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (pin.length > 0) onPin(pin);
      }}
    >
      <ScreenHeading id="backup-key-title">{t('pin.enter.title')}</ScreenHeading>
      <KeyModel stageKey={stageKey} />
      <div className={error ? 'field field--invalid' : 'field'}>
        <label className="field__label" htmlFor={`${ids}-pin`}>
          {t('pin.enter.label')}
        </label>
        {error?.code === 'key_pin_invalid' ? (
          <p className="field__problem" id={`${ids}-problem`}>
            {t('pin.enter.wrong')}
          </p>
        ) : null}
        {retries !== null ? (
          <p className="field__hint" id={`${ids}-retries`} data-testid="pin-retries">
            {tn('pin.enter.retries', retries)}
          </p>
        ) : null}
        <input id={`${ids}-pin`} className="field__input field__input--pin" type="password" inputMode="numeric" autoComplete="current-password" maxLength={PIN_MAX} value={pin} aria-invalid={error ? true : undefined} aria-describedby={[error ? `${ids}-problem` : '', retries !== null ? `${ids}-retries` : ''].filter(Boolean).join(' ') || undefined} onChange={(event) => setPin(event.target.value)} />
      </div>
      {error && error.code !== 'key_pin_invalid' ? <ErrorNotice error={error} /> : null}
      <button type="submit" className="button button--primary button--large" disabled={pin.length === 0}>
        {t('pin.enter.submit')}
      </button>
    </form>
  );
}
