import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { OutboxItemView } from '../../../shared/contract/outbox-calls';
import { ErrorNotice } from '../app/error-notice';
import { TextField } from '../app/text-field';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n-context';
import { useAction } from '../kiosk/use-call';
import { useMayCall } from '../access/may-call';
import { NOTE_MAX } from '../../../shared/domain/limits';

const kindKeys: Readonly<Record<string, MessageKey>> = {
  'idp.keyRegistration': 'kioskStatus.sync.kind.idp.keyRegistration',
  'idp.recoveryCodeHashes': 'kioskStatus.sync.kind.idp.recoveryCodeHashes',
  'idp.revokeAuthenticator': 'kioskStatus.sync.kind.idp.revokeAuthenticator',
};

/** The item's kind in words; a kind this screen does not know is shown as the kiosk names it. */
export function useKindName(): (kind: string) => string {
  const { t } = useI18n();
  return (kind) => {
    const key = kindKeys[kind];
    return key ? t(key) : kind;
  };
}

interface ParkedItemCardProps {
  item: OutboxItemView;
  onSettled(message: string): void;
}

/** One parked item: what it is, what went wrong and what the IdP said; retry, or discard with a reason. */
export function ParkedItemCard({ item, onSettled }: ParkedItemCardProps) {
  const { t, tn, say, formatDateTime } = useI18n();
  const kindName = useKindName();
  const mayAct = useMayCall('outbox.retry');
  const retry = useAction('outbox.retry');
  const discard = useAction('outbox.discard');
  const [discarding, setDiscarding] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);
  const discardForm = useRef<HTMLFormElement>(null);
  const name = kindName(item.kind);

  // The form opens under the item, maybe below the section's visible part: bring it into view.
  useEffect(() => {
    if (discarding) discardForm.current?.scrollIntoView({ block: 'nearest' });
  }, [discarding]);

  async function runRetry() {
    if (await retry.run({ itemId: item.itemId })) onSettled(t('kioskStatus.sync.retried', { kind: name }));
  }

  async function runDiscard(event: FormEvent) {
    event.preventDefault();
    if (reason.trim().length === 0) {
      setReasonMissing(true);
      return;
    }
    setReasonMissing(false);
    if (await discard.run({ itemId: item.itemId, reason: reason.trim() })) onSettled(t('kioskStatus.sync.discarded', { kind: name }));
  }

  const titleId = `parked-${item.itemId}-title`;
  return (
    <li className="status-card status-card--parked parked-card" data-testid="parked-item">
      <h4 id={titleId} className="status-card__title">
        {name}
      </h4>
      <p className="muted">
        {t('kioskStatus.sync.subject', { subject: item.subjectKey })} · {tn('kioskStatus.sync.attempts', item.attempts, { time: formatDateTime(item.updatedAt) })}
      </p>
      {item.lastError ? <p>{t('kioskStatus.sync.whatWentWrong', { message: say(item.lastError) })}</p> : null}
      {item.idpMessage ? <p className="idp-message">{t('kioskStatus.idp.idpSaid', { message: item.idpMessage })}</p> : null}
      {mayAct ? (
        <div className="actions parked-card__actions">
          <button type="button" className="button button--primary" onClick={() => void runRetry()} disabled={retry.pending || discard.pending}>
            {retry.pending ? t('common.working') : t('kioskStatus.sync.retry')}
          </button>
          <button type="button" className="button button--danger" aria-expanded={discarding} onClick={() => setDiscarding(!discarding)}>
            {t('kioskStatus.sync.discard')}
          </button>
        </div>
      ) : null}
      {mayAct && discarding ? (
        <form ref={discardForm} className="form discard-form" onSubmit={(event) => void runDiscard(event)} noValidate>
          <TextField
            label={t('kioskStatus.sync.discardReason')}
            value={reason}
            maxLength={NOTE_MAX}
            autoComplete="off"
            required
            problem={reasonMissing ? t('kioskStatus.sync.discardReasonRequired') : undefined}
            onChange={(event) => setReason(event.target.value)}
          />
          <div className="actions">
            <button type="submit" className="button button--danger" disabled={discard.pending}>
              {discard.pending ? t('common.working') : t('kioskStatus.sync.discardConfirm')}
            </button>
            <button type="button" className="button" onClick={() => setDiscarding(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : null}
      <ErrorNotice error={retry.error ?? discard.error} />
    </li>
  );
}
