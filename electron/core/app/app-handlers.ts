import type { AppInfo } from '../../../shared/contract/app-calls';
import { isLocale, type Locale } from '../../../shared/domain/locale';
import type { KioskMode } from '../../../shared/domain/mode';
import type { PartialHandlers } from '../contract/handler-table';
import type { IdpConnector } from '../idp/idp-connector';
import type { Clock } from '../ports/clock';
import type { AuditLog } from '../store/audit-log';
import type { Db } from '../store/open-database';
import { SettingsRepository } from '../store/settings-repository';

export interface AppHandlerDeps {
  mode: KioskMode;
  /** The config's language, until one is chosen at the kiosk. */
  locale: Locale;
  attendeeIdleSeconds: number;
  /** The connector says what it is called. */
  idp: Pick<IdpConnector, 'kind' | 'label'>;
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
      mode: deps.mode,
      training: deps.mode === 'training',
      idp: { kind: deps.idp.kind, label: deps.idp.label },
      dataDir: deps.dataDir,
      logFile: deps.logFile,
      attendeeIdleSeconds: deps.attendeeIdleSeconds,
      locale: isLocale(stored) ? stored : deps.locale,
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
