import type { RecoveryActKind, RecoveryView } from '../../../shared/domain/recovery';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n-context';

const actKeys: Readonly<Record<RecoveryActKind, MessageKey>> = {
  started: 'helpdesk.act.started',
  identityChecked: 'helpdesk.act.identityChecked',
  revoked: 'helpdesk.act.revoked',
  envelopeHandedOut: 'helpdesk.act.envelopeHandedOut',
  passkeyLink: 'helpdesk.act.passkeyLink',
  passkeyFound: 'helpdesk.act.passkeyFound',
  resealed: 'helpdesk.act.resealed',
  keyReplaced: 'helpdesk.act.keyReplaced',
  completed: 'helpdesk.act.completed',
};

/** The recovery record: every act, who did it and when, with the id of what it made or moved. */
export function RecoveryActs({ view }: { view: RecoveryView }) {
  const { t, formatDateTime } = useI18n();
  return (
    <details className="disclosure helpdesk__acts">
      <summary>{t('helpdesk.acts.title', { count: view.acts.length })}</summary>
      <ol>
        {view.acts.map((act, i) => (
          <li key={i}>
            {t(actKeys[act.kind])} · {act.actor} · {formatDateTime(act.at)}
            {act.ref ? <span className="helpdesk__ref"> ({act.ref})</span> : null}
          </li>
        ))}
      </ol>
    </details>
  );
}
