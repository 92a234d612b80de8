import type { JourneyKey } from '../../../shared/domain/journey';
import { useI18n } from '../i18n/i18n-context';

/** Which key the kiosk is talking to, so the attendee knows it is theirs. */
export function KeyModel({ stageKey }: { stageKey: JourneyKey }) {
  const { t } = useI18n();
  return (
    <p className="key-model" data-testid="key-model">
      {t('key.model', { model: stageKey.model ?? t('journey.key.unknownModel') })}
      {stageKey.training ? <span className="tag tag--training">{t('kioskStatus.training')}</span> : null}
    </p>
  );
}
