import type { KioskConfigInput } from '../../../electron/core/config/schema';
import type { SecretStore } from '../../../electron/core/ports/secret-store';
import type { FleetKiosk } from '../../fixtures/fleet-database';
import { sessionCore } from './session-core';

/** The secrets a kiosk's store holds, in memory: the fleet's passwords by their refs. */
export function secretsOf(values: Record<string, string>): SecretStore {
  const map = new Map(Object.entries(values));
  return {
    get: async (name) => map.get(name) ?? null,
    set: async (name, value) => void map.set(name, value),
    delete: async (name) => void map.delete(name),
  };
}

/** A training kiosk of the fleet: the whole core with its `fleet` section, its sink polling quickly. */
export function fleetKioskCore(kiosk: FleetKiosk, config: Partial<KioskConfigInput> = {}, options: Parameters<typeof sessionCore>[2] = {}) {
  return sessionCore({ ...config, fleet: kiosk.config }, { secrets: secretsOf(kiosk.secrets) }, { ...options, fleetSink: { pollMs: 20 } });
}
