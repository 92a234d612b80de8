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

/**
 * One compact bar (the kiosk's name, training, who is unlocked, language), and under it the
 * navigation while a facilitator has the kiosk. On an attendee's screen the bar is all the
 * chrome there is, so the step gets the display.
 */
export function AppHeader({ training, targets, current, onNavigate }: AppHeaderProps) {
  const { t } = useI18n();
  return (
    <header className="app-header">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <div className="app-header__bar">
        <p className="app-header__name">{t('app.name')}</p>
        {training ? <TrainingBanner /> : null}
        <AccessControls />
        <LanguageSwitch />
      </div>
      {targets.length > 0 ? <MainNav targets={targets} current={current} onNavigate={onNavigate} /> : null}
    </header>
  );
}
