import { useState } from 'react';
import { ErrorNotice } from '../app/error-notice';
import { TableScroll } from '../app/table-scroll';
import { useMayCall } from '../access/may-call';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n-context';
import { useCall } from '../kiosk/use-call';
import { useEvent } from '../kiosk/use-event';
import { useReportAttention, type ReportAttention } from '../status/use-report-attention';
import type { StockMovementKind } from '../../../shared/domain/stock';
import { CountPluggedKeys } from './count-plugged-keys';
import { KeyStockTable } from './key-stock-table';
import { ReceiveKeysForm } from './receive-keys-form';

const kindKeys: Record<StockMovementKind, MessageKey> = { received: 'stock.kind.received', counted: 'stock.kind.counted', used: 'stock.kind.used' };

/**
 * The status screen's "Key stock": what is left per model with the low-stock warning, the last
 * changes, and for IT recording a delivery and counting plugged-in keys. Kept live by stock events.
 */
export function KeyStockSection({ onAttention }: { onAttention?: ReportAttention }) {
  const { t, tn, formatDateTime } = useI18n();
  const list = useCall('stock.list', {});
  const { reload } = list;
  useEvent('stock.changed', reload);
  const mayRecord = useMayCall('stock.receive');
  const [said, setSaid] = useState('');
  const data = list.data;
  const low = data?.lines.filter((line) => line.low).length ?? 0;
  useReportAttention(onAttention, low > 0);

  return (
    <section className="panel status-section stock" aria-labelledby="stock-title" data-testid="status-stock">
      <h2 id="stock-title" className="panel__title">
        {t('stock.title')}
      </h2>
      <p className="muted">{t('stock.intro')}</p>
      <ErrorNotice error={list.error} />
      <p className="visually-hidden" role="status">
        {said}
      </p>
      {said ? (
        <p className="notice notice--success" data-testid="stock-done">
          {said}
        </p>
      ) : null}
      {mayRecord && data ? <ReceiveKeysForm list={data} onDone={setSaid} /> : null}
      <div className={mayRecord ? 'stock__columns' : undefined}>
        <div>
          {low > 0 ? (
            <p className="notice notice--warning" data-testid="stock-low">
              {tn('stock.lowNotice', low)}
            </p>
          ) : null}
          {data && data.lines.length === 0 ? <p>{t('stock.none')}</p> : null}
          {data && data.lines.length > 0 ? <KeyStockTable lines={data.lines} /> : null}
        </div>
        {mayRecord ? <CountPluggedKeys onDone={setSaid} /> : null}
      </div>
      {data && data.recent.length > 0 ? (
        <>
          <h3 className="status-section__subtitle">{t('stock.recent.title')}</h3>
          <TableScroll label={t('stock.recent.caption')}>
            <table className="table table--compact" data-testid="stock-recent">
              <caption className="visually-hidden">{t('stock.recent.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('stock.recent.colWhen')}</th>
                  <th scope="col">{t('stock.recent.colWhat')}</th>
                  <th scope="col">{t('stock.colModel')}</th>
                  <th scope="col" className="table__number">
                    {t('stock.recent.colCount')}
                  </th>
                  <th scope="col">{t('stock.recent.colWho')}</th>
                  <th scope="col">{t('stock.recent.colNote')}</th>
                </tr>
              </thead>
              <tbody>
                {data.recent.map((movement, index) => (
                  <tr key={`${movement.at}-${index}`}>
                    <td>{formatDateTime(movement.at)}</td>
                    <td>{t(kindKeys[movement.kind])}</td>
                    <td>{movement.model}</td>
                    <td className="table__number">{movement.count}</td>
                    <td>{movement.actor}</td>
                    <td>{movement.note ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      ) : null}
    </section>
  );
}
