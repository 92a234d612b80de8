import { useState, type FormEvent } from 'react';
import { NOTE_MAX } from '../../../shared/domain/limits';
import { ErrorNotice } from '../app/error-notice';
import { fullName } from '../app/full-name';
import { TextField } from '../app/text-field';
import { useI18n } from '../i18n/i18n-context';
import { useAction } from '../kiosk/use-call';
import type { EnvelopeActionProps } from './envelope-action';
import { isMoveTarget, moveKeys, stateKeys, type MoveTarget } from './envelope-state-names';
import { message } from '../../../shared/contract/messages';

/**
 * One button per next state the core allows (the renderer never decides the graph), with an
 * optional note; destroying opens its own small form because it needs a reason.
 */
export function EnvelopeMoves({ record, onChanged }: EnvelopeActionProps) {
  const { t, say } = useI18n();
  const move = useAction('custody.move');
  const [note, setNote] = useState('');
  const [destroying, setDestroying] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);
  const { envelope } = record;
  const targets = record.next.filter(isMoveTarget);
  const forward = targets.filter((to) => to !== 'destroyed');
  const name = fullName(record.owner);

  async function go(to: MoveTarget, why: string) {
    // The version shown: a move made meanwhile at another kiosk wins, and this one is told who made it.
    const moved = await move.run({ code: envelope.code, to, note: why || undefined, version: record.fleet?.version });
    if (!moved) return;
    setNote('');
    setDestroying(false);
    onChanged(moved, t('custody.move.done', { sealNumber: envelope.sealNumber, state: t(stateKeys[to]) }));
  }

  function destroy(event: FormEvent) {
    event.preventDefault();
    setReasonMissing(!reason.trim());
    if (reason.trim()) void go('destroyed', reason.trim());
  }

  return (
    <section className="custody__moves" aria-labelledby="custody-moves-title">
      <h3 id="custody-moves-title" className="status-section__subtitle">
        {t('custody.move.title')}
      </h3>
      {targets.length === 0 ? <p className="custody__final">{t('custody.move.final')}</p> : null}
      {forward.length > 0 ? (
        <TextField label={t('custody.move.note')} hint={t('custody.move.noteHint')} value={note} maxLength={NOTE_MAX} autoComplete="off" onChange={(event) => setNote(event.target.value)} />
      ) : null}
      <div className="actions">
        {forward.map((to) => (
          <button key={to} type="button" className="button button--primary" disabled={move.pending} onClick={() => void go(to, note.trim())}>
            {t(moveKeys[to], { name })}
          </button>
        ))}
        {targets.includes('destroyed') ? (
          <button type="button" className="button button--danger" aria-expanded={destroying} onClick={() => setDestroying(!destroying)}>
            {t(moveKeys.destroyed)}
          </button>
        ) : null}
      </div>
      {destroying ? (
        <form className="form custody__subform" onSubmit={destroy} noValidate>
          <TextField
            label={t('custody.destroy.reason')}
            value={reason}
            maxLength={NOTE_MAX}
            autoComplete="off"
            required
            problem={reasonMissing && !reason.trim() ? say(message('custody.destroyNeedsNote')) : undefined}
            onChange={(event) => setReason(event.target.value)}
          />
          <div className="actions">
            <button type="submit" className="button button--danger" disabled={move.pending}>
              {move.pending ? t('common.working') : t('custody.destroy.confirm')}
            </button>
            <button type="button" className="button" onClick={() => setDestroying(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : null}
      <ErrorNotice error={move.error} />
    </section>
  );
}
