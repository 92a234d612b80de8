import { useI18n } from '../i18n/i18n-context';
import { locales, type Locale } from '../i18n/languages';
import { useAction } from '../kiosk/use-call';

/**
 * Two buttons, each named in its own language so anyone can find theirs. The choice applies at
 * once and is stored by the kiosk, so it is still there after a restart.
 */
export function LanguageSwitch() {
  const { t, locale, setLocale } = useI18n();
  const persist = useAction('app.setLocale');

  function choose(option: Locale) {
    setLocale(option);
    void persist.run({ locale: option });
  }

  return (
    <div className="language-switch" role="group" aria-label={t('language.label')}>
      {locales.map((option) => (
        <button
          key={option}
          type="button"
          lang={option}
          className="button button--small"
          aria-pressed={locale === option}
          onClick={() => choose(option)}
        >
          {t(option === 'en' ? 'language.en' : 'language.de')}
        </button>
      ))}
      {persist.error ? (
        <p className="language-switch__problem" role="alert">
          {t('language.notSaved')}
        </p>
      ) : null}
    </div>
  );
}
