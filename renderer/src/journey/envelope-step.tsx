import { useId, useState, type FormEvent } from 'react';
import type { JourneyView } from '../../../shared/domain/journey';
import { SEAL_NUMBER_MAX } from '../../../shared/domain/limits';
import { ErrorNotice } from '../app/error-notice';
import { ScreenHeading } from '../app/screen-heading';
import { useI18n } from '../i18n/i18n-context';
import { useAction } from '../kiosk/use-call';
import { PrintProblem } from './print-problem';
import { SkipStep } from './skip-step';

/**
 * Journey step 5: the backup key goes into a pre-numbered envelope. The facilitator types or
 * scans the envelope's number (or leaves it to the kiosk's sequence); the label prints.
 */
export function EnvelopeStep({ view, onChanged }: { view: JourneyView; onChanged(): void }) {
  const { t, locale } = useI18n();
  const ids = useId();
  const print = useAction('journey.envelope.print');
  const [sealNumber, setSealNumber] = useState('');
  const who = { sessionId: view.sessionId, attendeeId: view.attendeeId };
  const hasKey = view.backupKey?.phase === 'done';

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    const typed = sealNumber.trim();
    if (await print.run({ ...who, sealNumber: typed.length > 0 ? typed : null, locale })) onChanged();
  };

  if (!hasKey) {
    return (
      <section className="journey-step" aria-labelledby="envelope-title" data-envelope="no-key">
        <ScreenHeading id="envelope-title">{t('envelope.noKey.title')}</ScreenHeading>
        <p className="screen__intro">{t('envelope.noKey.text')}</p>
        <ErrorNotice error={print.error} />
        <button type="button" className="button button--primary button--large" onClick={() => void submit()} disabled={print.pending}>
          {t('envelope.noKey.continue')}
        </button>
      </section>
    );
  }

  if (print.error?.code === 'print_failed') {
    return <PrintProblem error={print.error} onRetry={() => void submit()} pending={print.pending} />;
  }

  return (
    <section className="journey-step" aria-labelledby="envelope-title" data-envelope="ready">
      <ScreenHeading id="envelope-title">{t('envelope.title')}</ScreenHeading>
      <p className="screen__intro">{t('envelope.intro', { fingerprint: view.backupKey?.fingerprint ?? '' })}</p>
      <form className="form pin-form" onSubmit={(event) => void submit(event)} noValidate>
        <div className="field">
          <label className="field__label" htmlFor={`${ids}-seal`}>
            {t('envelope.sealLabel')}
          </label>
          <p className="field__hint" id={`${ids}-hint`}>
            {t('envelope.sealHint')}
          </p>
          <input id={`${ids}-seal`} className="field__input" maxLength={SEAL_NUMBER_MAX} autoComplete="off" value={sealNumber} aria-describedby={`${ids}-hint`} onChange={(event) => setSealNumber(event.target.value)} />
        </div>
        <ErrorNotice error={print.error} />
        <button type="submit" className="button button--primary button--large" disabled={print.pending}>
          {print.pending ? t('codes.printing') : t('envelope.print')}
        </button>
      </form>
      <SkipStep view={view} step="envelope" onSkipped={onChanged} />
    </section>
  );
}
