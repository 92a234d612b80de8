import type { FormEvent } from 'react';
import { ErrorNotice } from '../app/error-notice';
import { useI18n } from '../i18n/i18n-context';
import { useAction } from '../kiosk/use-call';
import { useAccess } from './access-context';
import { SubmitOrCancel, TouchKeyHint } from './key-form-parts';
import { RetryNotice, useRetryCountdown } from './retry-countdown';

/**
 * Soon after a facilitator's PIN unlock, the core lets that facilitator back with a touch of
 * their key alone (AccessState.touchUnlock); anyone else, or anyone who prefers, uses the PIN.
 */
export function TouchUnlockForm({ name, onUsePin }: { name: string; onUsePin(): void }) {
  const { t } = useI18n();
  const { closeUnlock } = useAccess();
  const unlock = useAction('access.unlock');
  const secondsLeft = useRetryCountdown(unlock.error);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await unlock.run({});
    if (result && !result.locked) closeUnlock();
  }

  return (
    <form className="form" onSubmit={submit} noValidate>
      <p className="dialog__lead">{t('access.touch.prompt', { name })}</p>
      <p>{t('access.touch.intro')}</p>
      {unlock.error && secondsLeft !== null ? <RetryNotice error={unlock.error} secondsLeft={secondsLeft} /> : <ErrorNotice error={unlock.error} />}
      <TouchKeyHint pending={unlock.pending} />
      <SubmitOrCancel label={t('access.touch.submit')} pending={unlock.pending} disabled={(secondsLeft ?? 0) > 0} onCancel={closeUnlock}>
        <button type="button" className="button" disabled={unlock.pending} onClick={onUsePin}>
          {t('access.touch.usePin')}
        </button>
      </SubmitOrCancel>
    </form>
  );
}
