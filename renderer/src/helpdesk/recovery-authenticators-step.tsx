import { useState } from 'react';
import type { RecoveryAuthenticator, RecoveryView } from '../../../shared/domain/recovery';
import { ErrorNotice } from '../app/error-notice';
import { TableScroll } from '../app/table-scroll';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n-context';
import { useAction, useCall } from '../kiosk/use-call';

const typeKeys: Readonly<Record<RecoveryAuthenticator['type'], MessageKey>> = {
  passkey: 'helpdesk.type.passkey',
  securityKey: 'helpdesk.type.securityKey',
  recoveryCodes: 'helpdesk.type.recoveryCodes',
  password: 'helpdesk.type.password',
  other: 'helpdesk.type.other',
};

/** The person's authenticators as the IdP lists them; the lost ones are chosen and revoked through the outbox. */
export function RecoveryAuthenticatorsStep({ view, onChanged }: { view: RecoveryView; onChanged(): void }) {
  const { t, formatDateTime } = useI18n();
  const list = useCall('recovery.authenticators', { recoveryId: view.id });
  const revoke = useAction('recovery.revoke');
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string, on: boolean) => setChosen((old) => (on ? new Set([...old, id]) : new Set([...old].filter((x) => x !== id))));

  async function submit() {
    if (await revoke.run({ recoveryId: view.id, authenticatorIds: [...chosen] })) onChanged();
  }

  return (
    <div className="form">
      <h2 className="panel__title">{t('helpdesk.authenticators.title')}</h2>
      <p>{t('helpdesk.authenticators.intro')}</p>
      <ErrorNotice error={list.error} />
      {list.data ? (
        <TableScroll label={t('helpdesk.authenticators.title')}>
          <table className="table table--compact" data-testid="recovery-authenticators">
            <thead>
              <tr>
                <th scope="col">{t('helpdesk.authenticators.lost')}</th>
                <th scope="col">{t('helpdesk.authenticators.name')}</th>
                <th scope="col">{t('helpdesk.authenticators.type')}</th>
                <th scope="col">{t('helpdesk.authenticators.model')}</th>
                <th scope="col">{t('helpdesk.authenticators.created')}</th>
                <th scope="col">{t('helpdesk.authenticators.lastUsed')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.authenticators.map((a) => (
                <tr key={a.id}>
                  <td>
                    <input type="checkbox" aria-label={t('helpdesk.authenticators.choose', { name: a.name })} checked={chosen.has(a.id)} disabled={a.revoking} onChange={(event) => toggle(a.id, event.target.checked)} />
                  </td>
                  <td>{a.name}</td>
                  <td>{t(typeKeys[a.type])}</td>
                  <td>{a.model ?? t('helpdesk.notSaid')}</td>
                  <td>{a.createdAt ? formatDateTime(a.createdAt) : t('helpdesk.notSaid')}</td>
                  <td>{a.lastUsedAt ? formatDateTime(a.lastUsedAt) : t('helpdesk.notSaid')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
      <ErrorNotice error={revoke.error} />
      <div className="actions">
        <button type="button" className="button button--danger" onClick={() => void submit()} disabled={revoke.pending || chosen.size === 0}>
          {revoke.pending ? t('common.working') : t('helpdesk.authenticators.revoke', { count: chosen.size })}
        </button>
        <button type="button" className="button" onClick={() => void submit()} disabled={revoke.pending || chosen.size > 0}>
          {t('helpdesk.authenticators.keepAll')}
        </button>
      </div>
    </div>
  );
}
