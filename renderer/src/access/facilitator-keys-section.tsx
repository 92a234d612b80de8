import { useState, type FormEvent } from 'react';
import type { FacilitatorRole } from '../../../shared/domain/access';
import { PIN_MIN } from '../../../shared/domain/limits';
import { ErrorNotice } from '../app/error-notice';
import { SelectField } from '../app/select-field';
import { TableScroll } from '../app/table-scroll';
import { TextField } from '../app/text-field';
import { useI18n } from '../i18n/i18n-context';
import { useAction, useCall } from '../kiosk/use-call';
import { useEvent } from '../kiosk/use-event';
import { SubmitOrCancel, TouchKeyHint } from './key-form-parts';
import { useMayCall } from './may-call';
import { roleFrom, roleLabelKeys, roleOptions } from './role-options';

/**
 * On the status screen: who can unlock this kiosk and in which roles; for IT, adding a key (the
 * person plugs in their own key and chooses or enters its PIN) and removing one. The core
 * refuses removing the last. In a fleet, the keys of every kiosk unlock this one: each shows the
 * kiosk it was enrolled at (and, for another kiosk's, when this kiosk last checked it).
 */
export function FacilitatorKeysSection() {
  const { t, formatDateTime, formatList } = useI18n();
  const mayAdd = useMayCall('access.enroll');
  const mayRemove = useMayCall('access.remove');
  const keys = useCall('access.keys', {});
  const remove = useAction('access.remove');
  const enroll = useAction('access.enroll');
  const [adding, setAdding] = useState(false);
  const [form, setForm] = useState<{ name: string; role: FacilitatorRole; pin: string }>({ name: '', role: 'facilitator', pin: '' });
  const [announcement, setAnnouncement] = useState('');
  useEvent('access.changed', () => keys.reload());

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await enroll.run({ name: form.name, role: form.role, pin: form.pin });
    setForm((old) => ({ ...old, pin: '' }));
    if (!result) return;
    setAdding(false);
    setForm({ name: '', role: 'facilitator', pin: '' });
    setAnnouncement(t('access.keys.added', { name: result.key.name }));
    keys.reload();
  }

  async function removeKey(id: string, name: string) {
    if (await remove.run({ id })) {
      setAnnouncement(t('access.keys.removed', { name }));
      keys.reload();
    }
  }

  const list = keys.data?.keys ?? [];
  const inFleet = list.some((key) => key.enrolledAt !== null);
  return (
    <section className="panel status-section facilitator-keys" aria-labelledby="status-access-title" data-testid="status-access">
      <h2 id="status-access-title" className="panel__title">
        {t('access.keys.title')}
      </h2>
      <p>{t('access.keys.intro')}</p>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      <ErrorNotice error={keys.error ?? remove.error} />
      <TableScroll label={t('access.keys.tableLabel')}>
        <table className="table table--compact facilitator-keys__table">
          <thead>
            <tr>
              <th scope="col">{t('access.name')}</th>
              <th scope="col">{t('access.role')}</th>
              <th scope="col">{t('access.keys.model')}</th>
              <th scope="col">{t('access.keys.lastUsed')}</th>
              {inFleet ? <th scope="col">{t('access.keys.enrolledAt')}</th> : null}
              <th scope="col">
                <span className="visually-hidden">{t('access.keys.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((key) => (
              <tr key={key.id} data-testid="facilitator-key">
                <td>{key.name}</td>
                <td data-testid="facilitator-key-roles">{formatList(key.roles.map((role) => t(roleLabelKeys[role])))}</td>
                <td>{key.keyModel}</td>
                <td>{key.lastUsedAt ? formatDateTime(key.lastUsedAt) : t('kioskStatus.never')}</td>
                {inFleet ? (
                  <td data-testid="facilitator-key-enrolled-at">
                    {key.enrolledAt ? (key.enrolledAt.here ? t('access.keys.thisKiosk', { kiosk: key.enrolledAt.kioskName }) : key.enrolledAt.kioskName) : null}
                    {key.copiedAt ? <span className="muted"> · {t('access.keys.copiedAt', { time: formatDateTime(key.copiedAt) })}</span> : null}
                  </td>
                ) : null}
                <td>
                  {mayRemove ? (
                    <button type="button" className="button button--small button--danger" disabled={remove.pending || !key.removable} onClick={() => void removeKey(key.id, key.name)}>
                      {t('access.keys.remove', { name: key.name })}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {adding ? (
        <form className="form" onSubmit={(event) => void submit(event)} noValidate>
          <p>{t('access.keys.addIntro')}</p>
          <ErrorNotice error={enroll.error} />
          <TextField label={t('access.name')} name="facilitatorName" autoComplete="off" value={form.name} onChange={(event) => setForm({ ...form, name: event.target.value })} />
          <SelectField label={t('access.role')} value={form.role} options={roleOptions.map((role) => ({ value: role, label: t(roleLabelKeys[role]) }))} onChange={(event) => setForm({ ...form, role: roleFrom(event.target.value) })} />
          <TextField label={t('access.pin')} hint={t('access.pinHint')} type="password" inputMode="numeric" autoComplete="off" name="facilitatorPin" value={form.pin} onChange={(event) => setForm({ ...form, pin: event.target.value })} />
          <TouchKeyHint pending={enroll.pending} />
          <SubmitOrCancel label={t('access.keys.addSubmit')} pending={enroll.pending} disabled={!form.name.trim() || form.pin.length < PIN_MIN} onCancel={() => setAdding(false)} />
        </form>
      ) : mayAdd ? (
        <div className="actions">
          <button type="button" className="button" onClick={() => setAdding(true)}>
            {t('access.keys.add')}
          </button>
        </div>
      ) : null}
    </section>
  );
}
