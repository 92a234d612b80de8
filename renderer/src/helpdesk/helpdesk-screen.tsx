import { useState, type FormEvent } from 'react';
import { recoveryCalls } from '../../../shared/contract/recovery-calls';
import type { RecoveryView } from '../../../shared/domain/recovery';
import { checkInput } from '../app/contract-input';
import { ErrorNotice } from '../app/error-notice';
import { ScreenHeading } from '../app/screen-heading';
import { SelectField } from '../app/select-field';
import { TextField } from '../app/text-field';
import { useI18n } from '../i18n/i18n-context';
import { useAction, useCall } from '../kiosk/use-call';
import { useEvent } from '../kiosk/use-event';
import { RecoveryFlow } from './recovery-flow';
import { stopKeys } from './recovery-stops';

type Field = 'badgeId' | 'email' | 'username';
const fields: readonly Field[] = ['email', 'badgeId', 'username'];
const fieldKeys = { badgeId: 'helpdesk.search.badgeId', email: 'helpdesk.search.email', username: 'helpdesk.search.username' } as const;

/**
 * The helpdesk's recovery of a person who lost their phone or key: find them at the IdP (a
 * recovery of theirs still open is resumed), then the guided steps. The list below resumes any
 * recovery that was interrupted.
 */
export function HelpdeskScreen() {
  const { t } = useI18n();
  const start = useAction('recovery.start');
  const list = useCall('recovery.list', {});
  const [field, setField] = useState<Field>('email');
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState(false);
  const [recoveryId, setRecoveryId] = useState<string | null>(null);
  useEvent('recovery.changed', () => list.reload());

  async function search(event: FormEvent) {
    event.preventDefault();
    const checked = checkInput(recoveryCalls['recovery.start'].input, { field, value });
    setProblem(!checked.ok);
    if (!checked.ok) return;
    const found: RecoveryView | null = await start.run(checked.input);
    if (found) setRecoveryId(found.id);
  }

  if (recoveryId) return <RecoveryFlow recoveryId={recoveryId} onClose={() => setRecoveryId(null)} />;

  return (
    <section className="screen screen--wide helpdesk" aria-labelledby="helpdesk-title">
      <ScreenHeading id="helpdesk-title">{t('helpdesk.title')}</ScreenHeading>
      <p className="screen__intro">{t('helpdesk.intro')}</p>
      <form className="form helpdesk__search" onSubmit={search} noValidate>
        <SelectField label={t('helpdesk.search.field')} value={field} options={fields.map((f) => ({ value: f, label: t(fieldKeys[f]) }))} onChange={(event) => setField(fields.find((f) => f === event.target.value) ?? 'email')} />
        <TextField label={t('helpdesk.search.value')} value={value} problem={problem ? t('helpdesk.search.empty') : undefined} onChange={(event) => setValue(event.target.value)} autoComplete="off" />
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={start.pending}>
            {start.pending ? t('common.working') : t('helpdesk.search.submit')}
          </button>
        </div>
      </form>
      <ErrorNotice error={start.error} />
      <h2 className="panel__title">{t('helpdesk.recent')}</h2>
      {list.data && list.data.recoveries.length > 0 ? (
        <ul className="helpdesk__recent">
          {list.data.recoveries.map((r) => (
            <li key={r.id}>
              <button type="button" className="button" onClick={() => setRecoveryId(r.id)}>
                {t('helpdesk.resume', { name: r.displayName, step: t(stopKeys[r.next]) })}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('helpdesk.noneYet')}</p>
      )}
    </section>
  );
}
