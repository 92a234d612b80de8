import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RosterRow } from '../../../shared/domain/session';
import type { IdpConfig } from '../config/schema';
import type { Clock } from '../ports/clock';
import type { SecretStore } from '../ports/secret-store';
import { parseRoster } from '../session/roster/parse-roster';
import { AuthentikConnector } from './authentik/authentik-connector';
import { EntraConnector } from './entra/entra-connector';
import type { IdpRequestDone } from './http/idp-http-client';
import type { IdpConnector } from './idp-connector';
import { KeycloakConnector } from './keycloak/keycloak-connector';
import { TrainingIdp } from './training/training-idp';

export interface IdpPorts {
  secrets: SecretStore;
  clock: Clock;
  /** resources/training/roster.csv: the training IdP's directory. */
  trainingRosterPath?: string;
  /** resources/training/enroll-page: the training IdP's passkey page. */
  trainingEnrollPageDir?: string;
  /** People of rosters imported in training, for the training IdP's directory. */
  trainingDirectory?: (badgeId: string) => RosterRow | null;
  /** Each HTTP request to the IdP, for the log. */
  onRequestDone?: (request: IdpRequestDone) => void;
}

/** The one place that turns the IdP settings into a connector. */
export function createIdpConnector(config: IdpConfig, ports: IdpPorts): IdpConnector {
  switch (config.kind) {
    case 'training':
      return new TrainingIdp(readTrainingRoster(ports.trainingRosterPath), ports.clock, {
        enrollPageDir: ports.trainingEnrollPageDir ?? resolve('resources', 'training', 'enroll-page'),
        linkLifetimeMs: config.linkLifetimeSeconds * 1000,
        directory: ports.trainingDirectory,
      });
    case 'entra':
      return new EntraConnector(config, ports);
    case 'keycloak':
      return new KeycloakConnector(config, ports);
    case 'authentik':
      return new AuthentikConnector(config, ports);
  }
}

function readTrainingRoster(path: string | undefined) {
  if (!path || !existsSync(path)) return [];
  return parseRoster(readFileSync(path), { defaultDepartment: 'Training' }).accepted;
}
