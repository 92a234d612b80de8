import { useState } from 'react';
import type { KioskError } from '../../../shared/contract/errors';
import type { NewCodesSheet } from '../../../shared/contract/recovery-codes-calls';
import { locales, type Locale } from '../../../shared/domain/locale';
import { ErrorNotice } from '../app/error-notice';
import { useI18n } from '../i18n/i18n-context';
import { useAction, useCall } from '../kiosk/use-call';
import { OnScreenPage } from '../print/on-screen-page';

export interface NewCodesStart {
  run(locale: Locale): Promise<NewCodesSheet | null>;
  pending: boolean;
  error: KioskError | null;
}

/**
 * New recovery codes for one person, whoever asks (a facilitator on the board, the helpdesk):
 * a confirm, the sheet printed in the person's language, then "I have my sheet" as in the
 * journey. The codes never reach this screen; where the IdP has none, it says so up front.
 */
export function NewCodesFlow({ displayName, start, onDone, testId }: { displayName: string; start: NewCodesStart; onDone(sheet: NewCodesSheet | null): void; testId: string }) {
  const { t, tn, say, locale } = useI18n();
  const idp = useCall('idp.status', {});
  const reprint = useAction('recovery.sheetReprint');
  const confirm = useAction('recovery.sheetConfirm');
  const cancel = useAction('recovery.sheetCancel');
  const [sheet, setSheet] = useState<NewCodesSheet | null>(null);
  const [sheetLocale, setSheetLocale] = useState<Locale>(locale);
  const settle = (next: NewCodesSheet | null) => next && onDone(next);
  const busy = start.pending || reprint.pending || confirm.pending || cancel.pending;

  const unsupported = idp.data?.capabilities.recoveryCodes === 'unsupported';
  if (unsupported || !sheet) {
    return (
      <div className="panel panel--confirm" role="group" aria-labelledby={`${testId}-title`} data-testid={testId} data-new-codes={unsupported ? 'unsupported' : 'ask'}>
        <h2 id={`${testId}-title`} className="panel__title">
          {t('newCodes.title', { name: displayName })}
        </h2>
        {unsupported ? (
          <p data-testid={`${testId}-unsupported`}>{idp.data?.recoveryCodesNote ? say(idp.data.recoveryCodesNote) : t('newCodes.unsupported', { idp: idp.data?.label ?? '' })}</p>
        ) : (
          <>
            <p>{t('newCodes.explain')}</p>
            <p>{t('newCodes.oldStay')}</p>
            <fieldset className="field fieldset">
              <legend className="field__label">{t('newCodes.sheetLanguage')}</legend>
              <div className="choices choices--inline">
                {locales.map((option) => (
                  <label className="check" key={option}>
                    <input type="radio" name={`${testId}-locale`} value={option} checked={sheetLocale === option} onChange={() => setSheetLocale(option)} />
                    <span>{t(`language.${option}`)}</span>
                  </label>
                ))}
              </div>
            </fieldset>
          </>
        )}
        <ErrorNotice error={start.error ?? idp.error} />
        <div className="actions">
          {unsupported ? null : (
            <button type="button" className="button button--primary" disabled={start.pending || idp.loading} onClick={() => void start.run(sheetLocale).then((next) => next && setSheet(next))}>
              {start.pending ? t('codes.printing') : t(start.error?.code === 'print_failed' ? 'printProblem.retry' : 'newCodes.print')}
            </button>
          )}
          <button type="button" className="button" onClick={() => onDone(null)} disabled={start.pending}>
            {t(unsupported ? 'newCodes.close' : 'newCodes.keepOld')}
          </button>
        </div>
      </div>
    );
  }

  const take = (
    <>
      <h2 id={`${testId}-title`} className="panel__title">
        {t(sheet.onScreen ? 'codes.take.titleOnScreen' : 'codes.take.title')}
      </h2>
      <p>{tn('codes.take.count', sheet.count)}</p>
      <ul className="journey-summary">
        <li>{t('codes.take.keep')}</li>
        <li>{t('newCodes.oldEnd')}</li>
      </ul>
      <ErrorNotice error={confirm.error ?? reprint.error ?? cancel.error} />
      <div className="actions">
        <button type="button" className="button button--primary" disabled={busy} onClick={() => void confirm.run({ sheetId: sheet.sheetId }).then(settle)}>
          {t('codes.confirm')}
        </button>
        {sheet.reprintsLeft > 0 ? (
          <button type="button" className="button" disabled={busy} onClick={() => void reprint.run({ sheetId: sheet.sheetId, locale: sheetLocale }).then((next) => next && setSheet(next))}>
            {reprint.pending ? t('codes.printing') : t('codes.reprint')}
          </button>
        ) : (
          <p className="muted">{t('codes.noMoreReprints')}</p>
        )}
        <button type="button" className="button" disabled={busy} onClick={() => void cancel.run({ sheetId: sheet.sheetId }).then(settle)}>
          {t('newCodes.cancel')}
        </button>
      </div>
    </>
  );
  return (
    <div className={sheet.onScreen ? 'panel journey-step--with-page' : 'panel'} role="group" aria-labelledby={`${testId}-title`} data-testid={testId} data-new-codes="printed">
      {sheet.onScreen ? (
        <>
          <div className="journey-step__main">{take}</div>
          <OnScreenPage key={sheet.onScreen} handle={sheet.onScreen} />
        </>
      ) : (
        take
      )}
    </div>
  );
}
