import { useState, type FormEvent } from 'react';
import { stationsCalls } from '../../../shared/contract/stations-calls';
import type { Session } from '../../../shared/domain/session';
import { checkInput } from '../app/contract-input';
import { ErrorNotice } from '../app/error-notice';
import { TextField } from '../app/text-field';
import { useI18n } from '../i18n/i18n-context';
import { useAction, useCall } from '../kiosk/use-call';

/** A second station for a session another kiosk of the fleet runs: shown only where there is a fleet. */
export function JoinSessionForm({ onJoined }: { onJoined(session: Session): void }) {
  const { t } = useI18n();
  const fleet = useCall('fleet.status', {});
  const join = useAction('stations.join');
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const checked = checkInput(stationsCalls['stations.join'].input, { joinCode: code });
    setProblem(!checked.ok);
    if (!checked.ok) return;
    const session = await join.run(checked.input);
    if (session) onJoined(session);
  }

  if (!fleet.data?.configured) return null;
  return (
    <section className="join" aria-labelledby="join-title">
      <h2 id="join-title" className="panel__title">
        {t('join.title')}
      </h2>
      <p>{t('join.intro')}</p>
      <ErrorNotice error={join.error} />
      <form className="form form--inline" onSubmit={submit} noValidate>
        <TextField
          label={t('join.code')}
          hint={t('join.codeHint')}
          name="joinCode"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          value={code}
          problem={problem ? t('join.codeInvalid') : undefined}
          onChange={(event) => setCode(event.target.value)}
        />
        <div className="actions">
          <button type="submit" className="button" disabled={join.pending}>
            {join.pending ? t('common.working') : t('join.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
