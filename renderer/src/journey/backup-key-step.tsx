import { retriesOf } from '../kiosk/pin-retries';
import { useCallback, useEffect, useState } from 'react';
import { KioskError } from '../../../shared/contract/errors';
import type { JourneyKey, JourneyView } from '../../../shared/domain/journey';
import { ScreenHeading } from '../app/screen-heading';
import { useI18n } from '../i18n/i18n-context';
import { useKiosk } from '../kiosk/kiosk-context';
import { asKioskError } from '../kiosk/use-call';
import { useEvent } from '../kiosk/use-event';
import { KeyProblem } from './key-problem';
import { KeyTouch } from './key-touch';
import { NewPinForm, PinForm } from './key-pin-forms';
import { SkipStep } from './skip-step';

export type KeyStage =
  | { kind: 'waitingForKey' }
  | { kind: 'inspecting'; path: string }
  | { kind: 'newPin'; key: JourneyKey; error: KioskError | null }
  | { kind: 'pin'; key: JourneyKey; error: KioskError | null }
  | { kind: 'registering'; key: JourneyKey; pin: string }
  | { kind: 'problem'; key: JourneyKey | null; error: KioskError };

/**
 * Journey step 3: the backup key plugged into the kiosk. The core picks the key, checks it,
 * the PIN policy and the order, and says what comes next (journey.key.inspect); this screen
 * walks the attendee through plug in → PIN → touch, and gives every failure its own screen
 * with the way back.
 */
export function BackupKeyStep({ view, onChanged }: { view: JourneyView; onChanged(): void }) {
  const { t } = useI18n();
  const kiosk = useKiosk();
  const who = { sessionId: view.sessionId, attendeeId: view.attendeeId };
  const [stage, setStage] = useState<KeyStage>({ kind: 'waitingForKey' });

  /** What the core says comes next with the key it inspected; no key ready yet: wait for one. */
  const answered = useCallback((key: JourneyKey | null) => {
    if (!key) setStage({ kind: 'waitingForKey' });
    else if (key.next.stage === 'problem') setStage({ kind: 'problem', key, error: KioskError.fromBody(key.next.problem) });
    else setStage({ kind: key.next.stage, key, error: null });
  }, []);
  const failed = useCallback((caught: unknown) => setStage({ kind: 'problem', key: null, error: asKioskError(caught) }), []);

  /** The key just plugged in at `path`. */
  const inspect = useCallback(
    (path: string) => {
      setStage({ kind: 'inspecting', path });
      kiosk.call('journey.key.inspect', { ...who, path }).then(answered, failed);
    },
    // who is rebuilt every render from the same two ids.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [kiosk, view.sessionId, view.attendeeId, answered, failed],
  );

  /** Whichever key the core picks among those plugged in. */
  const lookForKey = useCallback(
    () => kiosk.call('journey.key.inspect', { ...who }).then(answered, failed),
    // who, as above.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [kiosk, view.sessionId, view.attendeeId, answered, failed],
  );
  const findKey = () => {
    setStage({ kind: 'waitingForKey' });
    void lookForKey();
  };

  useEffect(() => {
    void lookForKey();
  }, [lookForKey]);

  useEvent('key.attached', (event) => {
    if (stage.kind === 'waitingForKey') void inspect(event.path);
  });
  useEvent('key.detached', (event) => {
    const path = stage.kind === 'inspecting' ? stage.path : 'key' in stage ? stage.key?.path : null;
    if (path === event.path && stage.kind !== 'registering') setStage({ kind: 'waitingForKey' });
  });

  const registered = (next: JourneyView | null, error: KioskError | null, key: JourneyKey) => {
    if (next) return onChanged();
    if (!error) return;
    if (error.code === 'key_pin_invalid' || error.code === 'cancelled') setStage({ kind: 'pin', key: { ...key, pinState: 'set', pinRetries: retriesOf(error) ?? key.pinRetries }, error: error.code === 'cancelled' ? null : error });
    else setStage({ kind: 'problem', key, error });
  };

  const skip = <SkipStep view={view} step="backupKey" onSkipped={onChanged} />;

  return (
    <section className="journey-step backup-key" aria-labelledby="backup-key-title" data-stage={stage.kind}>
      {view.steps.platformPasskey?.status === 'done' ? (
        <p className="notice notice--success" role="status" data-testid="passkey-added">
          {t('passkey.added', { name: view.passkey.found?.name || t('passkey.title') })}
        </p>
      ) : null}
      {stage.kind === 'waitingForKey' || stage.kind === 'inspecting' ? (
        <>
          <ScreenHeading id="backup-key-title">{t('key.plug.title')}</ScreenHeading>
          <p className="screen__intro" role="status">
            {stage.kind === 'inspecting' ? t('key.plug.checking') : t('key.plug.text')}
          </p>
          {skip}
        </>
      ) : null}
      {stage.kind === 'newPin' ? (
        <NewPinForm who={who} stageKey={stage.key} error={stage.error} onPinSet={(key, pin) => setStage({ kind: 'registering', key, pin })} onError={(error) => setStage({ kind: 'newPin', key: stage.key, error })} />
      ) : null}
      {stage.kind === 'pin' ? <PinForm stageKey={stage.key} error={stage.error} onPin={(pin) => setStage({ kind: 'registering', key: stage.key, pin })} /> : null}
      {stage.kind === 'registering' ? <KeyTouch who={who} stageKey={stage.key} pin={stage.pin} onDone={(next, error) => registered(next, error, stage.key)} /> : null}
      {stage.kind === 'problem' ? (
        <KeyProblem
          error={stage.error}
          stageKey={stage.key}
          training={view.mode === 'training'}
          onAnotherKey={findKey}
          onRetry={() => {
            // The IdP refused the key before anything was written: ask it again about the same key.
            if (stage.key && refusedAtPreflight(stage.error)) inspect(stage.key.path);
            else if (stage.key) setStage({ kind: 'pin', key: { ...stage.key, pinState: 'set' }, error: null });
            else findKey();
          }}
        >
          {skip}
        </KeyProblem>
      ) : null}
      {stage.kind === 'newPin' || stage.kind === 'pin' ? skip : null}
    </section>
  );
}

/** A refusal of the IdP's pre-flight, which the core marks in the error's details. */
function refusedAtPreflight(error: KioskError): boolean {
  return (error.details as { preflight?: unknown } | undefined)?.preflight === true;
}
