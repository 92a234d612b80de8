import { ErrorNotice } from '../app/error-notice';
import { useI18n } from '../i18n/i18n-context';
import { useCall } from '../kiosk/use-call';

/**
 * Training: a page the training printer "printed", shown as it would come out of the printer
 * (the very document, as an image) because this machine has no print queue for it.
 */
export function OnScreenPage({ handle }: { handle: string }) {
  const { t } = useI18n();
  const page = useCall('print.onScreen', { handle });
  if (!page.data) return page.error ? <ErrorNotice error={page.error} /> : <p className="muted">{t('common.working')}</p>;
  const { document, image } = page.data;
  return (
    <figure className={`on-screen-page on-screen-page--${document}`} data-testid={`on-screen-${document}`}>
      <figcaption className="on-screen-page__caption">{t('trainingPrinter.caption')}</figcaption>
      {/* A sheet is taller than the screen: its paper scrolls on its own, the page around it does not. */}
      <div className="on-screen-page__paper" tabIndex={document === 'sheet' ? 0 : undefined} role={document === 'sheet' ? 'region' : undefined} aria-label={document === 'sheet' ? t('trainingPrinter.sheetRegion') : undefined}>
        <img src={image} alt={t(document === 'sheet' ? 'trainingPrinter.alt.sheet' : 'trainingPrinter.alt.label')} />
      </div>
    </figure>
  );
}
