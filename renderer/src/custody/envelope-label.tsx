import { useState, type FormEvent } from 'react';
import { labelMissing } from '../../../shared/domain/custody';
import { NOTE_MAX } from '../../../shared/domain/limits';
import { ErrorNotice } from '../app/error-notice';
import { TextField } from '../app/text-field';
import { useI18n } from '../i18n/i18n-context';
import { useAction } from '../kiosk/use-call';
import type { EnvelopeActionProps } from './envelope-action';

/**
 * The label: a missing one prints with one press, beside "no label printed yet", and says why
 * it matters (the reason recorded is that it did not print at the kiosk); else how often it was
 * printed, and a reprint with a reason (counted, so the new label says REPRINT).
 */
export function EnvelopeLabel({ record, onChanged }: EnvelopeActionProps) {
  const { t, tn, locale } = useI18n();
  const reprint = useAction('custody.reprintLabel');
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);

  const sealedAt = record.fleet?.sealedAtKiosk ?? null;
  if (labelMissing(record.envelope)) {
    const printMissing = async () => {
      const result = await reprint.run({ code: record.envelope.code, reason: t('custody.labelMissing.reason'), locale });
      if (result) onChanged(result.record, t('custody.labelMissing.done', { sealNumber: record.envelope.sealNumber }));
    };
    return (
      <section className="custody__label" aria-labelledby="custody-label-title">
        <h3 id="custody-label-title" className="status-section__subtitle">
          {t('custody.fact.label')}
        </h3>
        <div className="custody__label-now">
          <p data-testid="custody-label">{t('custody.labelMissing.none')}</p>
          {sealedAt ? (
            <p>{t('custody.fact.labelAtKiosk', { kiosk: sealedAt })}</p>
          ) : (
            <button type="button" className="button button--primary" disabled={reprint.pending} onClick={() => void printMissing()}>
              {reprint.pending ? t('common.working') : t('custody.labelMissing.print')}
            </button>
          )}
        </div>
        <div className="notice notice--warning" data-testid="custody-label-missing">
          <p className="notice__title">{t('custody.labelMissing.title')}</p>
          <p>{t('custody.labelMissing.text')}</p>
        </div>
        <ErrorNotice error={reprint.error} />
      </section>
    );
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const why = reason.trim();
    setReasonMissing(!why);
    if (!why) return;
    const result = await reprint.run({ code: record.envelope.code, reason: why, locale });
    if (!result) return;
    setOpen(false);
    setReason('');
    onChanged(result.record, t('custody.reprint.done', { count: result.label.printNumber }));
  }

  return (
    <section className="custody__label" aria-labelledby="custody-label-title">
      <h3 id="custody-label-title" className="status-section__subtitle">
        {t('custody.fact.label')}
      </h3>
      <p data-testid="custody-label">{tn('custody.fact.labelPrints', record.envelope.labelPrints)}</p>
      {sealedAt ? <p className="muted">{t('custody.fact.labelAtKiosk', { kiosk: sealedAt })}</p> : null}
      {record.reprintable ? (
        <div className="actions">
          <button type="button" className="button" aria-expanded={open} onClick={() => setOpen(!open)}>
            {t('custody.reprint.open')}
          </button>
        </div>
      ) : null}
      {open && record.reprintable ? (
        <form className="form custody__subform" onSubmit={(event) => void submit(event)} noValidate>
          <TextField
            label={t('custody.reprint.reason')}
            value={reason}
            maxLength={NOTE_MAX}
            autoComplete="off"
            required
            problem={reasonMissing && !reason.trim() ? t('custody.reprint.reasonRequired') : undefined}
            onChange={(event) => setReason(event.target.value)}
          />
          <div className="actions">
            <button type="submit" className="button button--primary" disabled={reprint.pending}>
              {reprint.pending ? t('common.working') : t('custody.reprint.confirm')}
            </button>
            <button type="button" className="button" onClick={() => setOpen(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : null}
      <ErrorNotice error={reprint.error} />
    </section>
  );
}
