import type { RosterRejection, RosterRow } from '../../../shared/domain/session';
import { fullName } from '../app/full-name';
import { TableScroll } from '../app/table-scroll';
import { useI18n } from '../i18n/i18n-context';

export function RejectedRowsTable({ rows }: { rows: RosterRejection[] }) {
  const { t, say } = useI18n();
  return (
    <TableScroll label={t('roster.rejectedCaption')}>
      <table className="table" data-testid="rejected-rows">
        <caption>{t('roster.rejectedCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('roster.colLine')}</th>
            <th scope="col">{t('roster.colReason')}</th>
            <th scope="col">{t('roster.colRaw')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.line}>
              <th scope="row" className="table__number">
                {row.line}
              </th>
              <td>{row.reasons.map(say).join(' ')}</td>
              <td>
                <code className="raw-row">{row.raw}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

export function AcceptedRowsTable({ rows }: { rows: RosterRow[] }) {
  const { t } = useI18n();
  return (
    <details className="disclosure">
      <summary>{t('roster.acceptedDetails')}</summary>
      <TableScroll label={t('roster.acceptedCaption')}>
        <table className="table">
          <caption>{t('roster.acceptedCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('roster.colLine')}</th>
              <th scope="col">{t('roster.colBadge')}</th>
              <th scope="col">{t('roster.colName')}</th>
              <th scope="col">{t('roster.colEmail')}</th>
              <th scope="col">{t('roster.colManager')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.line}>
                <td className="table__number">{row.line}</td>
                <td>{row.badgeId}</td>
                <th scope="row">{fullName(row)}</th>
                <td>{row.email}</td>
                <td>{row.manager}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </details>
  );
}
