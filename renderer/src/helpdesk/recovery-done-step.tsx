import type { RecoveryView } from '../../../shared/domain/recovery';
import { ErrorNotice } from '../app/error-notice';
import { useI18n } from '../i18n/i18n-context';
import { useAction } from '../kiosk/use-call';
import { NewRecoveryCodesPanel } from './new-recovery-codes-panel';

/** The recovery's last stop: what was done, new recovery codes if the person wants them, completing the record. */
export function RecoveryDoneStep({ view, onChanged }: { view: RecoveryView; onChanged(): void }) {
  const { t } = useI18n();
  const complete = useAction('recovery.complete');
  const completed = view.status === 'completed';
  return (
    <div className="helpdesk__done">
      <div className="form">
        <h2 className="panel__title">{completed ? t('helpdesk.done.completed') : t('helpdesk.done.title')}</h2>
        <ul>
          <li>{t('helpdesk.done.revoked', { count: view.revoked.length })}</li>
          <li>{view.passkey.found ? t('helpdesk.done.passkey', { name: view.passkey.found.name }) : t('helpdesk.done.noPasskey')}</li>
          <li>{view.backupKey ? t(view.backupKey.outcome === 'resealed' ? 'helpdesk.done.resealed' : 'helpdesk.done.replaced') : t('helpdesk.done.noEnvelope')}</li>
        </ul>
        <ErrorNotice error={complete.error} />
        {completed ? null : (
          <div className="actions">
            <button type="button" className="button button--primary" onClick={() => void complete.run({ recoveryId: view.id }).then((next) => next && onChanged())} disabled={complete.pending}>
              {complete.pending ? t('common.working') : t('helpdesk.done.complete')}
            </button>
          </div>
        )}
      </div>
      {view.identityCheck ? (
        <section className="helpdesk__codes-slot" data-testid="recovery-new-codes-slot" aria-label={t('helpdesk.done.newCodes')}>
          <NewRecoveryCodesPanel person={view.person} identityCheckId={String(view.identityCheck.id)} onDone={onChanged} />
        </section>
      ) : null}
    </div>
  );
}
