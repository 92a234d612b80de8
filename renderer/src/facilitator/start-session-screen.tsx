import { useRef, useState, type FormEvent } from 'react';
import type { Session, SessionReport } from '../../../shared/domain/session';
import { ErrorNotice } from '../app/error-notice';
import { ScreenHeading } from '../app/screen-heading';
import { TextField } from '../app/text-field';
import { useAccess } from '../access/access-context';
import { useI18n } from '../i18n/i18n-context';
import { useAction } from '../kiosk/use-call';
import { JoinSessionForm } from './join-session-form';
import { LastSessionLink } from './last-session-link';
import { labelKeyOf, validateStartSession, type StartSessionForm, type StartSessionProblems } from './start-session-validation';

const fields = ['department', 'room'] as const;

interface StartProps {
  onStarted(session: Session): void;
  onJoined(session: Session): void;
  onOpenReport(report: SessionReport): void;
}

export function StartSessionScreen({ onStarted, onJoined, onOpenReport }: StartProps) {
  const { t, tn } = useI18n();
  const { state: access } = useAccess();
  const start = useAction('session.start');
  const [form, setForm] = useState<StartSessionForm>({ department: '', room: '', plannedMinutes: '30' });
  const [problems, setProblems] = useState<StartSessionProblems>({});
  const formRef = useRef<HTMLFormElement>(null);

  const problemText = (field: keyof StartSessionForm) => {
    const problem = problems[field];
    return problem ? t(problem.key, problem.params) : undefined;
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const checked = validateStartSession(form);
    if (!checked.ok) {
      setProblems(checked.problems);
      // Move to the first field that needs attention, after the messages have rendered.
      setTimeout(() => formRef.current?.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus(), 0);
      return;
    }
    setProblems({});
    const session = await start.run(checked.input);
    if (session) onStarted(session);
  }

  const problemCount = Object.keys(problems).length;
  return (
    <section className="screen screen--form" aria-labelledby="start-title">
      <ScreenHeading id="start-title">{t('start.title')}</ScreenHeading>
      <p className="screen__intro">{t('start.intro')}</p>
      {access.facilitator ? <p className="start__facilitator">{t('start.facilitatorFromKey', { name: access.facilitator.name })}</p> : null}
      {problemCount > 0 ? (
        <p className="notice notice--warning" role="alert">
          {tn('start.errorSummary', problemCount)}
        </p>
      ) : null}
      <ErrorNotice error={start.error} />
      <form ref={formRef} className="form form--columns" onSubmit={submit} noValidate>
        {fields.map((field) => (
          <TextField
            key={field}
            label={t(labelKeyOf(field))}
            name={field}
            autoComplete="off"
            required
            value={form[field]}
            problem={problemText(field)}
            onChange={(event) => setForm({ ...form, [field]: event.target.value })}
          />
        ))}
        <TextField
          label={t('start.plannedMinutes')}
          hint={t('start.plannedMinutesHint')}
          name="plannedMinutes"
          inputMode="numeric"
          required
          value={form.plannedMinutes}
          problem={problemText('plannedMinutes')}
          onChange={(event) => setForm({ ...form, plannedMinutes: event.target.value })}
        />
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={start.pending}>
            {start.pending ? t('common.working') : t('start.submit')}
          </button>
        </div>
      </form>
      <JoinSessionForm onJoined={onJoined} />
      <LastSessionLink onOpenReport={onOpenReport} />
    </section>
  );
}
