import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { JourneyView } from '../../../shared/domain/journey';
import { NOTE_MAX } from '../../../shared/domain/limits';
import { ErrorNotice } from '../app/error-notice';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n-context';
import { useAction } from '../kiosk/use-call';

export type SkipReason = 'noSmartphone' | 'noAppAccess' | 'later' | 'keyDefective' | 'noKeyAvailable' | 'policy' | 'printerBroken' | 'noEnvelope' | 'other';

const reasonKeys: Record<SkipReason, MessageKey> = {
  noSmartphone: 'skip.reason.noSmartphone',
  noAppAccess: 'skip.reason.noAppAccess',
  later: 'skip.reason.later',
  keyDefective: 'skip.reason.keyDefective',
  noKeyAvailable: 'skip.reason.noKeyAvailable',
  policy: 'skip.reason.policy',
  printerBroken: 'skip.reason.printerBroken',
  noEnvelope: 'skip.reason.noEnvelope',
  other: 'skip.reason.other',
};

interface SkipStepProps {
  view: JourneyView;
  step: 'platformPasskey' | 'backupKey' | 'recoveryCodes' | 'envelope';
  reasons: SkipReason[];
  onSkipped(): void;
}

/**
 * Skipping is allowed only with a reason; the board and the report keep the step open with
 * it. The reason is stored in the kiosk's language as chosen, so the report reads as said.
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

function SkipDialog({ view, step, reasons, onSkipped, onCancel }: SkipStepProps & { onCancel(): void }) {
  const { t } = useI18n();
  const ids = useId();
  const dialogRef = useRef<HTMLDivElement>(null);
  const skip = useAction('journey.skip');
  const [choice, setChoice] = useState<SkipReason | null>(null);
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
    const reason = choice === 'other' ? note.trim() : choice ? t(reasonKeys[choice]) : '';
    if (!reason) {
      setProblem(true);
      return;
    }
    setProblem(false);
    if (await skip.run({ sessionId: view.sessionId, attendeeId: view.attendeeId, step, reason })) onSkipped();
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
              {[...reasons, 'other' as const].map((reason) => (
                <label className="check" key={reason}>
                  <input type="radio" name={`${ids}-reason`} value={reason} checked={choice === reason} onChange={() => setChoice(reason)} />
                  <span>{t(reasonKeys[reason])}</span>
                </label>
              ))}
            </div>
          </fieldset>
          {choice === 'other' ? (
            <div className="field">
              <label className="field__label" htmlFor={`${ids}-note`}>
                {t('skip.otherLabel')}
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
