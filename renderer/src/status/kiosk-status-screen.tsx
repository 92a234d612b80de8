import { useMemo, useState, type ReactNode } from 'react';
import { FacilitatorKeysSection } from '../access/facilitator-keys-section';
import { KeyStockSection } from '../custody/key-stock-section';
import { ScreenHeading } from '../app/screen-heading';
import { useTickingNow } from '../facilitator/use-ticking-now';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n-context';
import { AuditLogSection } from './audit-log-section';
import { FleetSection } from './fleet-section';
import { IdentityProviderSection } from './identity-provider-section';
import { KioskLogSection } from './kiosk-log-section';
import { PrintersSection } from './printers-section';
import { SecurityKeysSection } from './security-keys-section';
import { StatusTabs } from './status-tabs';
import { SyncQueueSection } from './sync-queue-section';
import type { ReportAttention } from './use-report-attention';

/** "3 minutes ago" stays true while the screen is open. */
const agesRefreshMs = 15_000;

const sections = ['keys', 'stock', 'idp', 'printers', 'sync', 'fleet', 'audit', 'log', 'access'] as const;
/** Sections whose attention marks their tab but never opens it by itself: a low stock is for before a session, not an emergency. */
type SectionId = (typeof sections)[number];
const markOnly: ReadonlySet<SectionId> = new Set<SectionId>(['stock']);

const titleKeys: Record<SectionId, MessageKey> = {
  keys: 'kioskStatus.keys.title',
  stock: 'kioskStatus.stock.title',
  idp: 'kioskStatus.idp.title',
  printers: 'kioskStatus.printers.title',
  sync: 'kioskStatus.sync.title',
  fleet: 'kioskStatus.fleet.title',
  audit: 'kioskStatus.audit.title',
  log: 'kioskStatus.log.title',
  access: 'access.keys.title',
};

/**
 * For IT and facilitators: keys, their stock, IdP, printers, sync queue, fleet, audit log, kiosk log and facilitator
 * keys as tabs, one section open at a time, each kept live by events. Until someone chooses a
 * tab, the first section to need attention opens by itself, and stays open once it has.
 */
export function KioskStatusScreen() {
  const { t } = useI18n();
  const now = useTickingNow(agesRefreshMs);
  // A retry or discard is audited without an outbox event of its own; the audit check follows it.
  const [operatorActions, setOperatorActions] = useState(0);
  const [chosen, setChosen] = useState<SectionId | null>(null);
  const [attention, setAttention] = useState<Partial<Record<SectionId, boolean>>>({});
  const reporters = useMemo(
    () =>
      Object.fromEntries(
        sections.map((id) => [
          id,
          (needs: boolean) => {
            setAttention((old) => (old[id] === needs ? old : { ...old, [id]: needs }));
            if (needs && !markOnly.has(id)) setChosen((old) => old ?? id);
          },
        ]),
      ) as Record<SectionId, ReportAttention>,
    [],
  );

  const panels: Record<SectionId, ReactNode> = {
    keys: <SecurityKeysSection onAttention={reporters.keys} />,
    stock: <KeyStockSection onAttention={reporters.stock} />,
    idp: <IdentityProviderSection now={now} onAttention={reporters.idp} />,
    printers: <PrintersSection onAttention={reporters.printers} />,
    sync: <SyncQueueSection now={now} onOperatorAction={() => setOperatorActions((n) => n + 1)} onAttention={reporters.sync} />,
    fleet: <FleetSection now={now} onAttention={reporters.fleet} />,
    audit: <AuditLogSection operatorActions={operatorActions} onAttention={reporters.audit} />,
    log: <KioskLogSection />,
    access: <FacilitatorKeysSection />,
  };
  const selected = chosen ?? sections[0];

  return (
    <section className="screen screen--wide screen--fill" aria-labelledby="status-title">
      <ScreenHeading id="status-title">{t('kioskStatus.title')}</ScreenHeading>
      <StatusTabs<SectionId>
        label={t('kioskStatus.tabsLabel')}
        intro={t('kioskStatus.intro')}
        tabs={sections.map((id) => ({ id, title: t(titleKeys[id]), attention: attention[id] === true, panel: panels[id] }))}
        selected={selected}
        onSelect={setChosen}
      />
    </section>
  );
}
