import { ErrorNotice } from '../app/error-notice';
import { useI18n } from '../i18n/i18n-context';
import { useCall } from '../kiosk/use-call';
import { useEvent } from '../kiosk/use-event';
import { StateTag } from '../status/status-fact';

/**
 * The custody screen's one line of what is left per model, the low ones marked (the envelope
 * shown below needs the rest of the display); IT records deliveries on the status screen's Key stock tab.
 */
export function KeyStockSummary() {
  const { t } = useI18n();
  const list = useCall('stock.list', {});
  const { reload } = list;
  useEvent('stock.changed', reload);
  const lines = list.data?.lines ?? [];

  return (
    <section className="custody__stock" aria-labelledby="custody-stock-title" data-testid="custody-stock">
      <h2 id="custody-stock-title" className="custody__stock-title">
        {t('stock.summary.title')}
      </h2>
      <ErrorNotice error={list.error} />
      {list.data && lines.length === 0 ? <p className="muted">{t('stock.none')}</p> : null}
      {lines.length > 0 ? (
        <ul className="custody__stock-lines">
          {lines.map((line) => (
            <li key={line.model}>
              {line.low ? <StateTag tone="warn">{t('stock.summary.lowLine', { model: line.model, left: line.left })}</StateTag> : t('stock.summary.line', { model: line.model, left: line.left })}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
