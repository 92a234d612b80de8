import { useState } from 'react';
import { ScreenHeading } from '../app/screen-heading';
import { useTickingNow } from '../facilitator/use-ticking-now';
import { useI18n } from '../i18n/i18n-context';
import { FacilitatorKeysSection } from '../access/facilitator-keys-section';
import { AuditLogSection } from './audit-log-section';
import { IdentityProviderSection } from './identity-provider-section';
import { KioskLogSection } from './kiosk-log-section';
import { PrintersSection } from './printers-section';
import { SecurityKeysSection } from './security-keys-section';
import { SyncQueueSection } from './sync-queue-section';

/** "3 minutes ago" stays true while the screen is open. */
const agesRefreshMs = 15_000;

/** For IT and facilitators: keys, IdP, printers, sync queue and audit log on one calm page, kept live by events. */
export function KioskStatusScreen() {
  const { t } = useI18n();
  const now = useTickingNow(agesRefreshMs);
  // A retry or discard is audited without an outbox event of its own; the audit check follows it.
  const [operatorActions, setOperatorActions] = useState(0);
  return (
    <section className="screen" aria-labelledby="status-title">
      <ScreenHeading id="status-title">{t('kioskStatus.title')}</ScreenHeading>
      <p className="screen__intro">{t('kioskStatus.intro')}</p>
      <div className="status-grid">
        <SecurityKeysSection />
        <IdentityProviderSection now={now} />
        <PrintersSection />
        <SyncQueueSection now={now} onOperatorAction={() => setOperatorActions((n) => n + 1)} />
        <AuditLogSection operatorActions={operatorActions} />
        <KioskLogSection />
        <FacilitatorKeysSection />
      </div>
    </section>
  );
}
