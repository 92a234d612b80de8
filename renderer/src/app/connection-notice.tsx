import { useState } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { useEvent } from '../kiosk/use-event';

/**
 * The browser host's page says at once when it loses its host, instead of waiting for the next
 * touch to fail: over the whole screen, since no call can work meanwhile. Once the host takes the
 * page back (restarted with the same token), the page loads afresh, so nothing on it is stale.
 */
export function ConnectionNotice() {
  const { t } = useI18n();
  const [state, setState] = useState<'lost' | 'refused' | null>(null);
  useEvent('bridge.connection', ({ state: next }) => {
    if (next === 'restored') window.location.reload();
    else setState(next);
  });
  if (!state) return null;
  return (
    <div className="connection-notice" role="alert" data-connection={state}>
      <div className="connection-notice__panel">
        <h2 className="connection-notice__title">{t(state === 'lost' ? 'connection.lost.title' : 'connection.refused.title')}</h2>
        <p>{t(state === 'lost' ? 'connection.lost.text' : 'connection.refused.text')}</p>
        {state === 'lost' ? (
          <p className="connection-notice__waiting">
            <span className="spinner" aria-hidden="true" /> {t('connection.lost.waiting')}
          </p>
        ) : null}
      </div>
    </div>
  );
}
