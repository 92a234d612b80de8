import type { ReactNode } from 'react';
import { ScreenHeading } from '../app/screen-heading';
import { useI18n } from '../i18n/i18n-context';

/** One thing went wrong in a step: what happened, what to do, and the ways on (children). */
export function StepProblem({ id, title, detail, children }: { id: string; title: string; detail?: string | null; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <section className="outcome outcome--attention journey-step" data-outcome={id} aria-labelledby={`problem-${id}`}>
      <div className="outcome__icon" aria-hidden="true">
        !
      </div>
      <ScreenHeading id={`problem-${id}`} className="outcome__title">
        {title}
      </ScreenHeading>
      <div className="outcome__body">
        {children}
        {detail ? <p className="notice__detail">{t('error.details', { message: detail })}</p> : null}
      </div>
    </section>
  );
}
