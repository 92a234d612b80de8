import type { JourneyView } from '../../../shared/domain/journey';
import { stepIds } from '../../../shared/domain/step-table';
import { useI18n } from '../i18n/i18n-context';
import { stepNameKey } from '../i18n/step-words';

/** Where the attendee is among the steps (the step table's, in its order): done, skipped, current or still to come. */
export function JourneyProgress({ view }: { view: JourneyView }) {
  const { t } = useI18n();
  return (
    <nav className="journey-progress" aria-label={t('journey.progressLabel', { name: view.attendee.givenName })}>
      <ol>
        {stepIds.map((step, index) => {
          const status = view.steps[step]?.status ?? 'pending';
          const current = view.place === step;
          const state = current ? 'current' : status === 'done' ? 'done' : status === 'skipped' ? 'skipped' : 'todo';
          return (
            <li key={step} className={`journey-progress__step journey-progress__step--${state}`} aria-current={current ? 'step' : undefined} data-step={step} data-state={state}>
              <span className="journey-progress__mark" aria-hidden="true">
                {state === 'done' ? '✓' : state === 'skipped' ? '–' : index + 1}
              </span>
              <span>{t(stepNameKey(step))}</span>
              <span className="visually-hidden">{t(`journey.state.${state}`)}</span>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
