import { useState, type FormEvent } from 'react';
import { TextField } from '../app/text-field';
import { useI18n } from '../i18n/i18n-context';

/** The typed way in: a code or seal number and a button; a scan needs no field (see CustodyScreen). */
export function EnvelopeLookupForm({ looking, onSubmit }: { looking: boolean; onSubmit(code: string): void }) {
  const { t } = useI18n();
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
    <form className="panel form custody__find" aria-labelledby="custody-find-title" onSubmit={submit} noValidate>
      <h2 id="custody-find-title" className="panel__title">
        {t('custody.find.title')}
      </h2>
      <TextField
        label={t('custody.find.label')}
        hint={t('custody.find.hint')}
        value={typed}
        maxLength={200}
        autoComplete="off"
        spellCheck={false}
        autoCapitalize="characters"
        problem={empty ? t('custody.find.empty') : undefined}
        onChange={(event) => setTyped(event.target.value)}
      />
      <button type="submit" className="button button--primary" disabled={looking}>
        {looking ? t('custody.find.looking') : t('custody.find.submit')}
      </button>
    </form>
  );
}
