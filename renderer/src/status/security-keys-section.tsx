import { useEffect, useState } from 'react';
import type { KeySummaryView } from '../../../shared/contract/keys-calls';
import { ErrorNotice } from '../app/error-notice';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n-context';
import { useAction, useCall } from '../kiosk/use-call';
import { useEvent } from '../kiosk/use-event';
import { StateTag, StatusFact, type StateTone } from './status-fact';
import { useReportAttention, type ReportAttention } from './use-report-attention';

/** PIN tries at or below this are shown as a warning: the key locks its PIN at zero. */
const lowRetries = 3;
/** Busy ends without an event of its own (e.g. another screen's query finished); look again soon. */
const busyRecheckMs = 1500;
/** About as long as a key blinks after a wink. */
const winkNoticeMs = 8000;

const stateView: Record<KeySummaryView['state'], { tone: StateTone; label: MessageKey; next: MessageKey | null }> = {
  ready: { tone: 'ok', label: 'kioskStatus.keys.ready', next: null },
  busy: { tone: 'warn', label: 'kioskStatus.keys.busy', next: 'kioskStatus.keys.busyNext' },
  noAccess: { tone: 'bad', label: 'kioskStatus.keys.noAccess', next: 'kioskStatus.keys.noAccessNext' },
  error: { tone: 'bad', label: 'kioskStatus.keys.error', next: 'kioskStatus.keys.errorNext' },
};

const pinKeys: Record<NonNullable<KeySummaryView['pinState']>, MessageKey> = {
  set: 'kioskStatus.keys.pinSet',
  notSet: 'kioskStatus.keys.pinNotSet',
  unsupported: 'kioskStatus.keys.pinUnsupported',
};

const retriesLow = (item: KeySummaryView) => item.pinState === 'set' && item.pinRetries !== null && item.pinRetries <= lowRetries;
/** A key the kiosk cannot use, or one about to lock its PIN. */
const needsAttention = (item: KeySummaryView) => stateView[item.state].tone === 'bad' || retriesLow(item);

function KeyCard({ item }: { item: KeySummaryView }) {
  const { t, tn, say } = useI18n();
  const wink = useAction('keys.wink');
  const [winked, setWinked] = useState(false);
  const state = stateView[item.state];
  const lowOnTries = retriesLow(item);

  useEffect(() => {
    if (!winked) return;
    const timer = setTimeout(() => setWinked(false), winkNoticeMs);
    return () => clearTimeout(timer);
  }, [winked]);

  async function identify() {
    setWinked(false);
    if (await wink.run({ path: item.path })) setWinked(true);
  }

  return (
    <li className="status-card" data-testid="key-card" data-training={item.training ? 'true' : undefined}>
      <div className="status-card__head">
        <h3 className="status-card__title">{item.model ?? item.product ?? t('kioskStatus.keys.unknownModel')}</h3>
        {item.training ? <span className="tag tag--training">{t('kioskStatus.keys.trainingKey')}</span> : null}
      </div>
      <dl className="facts">
        <StatusFact label={t('kioskStatus.keys.state')} testId="key-state">
          <StateTag tone={state.tone}>{t(state.label)}</StateTag>
        </StatusFact>
        <StatusFact label={t('kioskStatus.keys.pin')} testId="key-pin">
          {item.pinState ? t(pinKeys[item.pinState]) : t('kioskStatus.keys.pinUnknown')}
        </StatusFact>
        <StatusFact label={t('kioskStatus.keys.retries')} testId="key-retries">
          {item.pinState === 'set' && item.pinRetries !== null ? (
            <StateTag tone={lowOnTries ? 'warn' : 'neutral'}>{tn('kioskStatus.keys.retriesLeft', item.pinRetries)}</StateTag>
          ) : (
            t('kioskStatus.keys.retriesNotApplicable')
          )}
        </StatusFact>
      </dl>
      {state.next ? (
        <div className={`notice ${state.tone === 'bad' ? 'notice--error' : 'notice--warning'}`}>
          <p>{t(state.next)}</p>
          {item.problem ? <p className="notice__detail">{t('kioskStatus.keys.problem', { problem: say(item.problem) })}</p> : null}
        </div>
      ) : null}
      {lowOnTries ? <p className="notice notice--warning">{t('kioskStatus.keys.retriesLow')}</p> : null}
      <div className="actions">
        <button type="button" className="button" onClick={() => void identify()} disabled={wink.pending || item.state !== 'ready'}>
          {wink.pending ? t('common.working') : t('kioskStatus.keys.wink')}
        </button>
      </div>
      {winked ? (
        <p className="notice notice--success" role="status">
          {t('kioskStatus.keys.winking')}
        </p>
      ) : null}
      <ErrorNotice error={wink.error} />
    </li>
  );
}

/** Plugged-in keys, kept current by the hotplug events; each can blink so people can tell them apart. */
export function SecurityKeysSection({ onAttention }: { onAttention?: ReportAttention }) {
  const { t } = useI18n();
  const keys = useCall('keys.list', {});
  const { reload } = keys;
  useEvent('key.attached', reload);
  useEvent('key.detached', reload);
  useEvent('key.progress', (progress) => {
    if (progress.stage === 'done') reload();
  });

  const data = keys.data;
  const anyBusy = data?.keys.some((item) => item.state === 'busy') ?? false;
  useReportAttention(onAttention, data?.keys.some(needsAttention) ?? false);
  useEffect(() => {
    if (!anyBusy) return;
    const timer = setTimeout(reload, busyRecheckMs);
    return () => clearTimeout(timer);
  }, [anyBusy, data, reload]);

  return (
    <section className="panel status-section" aria-labelledby="status-keys-title" data-testid="status-keys">
      <h2 id="status-keys-title" className="panel__title">
        {t('kioskStatus.keys.title')}
      </h2>
      {data ? <p className="muted">{data.backend === 'virtual' ? t('kioskStatus.keys.backendVirtual') : t('kioskStatus.keys.backendHid')}</p> : null}
      <ErrorNotice error={keys.error} />
      {data && data.keys.length === 0 ? <p>{t('kioskStatus.keys.none')}</p> : null}
      {data && data.keys.length > 0 ? (
        <ul className="status-cards">
          {data.keys.map((item) => (
            <KeyCard key={item.path} item={item} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}
