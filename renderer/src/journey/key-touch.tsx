import { useEffect, useRef, useState } from 'react';
import type { KioskError } from '../../../shared/contract/errors';
import type { JourneyKey, JourneyView } from '../../../shared/domain/journey';
import { ScreenHeading } from '../app/screen-heading';
import { useI18n } from '../i18n/i18n-context';
import { useKiosk } from '../kiosk/kiosk-context';
import { asKioskError } from '../kiosk/use-call';
import { useEvent } from '../kiosk/use-event';

interface KeyTouchProps {
  who: { sessionId: string; attendeeId: string };
  stageKey: JourneyKey;
  pin: string;
  onDone(next: JourneyView | null, error: KioskError | null): void;
}

/**
 * Registration in one call: the core checks the PIN, asks the key for the credential (touch),
 * signs in once with it (touch) and queues it for the IdP. While the key waits, "touch your key".
 */
export function KeyTouch({ who, stageKey, pin, onDone }: KeyTouchProps) {
  const { t } = useI18n();
  const kiosk = useKiosk();
  const [touch, setTouch] = useState(false);
  const started = useRef(false);

  useEvent('key.progress', (event) => {
    if (event.path === stageKey.path) setTouch(event.stage === 'touchNeeded');
  });

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    kiosk.call('journey.key.register', { ...who, path: stageKey.path, pin }).then(
      (next) => onDone(next, null),
      (caught: unknown) => onDone(null, asKioskError(caught)),
    );
  });

  return (
    <div className="key-touch" data-touch={touch ? 'needed' : 'working'}>
      <ScreenHeading id="backup-key-title">{touch ? t('key.touch.title') : t('key.working.title')}</ScreenHeading>
      <div className={touch ? 'key-touch__icon key-touch__icon--pulse' : 'key-touch__icon'} aria-hidden="true">
        ◉
      </div>
      <p className="screen__intro" role="status">
        {touch ? t('key.touch.text') : t('key.working.text')}
      </p>
      <button type="button" className="button button--large" onClick={() => void kiosk.call('keys.cancel', { path: stageKey.path })}>
        {t('common.cancel')}
      </button>
    </div>
  );
}
