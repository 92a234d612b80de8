import { useEffect, useRef } from 'react';
import type { JourneyView, PasskeyOffer } from '../../../shared/domain/journey';
import { ErrorNotice } from '../app/error-notice';
import { ScreenHeading } from '../app/screen-heading';
import { formatDuration } from '../facilitator/clock-format';
import { useTickingNow } from '../facilitator/use-ticking-now';
import { useI18n } from '../i18n/i18n-context';
import { useAction } from '../kiosk/use-call';
import { PlatformHints } from './platform-hints';
import { SkipStep } from './skip-step';
import { StepProblem } from './step-problem';

/**
 * Journey step 2: the attendee scans the QR code with their own phone and creates a passkey
 * at the IdP; the kiosk moves on by itself once the IdP lists it. Expired, timed out and
 * unreachable each get their own screen with the ways on.
 */
export function PasskeyStep({ view, onChanged }: { view: JourneyView; onChanged(): void }) {
  const { t, say } = useI18n();
  const start = useAction('journey.passkey.start');
  const check = useAction('journey.passkey.check');
  const who = { sessionId: view.sessionId, attendeeId: view.attendeeId };
  const asked = useRef(false);
  const { phase, offer } = view.passkey;

  const renew = async () => {
    if (await start.run(who)) onChanged();
  };
  const lookAgain = async () => {
    if (await check.run(who)) onChanged();
  };

  useEffect(() => {
    if (phase !== 'notStarted' || asked.current) return;
    asked.current = true;
    void start.run(who).then((next) => next && onChanged());
  });

  const skip = <SkipStep view={view} step="platformPasskey" onSkipped={onChanged} />;
  const busy = start.pending || check.pending;

  if (phase === 'waiting' && offer) {
    return (
      <section className="journey-step passkey" aria-labelledby="passkey-title">
        <ScreenHeading id="passkey-title">{t('passkey.title')}</ScreenHeading>
        <p className="screen__intro">{t(`passkey.intro.${offer.kind}`, { idp: view.idpLabel })}</p>
        <div className="passkey__grid">
          <QrPanel offer={offer} />
          <div className="passkey__help">
            <PlatformHints kind={offer.kind} />
            <p className="passkey__watching" role="status">
              <span className="spinner" aria-hidden="true" /> {t('passkey.watching')}
            </p>
            <ErrorNotice error={start.error} />
            <div className="actions">
              <button type="button" className="button" onClick={() => void renew()} disabled={busy}>
                {t('passkey.newCode')}
              </button>
              {offer.practiseUrl ? (
                <button type="button" className="button" onClick={() => window.open(offer.practiseUrl ?? '', '_blank', 'noopener')}>
                  {t('passkey.practise')}
                </button>
              ) : null}
            </div>
            {skip}
          </div>
        </div>
      </section>
    );
  }

  if (phase === 'expired' || phase === 'timedOut' || phase === 'unreachable') {
    const problem = {
      expired: { title: t('passkey.expired.title'), text: t('passkey.expired.text'), action: t('passkey.newCode'), run: renew },
      timedOut: { title: t('passkey.timedOut.title'), text: t('passkey.timedOut.text'), action: t('passkey.checkAgain'), run: lookAgain },
      unreachable: { title: t('passkey.unreachable.title'), text: t('passkey.unreachable.text', { idp: view.idpLabel }), action: t('passkey.tryAgain'), run: lookAgain },
    }[phase];
    return (
      <StepProblem id={`passkey-${phase}`} title={problem.title} detail={view.passkey.problem ? say(view.passkey.problem) : null}>
        <p>{problem.text}</p>
        <ErrorNotice error={start.error ?? check.error} />
        <div className="actions">
          <button type="button" className="button button--primary button--large" onClick={() => void problem.run()} disabled={busy}>
            {busy ? t('common.working') : problem.action}
          </button>
          {phase === 'timedOut' ? (
            <button type="button" className="button button--large" onClick={() => void renew()} disabled={busy}>
              {t('passkey.newCode')}
            </button>
          ) : null}
        </div>
        {skip}
      </StepProblem>
    );
  }

  return (
    <section className="journey-step passkey" aria-labelledby="passkey-title">
      <ScreenHeading id="passkey-title">{t('passkey.title')}</ScreenHeading>
      {start.error ? (
        <>
          <ErrorNotice error={start.error} />
          <div className="actions">
            <button type="button" className="button button--primary button--large" onClick={() => void renew()} disabled={busy}>
              {t('passkey.tryAgain')}
            </button>
          </div>
          {skip}
        </>
      ) : (
        <p className="screen__intro" role="status">
          {t('passkey.preparing')}
        </p>
      )}
    </section>
  );
}

/** The QR code of a one-time link with its code and countdown; the helpdesk's recovery shows the same panel. */
export function QrPanel({ offer }: { offer: PasskeyOffer }) {
  const { t } = useI18n();
  const now = useTickingNow(1000);
  const left = Math.max(0, Math.round((Date.parse(offer.expiresAt) - now) / 1000));
  return (
    <div className="passkey__qr">
      <img src={offer.qr} alt={t('passkey.qrAlt')} width={280} height={280} data-testid="passkey-qr" />
      {offer.code ? (
        <div className="passkey__code">
          <p>{t('passkey.codeLabel')}</p>
          <p className="passkey__code-value" data-testid="passkey-code">
            {offer.code}
          </p>
        </div>
      ) : null}
      <p className="passkey__countdown" aria-live="off">
        {left > 0 ? t('passkey.validFor', { time: formatDuration(left) }) : t('passkey.expired.title')}
      </p>
    </div>
  );
}
