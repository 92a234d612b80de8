import { createContext, useContext, type ReactNode } from 'react';
import type { KioskClient } from '../../../shared/contract/client';

const KioskContext = createContext<KioskClient | null>(null);

/** The one typed client of the app, created once from `window.kiosk` in main.tsx. */
export function KioskProvider({ client, children }: { client: KioskClient; children: ReactNode }) {
  return <KioskContext.Provider value={client}>{children}</KioskContext.Provider>;
}

export function useKiosk(): KioskClient {
  const client = useContext(KioskContext);
  if (!client) throw new Error('useKiosk must be used inside KioskProvider');
  return client;
}
