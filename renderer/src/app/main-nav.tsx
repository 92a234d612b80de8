import type { CallName } from '../../../shared/contract/calls';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n-context';

export type SessionView = 'roster' | 'board' | 'badge';
/** Where the header can take you: a view of the open session, the start screen, IT's envelopes, the helpdesk's recovery, the fleet report, or the kiosk status. */
export type NavTarget = SessionView | 'start' | 'envelopes' | 'helpdesk' | 'fleetReport' | 'status';

const targetKeys: Record<NavTarget, MessageKey> = {
  roster: 'nav.roster',
  board: 'nav.board',
  badge: 'nav.badge',
  start: 'nav.start',
  envelopes: 'nav.envelopes',
  helpdesk: 'nav.helpdesk',
  fleetReport: 'nav.fleetReport',
  status: 'nav.status',
};

/** The call each screen is built on: a target shows only where the unlocked key's roles may make it. */
const targetCalls: Record<NavTarget, CallName> = {
  roster: 'roster.import',
  board: 'board.get',
  badge: 'identity.confirm',
  start: 'session.start',
  envelopes: 'custody.list',
  helpdesk: 'recovery.start',
  fleetReport: 'fleet.report',
  status: 'outbox.summary',
};

/** With a session open: its three views; without: starting one. IT's envelopes, the helpdesk, the fleet report and the status always; each where `may` lets it. */
export function navTargets(sessionOpen: boolean, may: (call: CallName) => boolean): NavTarget[] {
  const all: NavTarget[] = sessionOpen ? ['roster', 'board', 'badge', 'envelopes', 'helpdesk', 'fleetReport', 'status'] : ['start', 'envelopes', 'helpdesk', 'fleetReport', 'status'];
  return all.filter((target) => may(targetCalls[target]));
}

/** The entries beyond the session (envelopes, helpdesk, fleet report, status) sit apart from the session's, from the first of them on. */
const itGroup: readonly NavTarget[] = ['envelopes', 'helpdesk', 'fleetReport', 'status'];

export function MainNav({ targets, current, onNavigate }: { targets: NavTarget[]; current: NavTarget | null; onNavigate(target: NavTarget): void }) {
  const { t } = useI18n();
  const itGroupStart = targets.find((target) => itGroup.includes(target));
  return (
    <nav className="main-nav" aria-label={t('nav.label')}>
      <ul className="main-nav__list">
        {targets.map((target) => (
          <li key={target} className={target === itGroupStart ? 'main-nav__entry main-nav__entry--apart' : 'main-nav__entry'}>
            <button
              type="button"
              className="main-nav__item"
              aria-current={current === target ? 'page' : undefined}
              onClick={() => onNavigate(target)}
            >
              {t(targetKeys[target])}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
