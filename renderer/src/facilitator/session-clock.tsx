import type { Clock } from '../../../shared/domain/session';
import { useI18n } from '../i18n/i18n-context';
import { advanceClock, formatDuration, paceMessage } from './clock-format';

/** Elapsed, remaining (or overtime) and pace, e.g. "8 of 12 done · 4 min behind". */
export function SessionClock({ clock, msSinceReceived }: { clock: Clock; msSinceReceived: number }) {
  const { t } = useI18n();
  const live = advanceClock(clock, msSinceReceived);
  const overtime = live.remainingSeconds < 0;
  const pace = paceMessage(clock.behindMinutes);
  const paceClass = clock.behindMinutes > 0 ? 'clock__value clock__value--behind' : 'clock__value';
  return (
    <section className="clock" aria-labelledby="clock-title">
      <h2 id="clock-title" className="visually-hidden">
        {t('board.clockTitle')}
      </h2>
      <dl className="clock__grid">
        <div className="clock__item">
          <dt>{t('board.elapsed')}</dt>
          <dd className="clock__value" data-testid="clock-elapsed">
            {formatDuration(live.elapsedSeconds)}
          </dd>
        </div>
        <div className="clock__item">
          <dt>{overtime ? t('board.overtime') : t('board.remaining')}</dt>
          <dd className={overtime ? 'clock__value clock__value--behind' : 'clock__value'} data-testid="clock-remaining">
            {formatDuration(Math.abs(live.remainingSeconds))}
          </dd>
        </div>
        <div className="clock__item">
          <dt>{t('board.pace')}</dt>
          <dd className={paceClass} data-testid="clock-pace">
            {t('board.paceLine', { done: clock.done, total: clock.total, pace: t(pace.key, { minutes: pace.minutes }) })}
          </dd>
        </div>
      </dl>
    </section>
  );
}
