import type { PartialHandlers } from '../contract/handler-table';
import type { AuditLog } from '../store/audit-log';
import type { KioskConfig } from '../config/schema';

export interface AppHandlerDeps {
  config: KioskConfig;
  dataDir: string;
  version: string;
  audit: AuditLog;
}

export function createAppHandlers(deps: AppHandlerDeps): PartialHandlers<'app.info' | 'audit.verify'> {
  return {
    'app.info': () => ({
      version: deps.version,
      training: deps.config.idp.kind === 'training',
      idp: { kind: deps.config.idp.kind, label: deps.config.idp.kind === 'training' ? 'Training IdP (built in)' : deps.config.idp.kind },
      dataDir: deps.dataDir,
      locale: deps.config.locale,
    }),
    'audit.verify': () => deps.audit.verify(),
  };
}
