import { useId, useState, type FormEvent } from 'react';
import type { KioskError } from '../../../shared/contract/errors';
import { SCANNED_CODE_MAX } from '../../../shared/domain/limits';
import { ErrorNotice } from '../app/error-notice';
import { ScreenHeading } from '../app/screen-heading';
import { useI18n } from '../i18n/i18n-context';

/** "Scan your badge", large and calm, with a small field for staff to type the number. */
export function ScanPrompt({ checking, error, onSubmit }: { checking: boolean; error: KioskError | null; onSubmit(raw: string): void }) {
  const { t } = useI18n();
  const id = useId();
  const [typed, setTyped] = useState('');
  const [empty, setEmpty] = useState(false);

  function submit(event: FormEvent) {
    event.preventDefault();
    const raw = typed.trim();
    if (raw.length === 0) {
      setEmpty(true);
      return;
    }
    setEmpty(false);
    setTyped('');
    onSubmit(raw);
  }

  return (
    <div className="scan">
      <div className="scan__badge-icon" aria-hidden="true" />
      <ScreenHeading id="scan-title" className="scan__title">
        {t('badge.title')}
      </ScreenHeading>
      <p className="scan__prompt">{checking ? t('badge.checking') : t('badge.prompt')}</p>
      <ErrorNotice error={error} />
      <form className="scan__staff" onSubmit={submit} noValidate>
        <label className="field__label" htmlFor={`${id}-badge`}>
          {t('badge.staffLabel')}
        </label>
        <p className="field__hint" id={`${id}-hint`}>
          {t('badge.staffHint')}
        </p>
        {empty ? (
          <p className="field__problem" id={`${id}-problem`}>
            {t('badge.staffEmpty')}
          </p>
        ) : null}
        <div className="scan__staff-row">
          <input
            id={`${id}-badge`}
            className="field__input"
            inputMode="numeric"
            autoComplete="off"
            maxLength={SCANNED_CODE_MAX}
            value={typed}
            aria-invalid={empty ? true : undefined}
            aria-describedby={empty ? `${id}-problem ${id}-hint` : `${id}-hint`}
            onChange={(event) => setTyped(event.target.value)}
          />
          <button type="submit" className="button" disabled={checking}>
            {t('badge.staffSubmit')}
          </button>
        </div>
      </form>
    </div>
  );
}
