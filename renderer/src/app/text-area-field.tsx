import { useId, type TextareaHTMLAttributes } from 'react';

interface TextAreaFieldProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'className'> {
  label: string;
  problem?: string;
}

/** A labelled text area (a reason, a note) whose problem is announced with it (aria-describedby). */
export function TextAreaField({ label, problem, rows = 2, ...area }: TextAreaFieldProps) {
  const id = useId();
  const problemId = problem ? `${id}-problem` : undefined;
  return (
    <div className={problem ? 'field field--invalid' : 'field'}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {problem ? (
        <p className="field__problem" id={problemId}>
          {problem}
        </p>
      ) : null}
      <textarea id={id} className="field__input" rows={rows} aria-invalid={problem ? true : undefined} aria-describedby={problemId} {...area} />
    </div>
  );
}
