import type { AppInfo } from '../../../shared/contract/app-calls';
import { isLocale } from '../../../shared/domain/locale';
import type { PartialHandlers } from '../contract/handler-table';
import type { KioskConfig } from '../config/schema';
import type { Clock } from '../ports/clock';
import type { AuditLog } from '../store/audit-log';
import type { Db } from '../store/open-database';
import { SettingsRepository } from '../store/settings-repository';

export interface AppHandlerDeps {
  config: KioskConfig;
  dataDir: string;
  logFile: string;
  version: string;
  audit: AuditLog;
  db: Db;
  clock: Clock;
}

const LOCALE_SETTING = 'locale';

export function createAppHandlers(deps: AppHandlerDeps): PartialHandlers<'app.info' | 'audit.verify' | 'app.setLocale'> {
  const settings = new SettingsRepository(deps.db);

  const info = (): AppInfo => {
    // A value this version does not know (written by a newer kiosk) falls back to the config.
    const stored = settings.get(LOCALE_SETTING);
    return {
      version: deps.version,
      mode: deps.config.mode,
      training: deps.config.mode === 'training',
      idp: { kind: deps.config.idp.kind, label: deps.config.idp.kind === 'training' ? 'Training IdP (built in)' : deps.config.idp.kind },
      dataDir: deps.dataDir,
      logFile: deps.logFile,
      attendeeIdleSeconds: deps.config.security.attendeeIdleSeconds,
      locale: isLocale(stored) ? stored : deps.config.locale,
    };
  };

  return {
    'app.info': info,
    'audit.verify': () => deps.audit.verify(),
    'app.setLocale': ({ locale }) => {
      settings.set(LOCALE_SETTING, locale, deps.clock.now().toISOString());
      return info();
    },
  };
}
