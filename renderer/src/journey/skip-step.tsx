import { useId, useState, type FormEvent } from 'react';
import type { JourneyView } from '../../../shared/domain/journey';
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
 */
export function SkipStep({ view, step, reasons, onSkipped }: SkipStepProps) {
  const { t } = useI18n();
  const ids = useId();
  const skip = useAction('journey.skip');
  const [choice, setChoice] = useState<SkipReason | null>(null);
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState(false);

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
    <details className="disclosure disclosure--skip">
      <summary>{t('skip.title')}</summary>
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
            <input id={`${ids}-note`} className="field__input" maxLength={500} value={note} onChange={(event) => setNote(event.target.value)} />
          </div>
        ) : null}
        <ErrorNotice error={skip.error} />
        <button type="submit" className="button" disabled={skip.pending}>
          {skip.pending ? t('common.working') : t('skip.submit')}
        </button>
      </form>
    </details>
  );
}
