import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { journeySkipInputSchema } from '../../../shared/contract/journey-calls';
import type { JourneyView } from '../../../shared/domain/journey';
import { NOTE_MAX } from '../../../shared/domain/limits';
import { chosenReasonsFor, type ChosenReasonCode, type SkippableStepId } from '../../../shared/domain/step-table';
import { ErrorNotice } from '../app/error-notice';
import { useI18n } from '../i18n/i18n-context';
import { reasonKey } from '../i18n/step-words';
import { useAction } from '../kiosk/use-call';

interface SkipStepProps {
  view: JourneyView;
  step: SkippableStepId;
  onSkipped(): void;
}

/**
 * Skipping is allowed only with a reason; the board and the report keep the step open with
 * it. The reasons offered are the step table's for this step, then "other" in the person's
 * own words; the core stores the code, so each reader sees it in their own language.
 * The reasons open in a dialog over the step: below it they would run off a kiosk's display.
 */
export function SkipStep(props: SkipStepProps) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const close = () => {
    setOpen(false);
    opener.current?.focus();
  };
  return (
    <>
      <button ref={opener} type="button" className="link-button skip-step__open" aria-haspopup="dialog" onClick={() => setOpen(true)}>
        {t('skip.title')}
      </button>
      {open ? <SkipDialog {...props} onCancel={close} /> : null}
    </>
  );
}

function SkipDialog({ view, step, onSkipped, onCancel }: SkipStepProps & { onCancel(): void }) {
  const { t } = useI18n();
  const ids = useId();
  const dialogRef = useRef<HTMLDivElement>(null);
  const skip = useAction('journey.skip');
  const [choice, setChoice] = useState<ChosenReasonCode | null>(null);
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState(false);

  // Focus goes into the dialog once, when it opens; Escape cancels as the button does.
  const cancel = useRef(onCancel);
  useEffect(() => {
    cancel.current = onCancel;
  });
  useEffect(() => {
    dialogRef.current?.querySelector<HTMLElement>('input')?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') cancel.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    // The contract's own schema decides: a reason this step offers, and "other" only with a note.
    const input = journeySkipInputSchema.safeParse({ sessionId: view.sessionId, attendeeId: view.attendeeId, step, reason: choice, note: note.trim() || undefined });
    if (!input.success) {
      setProblem(true);
      return;
    }
    setProblem(false);
    if (await skip.run(input.data)) onSkipped();
  }

  return (
    <div className="dialog-backdrop">
      <div ref={dialogRef} className="dialog" role="dialog" aria-modal="true" aria-labelledby={`${ids}-title`}>
        <h2 id={`${ids}-title`} className="dialog__title">
          {t('skip.title')}
        </h2>
        <form className="form" onSubmit={submit} noValidate>
          <fieldset className={problem ? 'field fieldset field--invalid' : 'field fieldset'} aria-describedby={problem ? `${ids}-problem` : undefined}>
            <legend className="field__label">{t('skip.legend')}</legend>
            {problem ? (
              <p className="field__problem" id={`${ids}-problem`}>
                {t('skip.reasonRequired')}
              </p>
            ) : null}
            <div className="choices">
              {chosenReasonsFor(step).map((reason) => (
                <label className="check" key={reason}>
                  <input type="radio" name={`${ids}-reason`} value={reason} checked={choice === reason} onChange={() => setChoice(reason)} />
                  <span>{t(reasonKey(reason))}</span>
                </label>
              ))}
            </div>
          </fieldset>
          {choice ? (
            <div className="field">
              <label className="field__label" htmlFor={`${ids}-note`}>
                {choice === 'other' ? t('skip.otherLabel') : t('skip.noteLabel')}
              </label>
              <input id={`${ids}-note`} className="field__input" maxLength={NOTE_MAX} value={note} onChange={(event) => setNote(event.target.value)} />
            </div>
          ) : null}
          <ErrorNotice error={skip.error} />
          <div className="actions">
            <button type="submit" className="button button--primary" disabled={skip.pending}>
              {skip.pending ? t('common.working') : t('skip.submit')}
            </button>
            <button type="button" className="button" onClick={onCancel}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
