import type { StockLine } from '../../../shared/domain/stock';
import { TableScroll } from '../app/table-scroll';
import { useI18n } from '../i18n/i18n-context';
import { StateTag } from '../status/status-fact';

/** What is left of each model, with the warning the core decided (below the configured threshold). */
export function KeyStockTable({ lines }: { lines: readonly StockLine[] }) {
  const { t } = useI18n();
  return (
    <TableScroll label={t('stock.caption')}>
      <table className="table table--compact" data-testid="stock-table">
        <caption className="visually-hidden">{t('stock.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('stock.colModel')}</th>
            <th scope="col" className="table__number">
              {t('stock.colReceived')}
            </th>
            <th scope="col" className="table__number">
              {t('stock.colUsed')}
            </th>
            <th scope="col" className="table__number">
              {t('stock.colLeft')}
            </th>
            <th scope="col" className="table__number">
              {t('stock.colWarnBelow')}
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={line.model} data-low={line.low ? 'true' : undefined}>
              <th scope="row" className="stock__model">
                {line.model}
              </th>
              <td className="table__number">{line.received}</td>
              <td className="table__number">{line.used}</td>
              <td className="table__number stock__left">
                {line.left}
                {line.low ? (
                  <>
                    {' '}
                    <StateTag tone="warn">{t('stock.lowTag')}</StateTag>
                  </>
                ) : null}
                {line.left < 0 ? <p className="stock__overused">{t('stock.overused')}</p> : null}
              </td>
              <td className="table__number">{line.warnBelow}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
