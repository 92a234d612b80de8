import { useEffect, useRef } from 'react';
import type { RecoveryView } from '../../../shared/domain/recovery';
import { ErrorNotice } from '../app/error-notice';
import { useI18n } from '../i18n/i18n-context';
import { PlatformHints } from '../journey/platform-hints';
import { QrPanel } from '../journey/passkey-step';
import { useAction } from '../kiosk/use-call';

/** The new phone passkey through the journey's QR panel; the core watches the IdP and the screen follows its event. */
export function RecoveryPasskeyStep({ view, onChanged }: { view: RecoveryView; onChanged(): void }) {
  const { t } = useI18n();
  const start = useAction('recovery.passkey.start');
  const check = useAction('recovery.passkey.check');
  const asked = useRef(false);
  const { offer } = view.passkey;

  useEffect(() => {
    if (offer || asked.current) return;
    asked.current = true;
    void start.run({ recoveryId: view.id }).then((next) => next && onChanged());
  });

  const busy = start.pending || check.pending;
  return (
    <div className="form">
      <h2 className="panel__title">{t('helpdesk.passkey.title')}</h2>
      {offer ? (
        <div className="passkey__grid">
          <QrPanel offer={offer} />
          <div className="passkey__help">
            <p>{t('helpdesk.passkey.intro')}</p>
            <PlatformHints kind={offer.kind} />
            <p className="passkey__watching" role="status">
              <span className="spinner" aria-hidden="true" /> {t('passkey.watching')}
            </p>
          </div>
        </div>
      ) : (
        <p role="status">{start.pending ? t('passkey.preparing') : t('helpdesk.passkey.noLink')}</p>
      )}
      <ErrorNotice error={start.error ?? check.error} />
      <div className="actions">
        <button type="button" className="button" onClick={() => void check.run({ recoveryId: view.id }).then((next) => next && onChanged())} disabled={busy}>
          {t('passkey.checkAgain')}
        </button>
        <button type="button" className="button" onClick={() => void start.run({ recoveryId: view.id }).then((next) => next && onChanged())} disabled={busy}>
          {t('passkey.newCode')}
        </button>
      </div>
    </div>
  );
}
