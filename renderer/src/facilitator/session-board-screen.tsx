import { useEffect, useState } from 'react';
import type { NewCodesSheet } from '../../../shared/contract/recovery-codes-calls';
import type { BoardRow, Session, SessionReport } from '../../../shared/domain/session';
import { ErrorNotice } from '../app/error-notice';
import { ScreenHeading } from '../app/screen-heading';
import { useI18n } from '../i18n/i18n-context';
import { useAction, useCall } from '../kiosk/use-call';
import { useEvent } from '../kiosk/use-event';
import { AttendeeNewCodes } from './attendee-new-codes';
import { BoardGrid } from './board-grid';
import { DoubleClaimsNotice } from './double-claims-notice';
import { SessionClock } from './session-clock';
import { StationSharePanel } from './station-share-panel';
import { useTickingNow } from './use-ticking-now';

/** The pace comes from the core; re-asking now and then keeps it honest between events. */
const paceRefreshMs = 30_000;
/** Other stations' progress comes through the fleet, not as this kiosk's events: a shared board asks more often. */
const sharedRefreshMs = 5_000;

interface BoardScreenProps {
  session: Session;
  onOpenRoster(): void;
  onOpenBadgeCheck(): void;
  onEnded(report: SessionReport): void;
}

export function SessionBoardScreen({ session, onOpenRoster, onOpenBadgeCheck, onEnded }: BoardScreenProps) {
  const { t } = useI18n();
  const board = useCall('board.get', { sessionId: session.id });
  const end = useAction('session.end');
  const [confirmingEnd, setConfirmingEnd] = useState(false);
  const [newCodesFor, setNewCodesFor] = useState<BoardRow | null>(null);
  const [newCodesOutcome, setNewCodesOutcome] = useState<NewCodesSheet | null>(null);
  const now = useTickingNow(1000);
  const { reload } = board;

  const sharedBoard = Boolean(board.data?.shared?.joinCode);
  useEffect(() => {
    const timer = setInterval(reload, sharedBoard ? sharedRefreshMs : paceRefreshMs);
    return () => clearInterval(timer);
  }, [reload, sharedBoard]);

  useEvent('board.changed', (payload) => {
    if (payload.sessionId === session.id) reload();
  });

  async function endSession() {
    const report = await end.run({ sessionId: session.id });
    if (report) onEnded(report);
  }

  const data = board.data;
  return (
    <section className="screen screen--wide screen--fill" aria-labelledby="board-title">
      <div className="board-head">
        <div className="board-head__title">
          <ScreenHeading id="board-title">{t('board.title')}</ScreenHeading>
          <p className="screen__intro">
            {t('board.subtitle', { department: session.department, room: session.room, facilitator: session.facilitator })}
          </p>
        </div>
        {data ? <SessionClock clock={data.clock} msSinceReceived={now - board.receivedAt} /> : null}
        <div className="actions">
          <button type="button" className="button button--primary" onClick={onOpenBadgeCheck}>
            {t('board.startBadgeCheck')}
          </button>
          <button type="button" className="button" onClick={() => setConfirmingEnd(true)} aria-expanded={confirmingEnd}>
            {t('board.end')}
          </button>
        </div>
      </div>

      {confirmingEnd ? (
        <div className="panel panel--confirm" role="group" aria-labelledby="end-title">
          <h2 id="end-title" className="panel__title">
            {t('board.endConfirmTitle')}
          </h2>
          <p>{t('board.endConfirmText')}</p>
          <div className="actions">
            <button type="button" className="button button--primary" onClick={() => void endSession()} disabled={end.pending}>
              {end.pending ? t('common.working') : t('board.endConfirm')}
            </button>
            <button type="button" className="button" onClick={() => setConfirmingEnd(false)}>
              {t('board.endKeep')}
            </button>
          </div>
          <ErrorNotice error={end.error} />
        </div>
      ) : null}

      {data?.shared ? <StationSharePanel session={session} shared={data.shared} onShared={reload} /> : null}
      {data ? <DoubleClaimsNotice rows={data.rows} /> : null}
      <ErrorNotice error={board.error} />
      {data && data.rows.length === 0 ? (
        <div className="panel">
          <p>{t('board.empty')}</p>
          <button type="button" className="button button--primary" onClick={onOpenRoster}>
            {t('board.openRoster')}
          </button>
        </div>
      ) : null}
      {newCodesFor ? (
        <AttendeeNewCodes
          key={newCodesFor.attendee.id}
          sessionId={session.id}
          row={newCodesFor}
          onDone={(sheet) => {
            setNewCodesFor(null);
            setNewCodesOutcome(sheet);
          }}
        />
      ) : null}
      {newCodesOutcome ? (
        <p className="notice notice--success" role="status" data-testid="new-codes-outcome">
          {t(newCodesOutcome.status === 'confirmed' ? 'newCodes.confirmed' : 'newCodes.cancelled', { name: newCodesOutcome.displayName })}
        </p>
      ) : null}
      {data && data.rows.length > 0 ? (
        <BoardGrid
          rows={data.rows}
          onNewCodes={(row) => {
            setNewCodesOutcome(null);
            setNewCodesFor(row);
          }}
        />
      ) : null}
    </section>
  );
}
