import { ErrorNotice } from '../app/error-notice';
import { useI18n } from '../i18n/i18n-context';
import { useAction, useCall } from '../kiosk/use-call';
import { useEvent } from '../kiosk/use-event';
import { StateTag } from '../status/status-fact';

/**
 * The keys plugged in now, each with "Count this key": the core reads its model, counts it if it
 * is fresh (no PIN) and refuses, saying why, a key it counted already or one that has been used.
 */
export function CountPluggedKeys({ onDone }: { onDone(said: string): void }) {
  const { t, say } = useI18n();
  const keys = useCall('keys.list', {});
  const count = useAction('stock.countPlugged');
  const { reload } = keys;
  useEvent('key.attached', reload);
  useEvent('key.detached', reload);

  async function countKey(path: string) {
    const counted = await count.run({ path });
    if (!counted) return;
    const { model, left } = counted.line;
    onDone(counted.serial ? t('stock.count.doneSerial', { model, left, serial: counted.serial }) : t('stock.count.done', { model, left }));
    reload();
  }

  const plugged = keys.data?.keys ?? [];
  return (
    <section className="stock__count" aria-labelledby="stock-count-title" data-testid="stock-count">
      <h3 id="stock-count-title" className="status-section__subtitle">
        {t('stock.count.title')}
      </h3>
      <p className="muted">{t('stock.count.intro')}</p>
      <ErrorNotice error={keys.error} />
      {keys.data && plugged.length === 0 ? <p>{t('stock.count.none')}</p> : null}
      {plugged.length > 0 ? (
        <ul className="stock__keys">
          {plugged.map((key) => (
            <li key={key.path} className="stock__key">
              <span className="stock__key-name">{key.model ?? key.product ?? t('kioskStatus.keys.unknownModel')}</span>
              {key.pinState === 'set' ? <StateTag tone="warn">{t('stock.count.pinSet')}</StateTag> : null}
              <button type="button" className="button button--small" disabled={count.pending || key.state !== 'ready'} onClick={() => void countKey(key.path)}>
                {count.pending ? t('common.working') : t('stock.count.button')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {count.error ? (
        // Each refusal (counted already, has a PIN, pulled out) says itself what to do next.
        <div className="notice notice--warning" role="alert">
          <p>{say(count.error.says)}</p>
        </div>
      ) : null}
    </section>
  );
}
