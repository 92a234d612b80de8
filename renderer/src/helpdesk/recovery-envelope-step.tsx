import type { RecoveryView } from '../../../shared/domain/recovery';
import { stateKeys } from '../custody/envelope-state-names';
import { ErrorNotice } from '../app/error-notice';
import { useI18n } from '../i18n/i18n-context';
import { useAction } from '../kiosk/use-call';

/** The person's envelopes (by the roster's badge or email); the one in the safe is handed out, naming the identity check. */
export function RecoveryEnvelopeStep({ view, onChanged, onNoEnvelope }: { view: RecoveryView; onChanged(): void; onNoEnvelope(): void }) {
  const { t, formatDateTime } = useI18n();
  const handOut = useAction('recovery.handOut');

  async function give(code: string) {
    if (await handOut.run({ recoveryId: view.id, code })) onChanged();
  }

  return (
    <div className="form">
      <h2 className="panel__title">{t('helpdesk.envelope.title')}</h2>
      <p>{view.envelopes.length > 0 ? t('helpdesk.envelope.intro') : t('helpdesk.envelope.none')}</p>
      <ul className="helpdesk__envelopes">
        {view.envelopes.map((e) => (
          <li key={e.code} className="helpdesk__envelope">
            <span>
              {t('helpdesk.envelope.line', { sealNumber: e.sealNumber, model: e.keyModel ?? '—', fingerprint: e.fingerprint, sealed: formatDateTime(e.sealedAt), state: t(stateKeys[e.state]) })}
            </span>
            {e.state === 'inSafe' ? (
              <button type="button" className="button button--primary" onClick={() => void give(e.code)} disabled={handOut.pending}>
                {t('helpdesk.envelope.handOut', { sealNumber: e.sealNumber })}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      <ErrorNotice error={handOut.error} />
      <div className="actions">
        <button type="button" className="button" onClick={onNoEnvelope}>
          {t('helpdesk.envelope.skip')}
        </button>
      </div>
    </div>
  );
}
