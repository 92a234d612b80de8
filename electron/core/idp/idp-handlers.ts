import type { PartialHandlers } from '../contract/handler-table';
import type { Clock } from '../ports/clock';
import type { IdpConnector } from './idp-connector';
import { IdpError } from './idp-error';
import type { IdpStatusTracker } from './idp-status';

export interface IdpHandlerDeps {
  connector: IdpConnector;
  status: IdpStatusTracker;
  clock: Clock;
}

export function createIdpHandlers(deps: IdpHandlerDeps): PartialHandlers<'idp.status'> {
  return {
    'idp.status': async () => {
      const { connector } = deps;
      const health = await connector.health();
      if (!health.ok) deps.status.record(new IdpError('transient', health.says));
      return {
        kind: connector.kind,
        label: connector.label,
        training: connector.training,
        capabilities: connector.capabilities,
        recoveryCodesNote: connector.recoveryCodes.mode === 'unsupported' ? connector.recoveryCodes.reason : null,
        health: { ...health, checkedAt: deps.clock.now().toISOString() },
        lastError: deps.status.lastError,
        lastSuccessAt: deps.status.lastSuccessAt,
      };
    },
  };
}
