import { useState } from 'react';
import { recoveryStops, type RecoveryStop, type RecoveryView } from '../../../shared/domain/recovery';
import { ErrorNotice } from '../app/error-notice';
import { ScreenHeading } from '../app/screen-heading';
import { useI18n } from '../i18n/i18n-context';
import { useCall } from '../kiosk/use-call';
import { useEvent } from '../kiosk/use-event';
import { RecoveryActs } from './recovery-acts';
import { RecoveryAuthenticatorsStep } from './recovery-authenticators-step';
import { RecoveryBackupKeyStep } from './recovery-backup-key-step';
import { RecoveryDoneStep } from './recovery-done-step';
import { RecoveryEnvelopeStep } from './recovery-envelope-step';
import { RecoveryIdentityStep } from './recovery-identity-step';
import { RecoveryPasskeyStep } from './recovery-passkey-step';
import { stopKeys } from './recovery-stops';

/**
 * One recovery as a guided flow: the stepper shows where it stands (from the core's record, so
 * an interrupted recovery resumes where it stopped), the panel below does the next stop. Only
 * the envelope stop can be passed by hand: a person may have no envelope at this kiosk.
 */
export function RecoveryFlow({ recoveryId, onClose }: { recoveryId: string; onClose(): void }) {
  const { t } = useI18n();
  const recovery = useCall('recovery.get', { recoveryId });
  const [noEnvelope, setNoEnvelope] = useState(false);
  useEvent('recovery.changed', (event) => event.recoveryId === recoveryId && recovery.reload());
  const view = recovery.data;
  const changed = () => recovery.reload();
  const stop: RecoveryStop | null = view ? (view.next === 'envelope' && noEnvelope ? 'passkey' : view.next) : null;

  return (
    <section className="screen screen--wide helpdesk" aria-labelledby="recovery-title">
      <div className="helpdesk__head">
        <div>
          <ScreenHeading id="recovery-title">{view ? t('helpdesk.recovery.title', { name: view.person.displayName }) : t('helpdesk.title')}</ScreenHeading>
          {view ? <p className="screen__intro">{personLine(view, t)}</p> : null}
        </div>
        <button type="button" className="button" onClick={onClose}>
          {t('helpdesk.back')}
        </button>
      </div>
      <ErrorNotice error={recovery.error} />
      {view && stop ? (
        <>
          <ol className="helpdesk__stepper" aria-label={t('helpdesk.stepper')}>
            {recoveryStops.map((s, index) => (
              <li key={s} className={s === stop ? 'helpdesk__stop helpdesk__stop--current' : 'helpdesk__stop'} aria-current={s === stop ? 'step' : undefined}>
                {index + 1}. {t(stopKeys[s])}
              </li>
            ))}
          </ol>
          <div className="helpdesk__panel" data-testid={`recovery-step-${stop}`}>
            {stop === 'identity' ? <RecoveryIdentityStep view={view} onChanged={changed} /> : null}
            {stop === 'authenticators' ? <RecoveryAuthenticatorsStep view={view} onChanged={changed} /> : null}
            {stop === 'envelope' ? <RecoveryEnvelopeStep view={view} onChanged={changed} onNoEnvelope={() => setNoEnvelope(true)} /> : null}
            {stop === 'passkey' ? <RecoveryPasskeyStep view={view} onChanged={changed} /> : null}
            {stop === 'backupKey' ? <RecoveryBackupKeyStep view={view} onChanged={changed} /> : null}
            {stop === 'done' ? <RecoveryDoneStep view={view} onChanged={changed} /> : null}
          </div>
          <RecoveryActs view={view} />
        </>
      ) : null}
    </section>
  );
}

function personLine(view: RecoveryView, t: ReturnType<typeof useI18n>['t']): string {
  const { email, badgeId, username } = view.person;
  return t('helpdesk.person', { email: email ?? '—', badge: badgeId ?? '—', username: username ?? '—' });
}
