import type { JourneyView } from '../../../shared/domain/journey';
import { ErrorNotice } from '../app/error-notice';
import { useI18n } from '../i18n/i18n-context';
import { useCall } from '../kiosk/use-call';
import { useEvent } from '../kiosk/use-event';
import { BackupKeyStep } from './backup-key-step';
import { EnvelopeStep } from './envelope-step';
import { RecoveryCodesStep } from './recovery-codes-step';
import { JourneyFinished } from './journey-finished';
import { JourneyProgress } from './journey-progress';
import { PasskeyStep } from './passkey-step';

interface JourneyScreenProps {
  sessionId: string;
  attendeeId: string;
  /** Set right after the facilitator confirmed the identity: said once, above the first step. */
  confirmedName: string | null;
  onNextAttendee(): void;
}

/**
 * The attendee's guided steps after the badge check. The core says which step is current;
 * this screen shows it and redraws when the core reports progress (a passkey appeared, a
 * step was committed).
 */
export function JourneyScreen({ sessionId, attendeeId, confirmedName, onNextAttendee }: JourneyScreenProps) {
  const { t } = useI18n();
  const journey = useCall('journey.get', { sessionId, attendeeId });
  useEvent('journey.changed', (event) => {
    if (event.attendeeId === attendeeId) journey.reload();
  });
  const view = journey.data;
  if (!view) {
    return journey.error ? <ErrorNotice error={journey.error} /> : <p className="muted">{t('common.working')}</p>;
  }
  return (
    <div className="journey" data-place={view.place}>
      {confirmedName && view.place === 'platformPasskey' ? (
        <p className="notice notice--success" data-testid="identity-confirmed">
          <strong>{t('identity.confirmed.title')}</strong> {t('identity.confirmed.text', { name: confirmedName })}
        </p>
      ) : null}
      <JourneyProgress view={view} />
      {view.place === 'recoveryCodes' && view.backupKey?.phase === 'done' ? (
        <p className="notice notice--success" role="status" data-testid="key-added">
          {t('key.added', { model: view.backupKey.model ?? t('journey.key.unknownModel'), fingerprint: view.backupKey.fingerprint })}
        </p>
      ) : null}
      <CurrentStep view={view} onChanged={journey.reload} onNextAttendee={onNextAttendee} />
    </div>
  );
}

function CurrentStep({ view, onChanged, onNextAttendee }: { view: JourneyView; onChanged(): void; onNextAttendee(): void }) {
  switch (view.place) {
    case 'platformPasskey':
      return <PasskeyStep key={view.attendeeId} view={view} onChanged={onChanged} />;
    case 'backupKey':
      return <BackupKeyStep key={view.attendeeId} view={view} onChanged={onChanged} />;
    case 'recoveryCodes':
      return <RecoveryCodesStep key={view.attendeeId} view={view} onChanged={onChanged} />;
    case 'envelope':
      return <EnvelopeStep key={view.attendeeId} view={view} onChanged={onChanged} />;
    default:
      return <JourneyFinished view={view} onNextAttendee={onNextAttendee} />;
  }
}
