import type { EnvelopeHistoryEntry } from '../../../shared/domain/custody';
import { TableScroll } from '../app/table-scroll';
import { useI18n } from '../i18n/i18n-context';
import { stateKeys } from './envelope-state-names';

/** Every hand the envelope passed through, oldest first, with who (and at which kiosk, when another) and why. */
export function EnvelopeHistory({ history }: { history: readonly EnvelopeHistoryEntry[] }) {
  const { t, formatDateTime } = useI18n();
  const what = (entry: EnvelopeHistoryEntry): string => {
    if (entry.action === 'seal') return t('custody.history.seal');
    if (entry.action === 'print') return t('custody.history.print');
    if (entry.action === 'reprint') return t('custody.history.reprint');
    return t('custody.history.move', { from: entry.from ? t(stateKeys[entry.from]) : '', to: t(stateKeys[entry.to]) });
  };
  return (
    <TableScroll label={t('custody.history.title')}>
      <table className="table table--compact" data-testid="custody-history">
        <caption>{t('custody.history.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('custody.history.colWhen')}</th>
            <th scope="col">{t('custody.history.colWhat')}</th>
            <th scope="col">{t('custody.history.colWho')}</th>
            <th scope="col">{t('custody.history.colNote')}</th>
          </tr>
        </thead>
        <tbody>
          {/* Append-only: an entry's position never changes, so it is its key. */}
          {history.map((entry, index) => (
            <tr key={index}>
              <td className="table__number">{formatDateTime(entry.at)}</td>
              <td>{what(entry)}</td>
              <td>
                {entry.actor}
                {entry.kiosk ? <span className="fact__detail">{t('custody.history.atKiosk', { kiosk: entry.kiosk })}</span> : null}
              </td>
              <td>{entry.note ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
