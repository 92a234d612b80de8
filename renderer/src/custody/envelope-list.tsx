import { useState } from 'react';
import { envelopeStates, envelopeStateSchema, labelMissing, type EnvelopeState } from '../../../shared/domain/custody';
import { ErrorNotice } from '../app/error-notice';
import { fullName } from '../app/full-name';
import { SelectField } from '../app/select-field';
import { TableScroll } from '../app/table-scroll';
import { useI18n } from '../i18n/i18n-context';
import { useCall } from '../kiosk/use-call';
import { useEvent } from '../kiosk/use-event';
import { StateTag } from '../status/status-fact';
import { stateKeys, stateTones } from './envelope-state-names';
import { LabelMissingTag } from './label-missing-tag';

/** The value of the "any" option of both filters; ids and states are never empty. */
const ANY = '';
/** The state filter's option for the envelopes whose label is missing, which count apart from their state. */
const LABEL_MISSING = 'labelMissing';
type StateFilter = EnvelopeState | typeof LABEL_MISSING;

/**
 * Every envelope (in a fleet, every kiosk's, with the kiosk that sealed it), filtered by state (a
 * missing label first) and by session, newest first, scrolling in its own region; kept live by custody events.
 */
export function EnvelopeList({ onShow }: { onShow(code: string): void }) {
  const { t, tn, formatDateTime } = useI18n();
  const [state, setState] = useState<StateFilter | null>(null);
  const [sessionId, setSessionId] = useState<string | null>(null);
  const stateFilter = state === null ? {} : state === LABEL_MISSING ? { labelMissing: true } : { state, labelMissing: false };
  const list = useCall('custody.list', { ...stateFilter, ...(sessionId ? { sessionId } : {}) });
  useEvent('custody.changed', () => list.reload());
  const data = list.data;
  const total = data ? envelopeStates.reduce((sum, s) => sum + data.counts[s], data.labelMissing) : 0;

  const stateOptions = [
    { value: ANY, label: tn('custody.list.allStates', total) },
    ...(data && (data.labelMissing > 0 || state === LABEL_MISSING) ? [{ value: LABEL_MISSING, label: tn('custody.list.stateOption', data.labelMissing, { state: t('custody.labelMissing.tag') }) }] : []),
    ...envelopeStates.map((s) => ({ value: s, label: tn('custody.list.stateOption', data?.counts[s] ?? 0, { state: t(stateKeys[s]) }) })),
  ];
  const sessionOptions = [
    { value: ANY, label: t('custody.list.allSessions') },
    ...(data?.sessions ?? []).map((s) => ({
      value: s.id,
      label: tn('custody.list.sessionOption', s.envelopes, { department: s.kiosk ? t('custody.list.sessionAtKiosk', { department: s.department, kiosk: s.kiosk }) : s.department, date: formatDateTime(s.startedAt) }),
    })),
  ];
  // The fleet lists its newest envelopes only; the counts are of all of them.
  const matching = !data ? 0 : state === null ? total : state === LABEL_MISSING ? data.labelMissing : data.counts[state];
  const fleet = data?.source === 'fleet';

  return (
    <section className="panel custody__list" aria-labelledby="custody-list-title" data-testid="custody-list">
      <div className="custody__list-head">
        <h2 id="custody-list-title" className="panel__title">
          {t('custody.list.title')}
        </h2>
        <div className="custody__filters">
          <SelectField
            label={t('custody.list.stateFilter')}
            options={stateOptions}
            value={state ?? ANY}
            onChange={(event) => {
              const parsed = envelopeStateSchema.safeParse(event.target.value);
              setState(event.target.value === LABEL_MISSING ? LABEL_MISSING : parsed.success ? parsed.data : null);
            }}
          />
          <SelectField label={t('custody.list.sessionFilter')} options={sessionOptions} value={sessionId ?? ANY} onChange={(event) => setSessionId(event.target.value || null)} />
        </div>
      </div>
      <ErrorNotice error={list.error} />
      {data?.source === 'kioskOnly' ? (
        <p className="notice notice--warning" data-testid="custody-fleet-unreachable">
          {t('custody.fleet.unreachable')}
        </p>
      ) : null}
      {data && data.envelopes.length < matching ? <p className="muted">{t('custody.list.newestOnly', { shown: data.envelopes.length, total: matching })}</p> : null}
      {data && data.envelopes.length === 0 ? <p className="muted">{state || sessionId ? t('custody.list.noneFiltered') : t('custody.list.none')}</p> : null}
      {data && data.envelopes.length > 0 ? (
        <TableScroll label={t('custody.list.caption')} fill>
          <table className="table table--compact" data-testid="custody-table">
            <caption>{t('custody.list.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('custody.list.colSealNumber')}</th>
                <th scope="col">{t('custody.list.colOwner')}</th>
                <th scope="col">{t('custody.list.colDepartment')}</th>
                {fleet ? <th scope="col">{t('custody.list.colKiosk')}</th> : null}
                <th scope="col">{t('custody.list.colState')}</th>
                <th scope="col">{t('custody.list.colChanged')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('custody.list.colAction')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.envelopes.map(({ envelope, owner, sealedAtKiosk }) => (
                <tr key={envelope.id} data-code={envelope.code}>
                  <th scope="row" className="table__number">
                    {envelope.sealNumber}
                  </th>
                  <td>{fullName(owner)}</td>
                  <td>{owner.department}</td>
                  {fleet ? <td>{sealedAtKiosk ?? t('custody.list.thisKiosk')}</td> : null}
                  <td className="custody__tags">
                    <StateTag tone={stateTones[envelope.state]}>{t(stateKeys[envelope.state])}</StateTag>
                    {labelMissing(envelope) ? <LabelMissingTag /> : null}
                  </td>
                  <td className="table__number">{formatDateTime(envelope.updatedAt)}</td>
                  <td>
                    <button type="button" className="button button--small" aria-label={t('custody.list.showLabel', { sealNumber: envelope.sealNumber })} onClick={() => onShow(envelope.code)}>
                      {t('custody.list.show')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
    </section>
  );
}
