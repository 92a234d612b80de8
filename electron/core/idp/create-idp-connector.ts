import { resolve } from 'node:path';
import type { RosterRow } from '../../../shared/domain/session';
import type { Clock } from '../ports/clock';
import type { SecretStore } from '../ports/secret-store';
import type { Db } from '../store/open-database';
import { AuthentikConnector } from './authentik/authentik-connector';
import { EntraConnector } from './entra/entra-connector';
import type { IdpRequestDone } from './http/idp-http-client';
import type { IdpConfig } from './idp-config-schema';
import type { IdpConnector } from './idp-connector';
import { KeycloakConnector } from './keycloak/keycloak-connector';
import { TrainingIdp } from './training/training-idp';
import { TrainingIdpStore } from './training/training-idp-store';

export interface IdpPorts {
  secrets: SecretStore;
  clock: Clock;
  /** The training IdP's directory: the people of the built-in training roster. */
  trainingRoster?: readonly RosterRow[];
  /** resources/training/enroll-page: the training IdP's passkey page. */
  trainingEnrollPageDir?: string;
  /** People of rosters imported in training, for the training IdP's directory. */
  trainingDirectory?: (badgeId: string) => RosterRow | null;
  /** The kiosk's database, where the training IdP keeps what it holds across restarts. */
  trainingDb?: Db;
  /** Each HTTP request to the IdP, for the log. */
  onRequestDone?: (request: IdpRequestDone) => void;
}

/** The one place that turns the IdP settings into a connector. */
export function createIdpConnector(config: IdpConfig, ports: IdpPorts): IdpConnector {
  switch (config.kind) {
    case 'training':
      if (!ports.trainingDb) throw new Error('The training IdP keeps its records in the kiosk database: pass trainingDb.');
      return new TrainingIdp(ports.trainingRoster ?? [], ports.clock, {
        enrollPageDir: ports.trainingEnrollPageDir ?? resolve('resources', 'training', 'enroll-page'),
        linkLifetimeMs: config.linkLifetimeSeconds * 1000,
        directory: ports.trainingDirectory,
        store: new TrainingIdpStore(ports.trainingDb),
      });
    case 'entra':
      return new EntraConnector(config, ports);
    case 'keycloak':
      return new KeycloakConnector(config, ports);
    case 'authentik':
      return new AuthentikConnector(config, ports);
  }
}
