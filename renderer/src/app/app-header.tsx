import { useI18n } from '../i18n/i18n-context';
import { LanguageSwitch } from './language-switch';
import { SessionNav, type SessionView } from './session-nav';
import { TrainingBanner } from './training-banner';

interface AppHeaderProps {
  training: boolean;
  view: SessionView | null;
  onNavigate: ((view: SessionView) => void) | null;
}

export function AppHeader({ training, view, onNavigate }: AppHeaderProps) {
  const { t } = useI18n();
  return (
    <header className="app-header">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      {training ? <TrainingBanner /> : null}
      <div className="app-header__bar">
        <p className="app-header__name">{t('app.name')}</p>
        {view && onNavigate ? <SessionNav view={view} onNavigate={onNavigate} /> : null}
        <LanguageSwitch />
      </div>
    </header>
  );
}
