import { useState, type FormEvent } from 'react';
import { PIN_MAX, SEAL_NUMBER_MAX } from '../../../shared/domain/limits';
import type { RecoveryView } from '../../../shared/domain/recovery';
import { ErrorNotice } from '../app/error-notice';
import { SelectField } from '../app/select-field';
import { TextField } from '../app/text-field';
import { useI18n } from '../i18n/i18n-context';
import { useAction, useCall } from '../kiosk/use-call';

/**
 * The handed-out backup key: re-sealed in a new envelope (label printed, back to the safe), or,
 * when it is lost or broken, a replacement key enrolled on the person's behalf while the old
 * one is revoked at the IdP and its envelope destroyed.
 */
export function RecoveryBackupKeyStep({ view, onChanged }: { view: RecoveryView; onChanged(): void }) {
  const { t, locale } = useI18n();
  const reseal = useAction('recovery.reseal');
  const replace = useAction('recovery.replaceKey');
  const keys = useCall('keys.list', {});
  const authenticators = useCall('recovery.authenticators', { recoveryId: view.id });
  const [sealNumber, setSealNumber] = useState('');
  const [mode, setMode] = useState<'reseal' | 'replace'>('reseal');
  const [path, setPath] = useState('');
  const [pin, setPin] = useState('');
  const [oldKey, setOldKey] = useState('');
  const typed = sealNumber.trim().length > 0 ? sealNumber.trim() : null;
  const envelope = view.envelopes.find((e) => e.code === view.handedOut);
  const plugged = (keys.data?.keys ?? []).filter((k) => k.state === 'ready');
  const securityKeys = (authenticators.data?.authenticators ?? []).filter((a) => a.type === 'securityKey' && !a.revoking);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const done =
      mode === 'reseal'
        ? await reseal.run({ recoveryId: view.id, sealNumber: typed, locale })
        : await replace.run({ recoveryId: view.id, sealNumber: typed, locale, path: path || plugged[0]?.path || '', pin, oldAuthenticatorId: oldKey || securityKeys[0]?.id || '' });
    if (done) onChanged();
  }

  return (
    <form className="form" onSubmit={submit} noValidate>
      <h2 className="panel__title">{t('helpdesk.backupKey.title')}</h2>
      <p>{t('helpdesk.backupKey.intro', { sealNumber: envelope?.sealNumber ?? '—' })}</p>
      <fieldset className="field fieldset">
        <legend className="field__label">{t('helpdesk.backupKey.choose')}</legend>
        <div className="choices">
          <label className="check">
            <input type="radio" name="backup-mode" checked={mode === 'reseal'} onChange={() => setMode('reseal')} />
            <span>{t('helpdesk.backupKey.reseal')}</span>
          </label>
          <label className="check">
            <input type="radio" name="backup-mode" checked={mode === 'replace'} onChange={() => setMode('replace')} />
            <span>{t('helpdesk.backupKey.replace')}</span>
          </label>
        </div>
      </fieldset>
      <TextField label={t('helpdesk.backupKey.sealNumber')} hint={t('helpdesk.backupKey.sealNumberHint')} maxLength={SEAL_NUMBER_MAX} autoComplete="off" value={sealNumber} onChange={(event) => setSealNumber(event.target.value)} />
      {mode === 'replace' ? (
        <>
          <SelectField label={t('helpdesk.backupKey.newKey')} value={path} options={[{ value: '', label: plugged.length ? plugged[0]!.model ?? plugged[0]!.path : t('helpdesk.backupKey.plugIn') }, ...plugged.slice(1).map((k) => ({ value: k.path, label: k.model ?? k.path }))]} onChange={(event) => setPath(event.target.value)} />
          <TextField label={t('helpdesk.backupKey.pin')} type="password" inputMode="numeric" maxLength={PIN_MAX} autoComplete="off" value={pin} onChange={(event) => setPin(event.target.value)} />
          <SelectField label={t('helpdesk.backupKey.oldKey')} value={oldKey} options={securityKeys.map((a) => ({ value: a.id, label: a.name }))} onChange={(event) => setOldKey(event.target.value)} />
        </>
      ) : null}
      <ErrorNotice error={reseal.error ?? replace.error} />
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={reseal.pending || replace.pending}>
          {reseal.pending || replace.pending ? t('common.working') : mode === 'reseal' ? t('helpdesk.backupKey.resealSubmit') : t('helpdesk.backupKey.replaceSubmit')}
        </button>
      </div>
    </form>
  );
}
