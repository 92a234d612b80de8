import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n-context';

/** While the key waits for its touch: the one thing to do now, announced. */
export function TouchKeyHint({ pending }: { pending: boolean }) {
  const { t } = useI18n();
  return pending ? (
    <p className="notice" role="status">
      {t('access.unlock.touch')}
    </p>
  ) : null;
}

/** A key form's submit button (Working… while pending), any other way the form offers, and its Cancel. */
export function SubmitOrCancel({ label, pending, disabled, onCancel, children }: { label: string; pending: boolean; disabled: boolean; onCancel(): void; children?: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="actions">
      <button type="submit" className="button button--primary" disabled={pending || disabled}>
        {pending ? t('common.working') : label}
      </button>
      {children}
      <button type="button" className="button" onClick={onCancel}>
        {t('common.cancel')}
      </button>
    </div>
  );
}
