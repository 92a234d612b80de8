import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ErrorNotice } from '../app/error-notice';
import { TextField } from '../app/text-field';
import { useI18n } from '../i18n/i18n-context';
import { useAction } from '../kiosk/use-call';
import { useAccess } from './access-context';
import { SubmitOrCancel, TouchKeyHint } from './key-form-parts';
import { RetryNotice, useRetryCountdown } from './retry-countdown';
import { TouchUnlockForm } from './touch-unlock-form';
import { callAudience } from '../../../shared/contract/call-audience';
import { PIN_MIN } from '../../../shared/domain/limits';
import { roleLabelKeys } from './role-options';

/**
 * Over the current screen, which stays as it was: the facilitator's key and PIN unlock the
 * kiosk, or a touch of their key alone soon after their PIN unlock (the core says when).
 * Without any facilitator key yet, the first one is set up here with the setup code.
 */
export function UnlockDialog() {
  const { t } = useI18n();
  const { state, closeUnlock } = useAccess();
  const dialogRef = useRef<HTMLDivElement>(null);
  const [pinChosen, setPinChosen] = useState(false);
  const touch = pinChosen ? null : state.touchUnlock;

  const form = state.setupNeeded ? 'setup' : touch ? 'touch' : 'pin';
  // The first field, or the touch form's button; again when the dialog turns to the PIN.
  useEffect(() => {
    dialogRef.current?.querySelector<HTMLElement>('input, button')?.focus();
  }, [form]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') closeUnlock();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [closeUnlock]);

  return (
    <div className="dialog-backdrop">
      <div ref={dialogRef} className="dialog" role="dialog" aria-modal="true" aria-labelledby="unlock-title">
        <h2 id="unlock-title" className="dialog__title">
          {state.setupNeeded ? t('access.setup.title') : t('access.unlock.title')}
        </h2>
        {form === 'setup' ? <SetupFirstKeyForm /> : null}
        {form === 'touch' && touch ? <TouchUnlockForm name={touch.name} onUsePin={() => setPinChosen(true)} /> : null}
        {form === 'pin' ? <UnlockForm /> : null}
      </div>
    </div>
  );
}

function UnlockForm() {
  const { t, say } = useI18n();
  const { state, closeUnlock } = useAccess();
  const unlock = useAction('access.unlock');
  const [pin, setPin] = useState('');

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await unlock.run({ pin });
    setPin('');
    if (result && !result.locked) closeUnlock();
  }

  // The core's own words for a wrong PIN, with the tries the key has left where it said.
  const wrongPin = unlock.error?.code === 'key_pin_invalid' ? unlock.error : null;
  const secondsLeft = useRetryCountdown(unlock.error);
  return (
    <form className="form" onSubmit={submit} noValidate>
      <p>{t('access.unlock.intro')}</p>
      {state.trainingKeyPin ? <p className="notice">{t('access.unlock.trainingHint', { pin: state.trainingKeyPin })}</p> : null}
      {wrongPin ? (
        <p className="notice notice--warning" role="alert">
          {say(wrongPin.says)}
        </p>
      ) : unlock.error && secondsLeft !== null ? (
        <RetryNotice error={unlock.error} secondsLeft={secondsLeft} />
      ) : (
        <ErrorNotice error={unlock.error} />
      )}
      <TextField label={t('access.pin')} type="password" inputMode="numeric" autoComplete="off" name="pin" value={pin} onChange={(event) => setPin(event.target.value)} />
      <TouchKeyHint pending={unlock.pending} />
      <SubmitOrCancel label={t('access.unlock.submit')} pending={unlock.pending} disabled={pin.length < PIN_MIN || (secondsLeft ?? 0) > 0} onCancel={closeUnlock} />
    </form>
  );
}

function SetupFirstKeyForm() {
  const { t } = useI18n();
  const { closeUnlock } = useAccess();
  const enroll = useAction('access.enroll');
  const unlock = useAction('access.unlock');
  const [form, setForm] = useState({ setupCode: '', name: '', pin: '' });
  // The first key must be able to add the others: the role the core's audience table lets add keys.
  const [role] = callAudience['access.enroll'].roles;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!role) return;
    const enrolled = await enroll.run({ setupCode: form.setupCode, name: form.name, role, pin: form.pin });
    if (!enrolled) return;
    const state = await unlock.run({ pin: form.pin });
    if (state && !state.locked) closeUnlock();
  }

  const pending = enroll.pending || unlock.pending;
  const error = enroll.error ?? unlock.error;
  const secondsLeft = useRetryCountdown(error);
  return (
    <form className="form" onSubmit={submit} noValidate>
      <p>{t('access.setup.intro')}</p>
      {error && secondsLeft !== null ? <RetryNotice error={error} secondsLeft={secondsLeft} /> : <ErrorNotice error={error} />}
      <TextField label={t('access.setup.code')} hint={t('access.setup.codeHint')} name="setupCode" autoComplete="off" value={form.setupCode} onChange={(event) => setForm({ ...form, setupCode: event.target.value })} />
      <TextField label={t('access.name')} name="name" autoComplete="off" value={form.name} onChange={(event) => setForm({ ...form, name: event.target.value })} />
      {role ? <p data-testid="setup-role">{t('access.setup.role', { role: t(roleLabelKeys[role]) })}</p> : null}
      <TextField label={t('access.pin')} hint={t('access.pinHint')} type="password" inputMode="numeric" autoComplete="off" name="pin" value={form.pin} onChange={(event) => setForm({ ...form, pin: event.target.value })} />
      <TouchKeyHint pending={pending} />
      <SubmitOrCancel label={t('access.setup.submit')} pending={pending} disabled={!form.setupCode || !form.name || form.pin.length < PIN_MIN || (secondsLeft ?? 0) > 0} onCancel={closeUnlock} />
    </form>
  );
}
