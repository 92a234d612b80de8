import { useAccess } from '../access/access-context';
import { useId, useState, type FormEvent } from 'react';
import { sessionCalls } from '../../../shared/contract/session-calls';
import { NOTE_MAX } from '../../../shared/domain/limits';
import type { Attendee, SecondSignal } from '../../../shared/domain/session';
import { checkInput } from '../app/contract-input';
import { ErrorNotice } from '../app/error-notice';
import { TextAreaField } from '../app/text-area-field';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n-context';
import { useAction } from '../kiosk/use-call';
import { SecondSignalField } from './second-signal-field';

interface Problems {
  face?: MessageKey;
  signal?: MessageKey;
  note?: MessageKey;
}

interface PanelProps {
  sessionId: string;
  attendee: Attendee;
  onConfirmed(attendee: Attendee): void;
  onRejected(attendee: Attendee): void;
}

/**
 * The facilitator's decision: the face was compared AND a second signal was checked, or the
 * check-in is rejected with a reason. The rules are the contract's (identity.confirm and
 * identity.reject), checked here with the same schemas the core parses with; this form explains
 * them. One decision's form at a time, so either fits beside the attendee on the kiosk's display.
 */
export function IdentityConfirmationPanel({ sessionId, attendee, onConfirmed, onRejected }: PanelProps) {
  const { t } = useI18n();
  const ids = useId();
  const { state: access, requestUnlock } = useAccess();
  const confirm = useAction('identity.confirm');
  const reject = useAction('identity.reject');
  const [face, setFace] = useState(false);
  const [signal, setSignal] = useState<SecondSignal | null>(null);
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const [reasonProblem, setReasonProblem] = useState(false);
  // Rejecting is the other decision: while its form is open, the confirmation's form steps aside.
  const [rejecting, setRejecting] = useState(false);

  async function submitConfirm(event: FormEvent) {
    event.preventDefault();
    const checked = checkInput(sessionCalls['identity.confirm'].input, {
      sessionId,
      attendeeId: attendee.id,
      faceConfirmed: face,
      secondSignal: signal ?? undefined,
      ...(note.trim() ? { note } : {}),
    });
    if (!checked.ok) {
      const { faceConfirmed, secondSignal, note: noteIssue } = checked.fields;
      setProblems({
        ...(faceConfirmed ? { face: 'identity.faceRequired' } : {}),
        ...(secondSignal ? { signal: 'identity.signalRequired' } : {}),
        ...(noteIssue ? { note: 'identity.noteRequired' } : {}),
      });
      return;
    }
    setProblems({});
    const confirmed = await confirm.run(checked.input);
    if (confirmed) onConfirmed(confirmed);
  }

  async function submitReject(event: FormEvent) {
    event.preventDefault();
    const checked = checkInput(sessionCalls['identity.reject'].input, { sessionId, attendeeId: attendee.id, reason });
    setReasonProblem(!checked.ok);
    if (!checked.ok) return;
    const rejected = await reject.run(checked.input);
    if (rejected) onRejected(rejected);
  }

  return (
    <section className="panel panel--facilitator" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`} className="panel__title">
        {t('identity.title')}
      </h2>
      {access.locked ? (
        <div className="notice">
          <p>{t('identity.lockedHint')}</p>
          <button type="button" className="button button--primary" onClick={requestUnlock}>
            {t('access.unlock.open')}
          </button>
        </div>
      ) : null}
      {rejecting ? null : (
        <form className="form" onSubmit={submitConfirm} noValidate>
          <div className={problems.face ? 'field field--invalid' : 'field'}>
            {problems.face ? (
              <p className="field__problem" id={`${ids}-face-problem`}>
                {t(problems.face)}
              </p>
            ) : null}
            <label className="check">
              <input
                type="checkbox"
                checked={face}
                onChange={(event) => setFace(event.target.checked)}
                aria-invalid={problems.face ? true : undefined}
                aria-describedby={problems.face ? `${ids}-face-problem` : undefined}
              />
              <span>{t('identity.face')}</span>
            </label>
          </div>

          <SecondSignalField value={signal} onChange={setSignal} problem={problems.signal ? t(problems.signal) : undefined} />

          <div className={problems.note ? 'field identity__note field--invalid' : 'field identity__note'}>
            <label className="field__label" htmlFor={`${ids}-note`}>
              {t('identity.note')}
            </label>
            <p className="field__hint" id={`${ids}-note-hint`}>
              {t('identity.noteHint')}
            </p>
            {problems.note ? (
              <p className="field__problem" id={`${ids}-note-problem`}>
                {t(problems.note)}
              </p>
            ) : null}
            <textarea
              id={`${ids}-note`}
              className="field__input"
              rows={2}
              maxLength={NOTE_MAX}
              value={note}
              required={signal === 'other'}
              aria-invalid={problems.note ? true : undefined}
              aria-describedby={[problems.note ? `${ids}-note-problem` : '', `${ids}-note-hint`].filter(Boolean).join(' ')}
              onChange={(event) => setNote(event.target.value)}
            />
          </div>
          <ErrorNotice error={confirm.error} />
          <div className="actions">
            <button type="submit" className="button button--primary" disabled={confirm.pending}>
              {confirm.pending ? t('common.working') : t('identity.confirm')}
            </button>
          </div>
        </form>
      )}

      <details className="disclosure disclosure--reject" onToggle={(event) => setRejecting(event.currentTarget.open)}>
        <summary>{t('identity.rejectTitle')}</summary>
        <form className="form" onSubmit={submitReject} noValidate>
          <TextAreaField
            label={t('identity.rejectReason')}
            problem={reasonProblem ? t('identity.rejectReasonRequired') : undefined}
            maxLength={NOTE_MAX}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
          <ErrorNotice error={reject.error} />
          <button type="submit" className="button button--danger" disabled={reject.pending}>
            {reject.pending ? t('common.working') : t('identity.reject')}
          </button>
        </form>
      </details>
    </section>
  );
}
