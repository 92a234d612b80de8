import type { JourneyView } from '../../../shared/domain/journey';
import { ErrorNotice } from '../app/error-notice';
import { ScreenHeading } from '../app/screen-heading';
import { useI18n } from '../i18n/i18n-context';
import { useAction } from '../kiosk/use-call';
import { OnScreenPage } from '../print/on-screen-page';
import { PrintProblem } from './print-problem';
import { SkipStep } from './skip-step';

/**
 * Journey step 4: the codes go from the kiosk straight to the printer; the screen never shows
 * them. Where the IdP has none, the screen says so and what to rely on instead.
 */
export function RecoveryCodesStep({ view, onChanged }: { view: JourneyView; onChanged(): void }) {
  const { t, tn, locale, formatTime } = useI18n();
  const print = useAction('journey.codes.print');
  const reprint = useAction('journey.codes.reprint');
  const confirm = useAction('journey.codes.confirm');
  const who = { sessionId: view.sessionId, attendeeId: view.attendeeId };
  const state = view.recoveryCodes;
  const run = async (action: typeof print | typeof reprint) => {
    if (await action.run({ ...who, locale })) onChanged();
  };
  const skip = <SkipStep view={view} step="recoveryCodes" onSkipped={onChanged} />;
  const printError = print.error ?? reprint.error;
  const voidSheet = state.voidSheetPrintedAt ? (
    <p className="notice notice--warning" data-testid="void-sheet">
      {t('codes.voidSheet', { time: formatTime(state.voidSheetPrintedAt) })}
    </p>
  ) : null;

  if (state.mode === 'unsupported') {
    return (
      <section className="journey-step" aria-labelledby="codes-title" data-codes="unsupported">
        <ScreenHeading id="codes-title">{t('codes.unsupported.title', { idp: view.idpLabel })}</ScreenHeading>
        <p className="screen__intro">{t('codes.unsupported.text', { idp: view.idpLabel })}</p>
        <ErrorNotice error={print.error} />
        <button type="button" className="button button--primary button--large" onClick={() => void run(print)} disabled={print.pending}>
          {t('codes.unsupported.continue')}
        </button>
      </section>
    );
  }

  if (printError?.code === 'print_failed') {
    return (
      <PrintProblem error={printError} onRetry={() => void run(state.printed ? reprint : print)} pending={print.pending || reprint.pending}>
        {skip}
      </PrintProblem>
    );
  }

  if (!state.printed) {
    return (
      <section className="journey-step" aria-labelledby="codes-title" data-codes="ready">
        <ScreenHeading id="codes-title">{t('codes.title')}</ScreenHeading>
        <p className="screen__intro">{t(state.mode === 'idpIssued' ? 'codes.intro.idp' : 'codes.intro.kiosk', { idp: view.idpLabel })}</p>
        <p>{t('codes.paperOnly')}</p>
        {voidSheet}
        <ErrorNotice error={printError} />
        <button type="button" className="button button--primary button--large" onClick={() => void run(print)} disabled={print.pending}>
          {print.pending ? t('codes.printing') : t('codes.print')}
        </button>
        {skip}
      </section>
    );
  }

  const take = (
    <>
      <ScreenHeading id="codes-title">{t(state.onScreen ? 'codes.take.titleOnScreen' : 'codes.take.title')}</ScreenHeading>
      <p className="screen__intro">{state.count !== null ? tn('codes.take.count', state.count) : null}</p>
      {voidSheet}
      <ul className="journey-summary">
        <li>{t('codes.take.keep')}</li>
        <li>{t('codes.take.use')}</li>
      </ul>
      <ErrorNotice error={confirm.error ?? reprint.error} />
      <div className="actions">
        <button type="button" className="button button--primary button--large" onClick={() => void confirm.run(who).then((next) => next && onChanged())} disabled={confirm.pending}>
          {t('codes.confirm')}
        </button>
        {state.reprintsLeft > 0 ? (
          <button type="button" className="button button--large" onClick={() => void run(reprint)} disabled={reprint.pending}>
            {reprint.pending ? t('codes.printing') : t('codes.reprint')}
          </button>
        ) : (
          <p className="muted">{t('codes.noMoreReprints')}</p>
        )}
      </div>
      {skip}
    </>
  );

  return (
    <section className={state.onScreen ? 'journey-step journey-step--with-page' : 'journey-step'} aria-labelledby="codes-title" data-codes="printed">
      {state.onScreen ? (
        <>
          <div className="journey-step__main">{take}</div>
          <OnScreenPage key={state.onScreen} handle={state.onScreen} />
        </>
      ) : (
        take
      )}
    </section>
  );
}
