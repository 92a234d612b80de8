import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n-context';

export const sessionViews = ['roster', 'board', 'badge'] as const;
export type SessionView = (typeof sessionViews)[number];

const viewKeys: Record<SessionView, MessageKey> = { roster: 'nav.roster', board: 'nav.board', badge: 'nav.badge' };

export function SessionNav({ view, onNavigate }: { view: SessionView; onNavigate(view: SessionView): void }) {
  const { t } = useI18n();
  return (
    <nav className="session-nav" aria-label={t('nav.label')}>
      <ul className="session-nav__list">
        {sessionViews.map((option) => (
          <li key={option}>
            <button
              type="button"
              className="session-nav__item"
              aria-current={view === option ? 'page' : undefined}
              onClick={() => onNavigate(option)}
            >
              {t(viewKeys[option])}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
