import { useI18n } from '../i18n/i18n-context';
import { locales } from '../i18n/translate';

/** Two buttons, each named in its own language so anyone can find theirs. */
export function LanguageSwitch() {
  const { t, locale, setLocale } = useI18n();
  return (
    <div className="language-switch" role="group" aria-label={t('language.label')}>
      {locales.map((option) => (
        <button
          key={option}
          type="button"
          lang={option}
          className="button button--small"
          aria-pressed={locale === option}
          onClick={() => setLocale(option)}
        >
          {t(option === 'en' ? 'language.en' : 'language.de')}
        </button>
      ))}
    </div>
  );
}
