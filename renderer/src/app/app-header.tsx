import { AccessControls } from '../access/access-controls';
import { useI18n } from '../i18n/i18n-context';
import { LanguageSwitch } from './language-switch';
import { MainNav, type NavTarget } from './main-nav';
import { TrainingBanner } from './training-banner';

interface AppHeaderProps {
  training: boolean;
  targets: NavTarget[];
  current: NavTarget | null;
  onNavigate(target: NavTarget): void;
}

export function AppHeader({ training, targets, current, onNavigate }: AppHeaderProps) {
  const { t } = useI18n();
  return (
    <header className="app-header">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      {training ? <TrainingBanner /> : null}
      <div className="app-header__bar">
        <p className="app-header__name">{t('app.name')}</p>
        {targets.length > 0 ? <MainNav targets={targets} current={current} onNavigate={onNavigate} /> : null}
        <AccessControls />
        <LanguageSwitch />
      </div>
    </header>
  );
}
