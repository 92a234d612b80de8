import { useId, useState, type FormEvent } from 'react';
import { SCANNED_CODE_MAX } from '../../../shared/domain/limits';
import { useI18n } from '../i18n/i18n-context';

/**
 * The typed way in: a code or seal number and a button, on one line; a scan needs no field (see
 * CustodyScreen, whose intro says so).
 */
export function EnvelopeLookupForm({ looking, onSubmit }: { looking: boolean; onSubmit(code: string): void }) {
  const { t } = useI18n();
  const id = useId();
  const [typed, setTyped] = useState('');
  const [empty, setEmpty] = useState(false);

  function submit(event: FormEvent) {
    event.preventDefault();
    const code = typed.trim();
    setEmpty(code.length === 0);
    if (code.length === 0) return;
    setTyped('');
    onSubmit(code);
  }

  return (
    <form className="panel custody__find" aria-labelledby="custody-find-title" onSubmit={submit} noValidate>
      {/* The form's name for screen readers; the field's own label says the same on screen. */}
      <h2 id="custody-find-title" className="visually-hidden">
        {t('custody.find.title')}
      </h2>
      <div className={empty ? 'field field--invalid' : 'field'}>
        <label className="field__label" htmlFor={id}>
          {t('custody.find.label')}
        </label>
        {empty ? (
          <p className="field__problem" id={`${id}-problem`}>
            {t('custody.find.empty')}
          </p>
        ) : null}
        <div className="custody__find-row">
          <input
            id={id}
            className="field__input"
            value={typed}
            maxLength={SCANNED_CODE_MAX}
            autoComplete="off"
            spellCheck={false}
            autoCapitalize="characters"
            aria-invalid={empty ? true : undefined}
            aria-describedby={empty ? `${id}-problem` : undefined}
            onChange={(event) => setTyped(event.target.value)}
          />
          <button type="submit" className="button button--primary" disabled={looking}>
            {looking ? t('custody.find.looking') : t('custody.find.submit')}
          </button>
        </div>
      </div>
    </form>
  );
}
