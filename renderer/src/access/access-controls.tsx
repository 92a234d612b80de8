import { useI18n } from '../i18n/i18n-context';
import { useAction } from '../kiosk/use-call';
import { useAccess } from './access-context';

/** In the header: "Unlock" while locked; who is unlocked and "Lock" otherwise. */
export function AccessControls() {
  const { t } = useI18n();
  const { state, requestUnlock } = useAccess();
  const lock = useAction('access.lock');
  if (state.locked) {
    return (
      <button type="button" className="button button--small access-controls" onClick={requestUnlock}>
        {t('access.unlock.open')}
      </button>
    );
  }
  return (
    <div className="access-controls">
      <span className="access-controls__who">{t('access.unlockedAs', { name: state.facilitator?.name ?? '' })}</span>
      <button type="button" className="button button--small" disabled={lock.pending} onClick={() => void lock.run({})}>
        {t('access.lock')}
      </button>
    </div>
  );
}
