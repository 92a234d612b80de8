import type { JourneyView } from '../../../shared/domain/journey';
import type { StepId } from '../../../shared/domain/steps';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n-context';

const shownSteps: StepId[] = ['badge', 'platformPasskey', 'backupKey', 'recoveryCodes', 'envelope'];
const stepNames: Record<StepId, MessageKey> = {
  badge: 'step.badge',
  platformPasskey: 'step.platformPasskey',
  backupKey: 'step.backupKey',
  recoveryCodes: 'step.recoveryCodes',
  envelope: 'step.envelope',
};

/** Where the attendee is among the five steps: done, skipped, current or still to come. */
export function JourneyProgress({ view }: { view: JourneyView }) {
  const { t } = useI18n();
  return (
    <nav className="journey-progress" aria-label={t('journey.progressLabel', { name: view.attendee.givenName })}>
      <ol>
        {shownSteps.map((step) => {
          const status = view.steps[step]?.status ?? 'pending';
          const current = view.place === step;
          const state = current ? 'current' : status === 'done' ? 'done' : status === 'skipped' ? 'skipped' : 'todo';
          return (
            <li key={step} className={`journey-progress__step journey-progress__step--${state}`} aria-current={current ? 'step' : undefined} data-step={step} data-state={state}>
              <span className="journey-progress__mark" aria-hidden="true">
                {state === 'done' ? '✓' : state === 'skipped' ? '–' : shownSteps.indexOf(step) + 1}
              </span>
              <span>{t(stepNames[step])}</span>
              <span className="visually-hidden">{t(`journey.state.${state}`)}</span>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
