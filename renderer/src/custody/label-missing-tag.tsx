import { useI18n } from '../i18n/i18n-context';
import { StateTag } from '../status/status-fact';

/** Beside an envelope's state while its label has not printed (shared/domain/custody.ts labelMissing). */
export function LabelMissingTag() {
  const { t } = useI18n();
  return (
    <span data-testid="custody-label-missing-tag">
      <StateTag tone="warn">{t('custody.labelMissing.tag')}</StateTag>
    </span>
  );
}
