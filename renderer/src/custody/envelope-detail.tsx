import { useEffect, useRef } from 'react';
import { labelMissing } from '../../../shared/domain/custody';
import { fullName } from '../app/full-name';
import { useI18n } from '../i18n/i18n-context';
import { StateTag, StatusFact } from '../status/status-fact';
import type { EnvelopeActionProps } from './envelope-action';
import { EnvelopeHistory } from './envelope-history';
import { EnvelopeLabel } from './envelope-label';
import { EnvelopeMoves } from './envelope-moves';
import { stateKeys, stateTones } from './envelope-state-names';
import { LabelMissingTag } from './label-missing-tag';

/**
 * One envelope: whose it is and where it is, what can happen next beside its label, and
 * everything that happened so far. Its heading takes the focus when it appears after a scan.
 */
export function EnvelopeDetail({ record, onChanged }: EnvelopeActionProps) {
  const { t, formatDateTime } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const { envelope, owner, session } = record;
  const missing = labelMissing(envelope);

  return (
    <section className="panel custody__envelope" aria-labelledby="custody-envelope-title" data-testid="custody-envelope">
      <div className="custody__envelope-head">
        <h2 id="custody-envelope-title" ref={heading} tabIndex={-1} className="custody__envelope-title">
          {t('custody.envelope.title', { sealNumber: envelope.sealNumber })}
        </h2>
        <p className="custody__state" data-testid="custody-state">
          <StateTag tone={stateTones[envelope.state]}>{t(stateKeys[envelope.state])}</StateTag>
          {missing ? <LabelMissingTag /> : null}
        </p>
      </div>
      <dl className="facts custody__facts">
        <StatusFact label={t('custody.fact.owner')} testId="custody-owner">
          {fullName(owner)}
          <span className="fact__detail">{owner.department}</span>
        </StatusFact>
        <StatusFact label={t('custody.fact.code')} testId="custody-code">
          <span className="custody__code">{envelope.code}</span>
        </StatusFact>
        <StatusFact label={t('custody.fact.keyModel')}>{envelope.keyModel ?? t('custody.fact.keyModelUnknown')}</StatusFact>
        <StatusFact label={t('custody.fact.fingerprint')}>
          <span className="custody__code">{envelope.fingerprint}</span>
        </StatusFact>
        <StatusFact label={t('custody.fact.sealed')}>
          {formatDateTime(envelope.createdAt)}
          <span className="fact__detail">{t('custody.fact.sealedBy', { facilitator: session.facilitator })}</span>
        </StatusFact>
        <StatusFact label={t('custody.fact.session')}>
          {session.department}
          <span className="fact__detail">{formatDateTime(session.startedAt)}</span>
        </StatusFact>
        {record.fleet?.sealedAtKiosk ? (
          <StatusFact label={t('custody.fact.kiosk')} testId="custody-kiosk">
            {record.fleet.sealedAtKiosk}
          </StatusFact>
        ) : null}
      </dl>
      {/* A missing label comes first: without it the envelope cannot be scanned anywhere. */}
      <div className="custody__work">
        {missing ? <EnvelopeLabel record={record} onChanged={onChanged} /> : null}
        <EnvelopeMoves record={record} onChanged={onChanged} />
        {missing ? null : <EnvelopeLabel record={record} onChanged={onChanged} />}
      </div>
      <EnvelopeHistory history={record.history} />
    </section>
  );
}
