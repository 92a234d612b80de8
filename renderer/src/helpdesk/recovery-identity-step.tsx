import { useId, useState, type FormEvent } from 'react';
import { recoveryCalls } from '../../../shared/contract/recovery-calls';
import { NOTE_MAX } from '../../../shared/domain/limits';
import type { RecoveryView } from '../../../shared/domain/recovery';
import type { SecondSignal } from '../../../shared/domain/session';
import { checkInput } from '../app/contract-input';
import { ErrorNotice } from '../app/error-notice';
import { TextAreaField } from '../app/text-area-field';
import { useI18n } from '../i18n/i18n-context';
import { useAction } from '../kiosk/use-call';
import { SecondSignalField } from '../badge/second-signal-field';

/** The identity check as at the badge check: the face compared and a second signal, checked with the contract's schema. */
export function RecoveryIdentityStep({ view, onChanged }: { view: RecoveryView; onChanged(): void }) {
  const { t } = useI18n();
  const ids = useId();
  const confirm = useAction('recovery.identity.confirm');
  const [face, setFace] = useState(false);
  const [signal, setSignal] = useState<SecondSignal | null>(null);
  const [note, setNote] = useState('');
  const [problems, setProblems] = useState<{ face?: boolean; signal?: boolean; note?: boolean }>({});

  async function submit(event: FormEvent) {
    event.preventDefault();
    const checked = checkInput(recoveryCalls['recovery.identity.confirm'].input, { recoveryId: view.id, faceConfirmed: face, secondSignal: signal ?? undefined, ...(note.trim() ? { note } : {}) });
    if (!checked.ok) {
      setProblems({ face: Boolean(checked.fields.faceConfirmed), signal: Boolean(checked.fields.secondSignal), note: Boolean(checked.fields.note) });
      return;
    }
    setProblems({});
    if (await confirm.run(checked.input)) onChanged();
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`} className="panel__title">
        {t('helpdesk.identity.title')}
      </h2>
      <p>{t('helpdesk.identity.intro', { name: view.person.displayName })}</p>
      <div className="helpdesk__identity">
        <div>
          <div className={problems.face ? 'field field--invalid' : 'field'}>
            {problems.face ? <p className="field__problem">{t('identity.faceRequired')}</p> : null}
            <label className="check">
              <input type="checkbox" checked={face} onChange={(event) => setFace(event.target.checked)} aria-invalid={problems.face ? true : undefined} />
              <span>{t('identity.face')}</span>
            </label>
          </div>
          <SecondSignalField value={signal} onChange={setSignal} problem={problems.signal ? t('identity.signalRequired') : undefined} />
        </div>
        <div>
          <p className="field__hint">{t('identity.noteHint')}</p>
          <TextAreaField label={t('identity.note')} problem={problems.note ? t('identity.noteRequired') : undefined} maxLength={NOTE_MAX} value={note} onChange={(event) => setNote(event.target.value)} />
        </div>
      </div>
      <ErrorNotice error={confirm.error} />
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={confirm.pending}>
          {confirm.pending ? t('common.working') : t('helpdesk.identity.confirm')}
        </button>
      </div>
    </form>
  );
}
