import type { KioskError } from '../../../shared/contract/errors';
import { I18nProvider, useI18n } from '../i18n/i18n-context';
import type { Locale } from '../i18n/languages';
import { ErrorNotice } from './error-notice';

function Problem({ error }: { error: KioskError | null }) {
  const { t } = useI18n();
  return (
    <main id="main" className="main">
      <section className="screen screen--narrow" aria-labelledby="startup-title">
        <h1 id="startup-title" className="screen__title">
          {t('app.name')}
        </h1>
        {error ? (
          <ErrorNotice error={error} />
        ) : (
          <p className="notice notice--error" role="alert">
            {t('app.bridgeMissing')}
          </p>
        )}
      </section>
    </main>
  );
}

/** What shows when the kiosk cannot even start: no bridge, or the first calls failed. */
export function StartupProblem({ locale, error }: { locale: Locale; error: KioskError | null }) {
  return (
    <I18nProvider initialLocale={locale}>
      <Problem error={error} />
    </I18nProvider>
  );
}
