import { useId } from 'react';
import { secondSignalSchema, type SecondSignal } from '../../../shared/domain/session';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n-context';

const signalKeys: Record<SecondSignal, MessageKey> = {
  managerPresent: 'identity.signal.managerPresent',
  hrCallback: 'identity.signal.hrCallback',
  governmentId: 'identity.signal.governmentId',
  other: 'identity.signal.other',
};

/** The second signal of an identity check (badge check and helpdesk alike), its problem announced with it. */
export function SecondSignalField({ value, onChange, problem }: { value: SecondSignal | null; onChange(signal: SecondSignal): void; problem?: string }) {
  const { t } = useI18n();
  const id = useId();
  const problemId = problem ? `${id}-problem` : undefined;
  return (
    <fieldset className={problem ? 'field fieldset field--invalid' : 'field fieldset'} aria-describedby={problemId}>
      <legend className="field__label">{t('identity.signalLegend')}</legend>
      {problem ? (
        <p className="field__problem" id={problemId}>
          {problem}
        </p>
      ) : null}
      <div className="choices">
        {secondSignalSchema.options.map((option) => (
          <label className="check" key={option}>
            <input type="radio" name={`${id}-signal`} value={option} checked={value === option} onChange={() => onChange(option)} />
            <span>{t(signalKeys[option])}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
