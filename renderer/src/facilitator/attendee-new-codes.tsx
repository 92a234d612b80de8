import type { NewCodesSheet } from '../../../shared/contract/recovery-codes-calls';
import type { BoardRow } from '../../../shared/domain/session';
import { fullName } from '../app/full-name';
import { useAction } from '../kiosk/use-call';
import { NewCodesFlow } from '../recovery/new-codes-flow';

/** New recovery codes for an attendee of this session whose journey is done (from their board row). */
export function AttendeeNewCodes({ sessionId, row, onDone }: { sessionId: string; row: BoardRow; onDone(sheet: NewCodesSheet | null): void }) {
  const start = useAction('recovery.newCodes');
  return (
    <NewCodesFlow
      displayName={fullName(row.attendee)}
      testId="board-new-codes"
      onDone={onDone}
      start={{ ...start, run: (locale) => start.run({ sessionId, attendeeId: row.attendee.id, locale }) }}
    />
  );
}
