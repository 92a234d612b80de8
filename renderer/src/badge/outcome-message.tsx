import type { ReactNode } from 'react';
import { ScreenHeading } from '../app/screen-heading';

export type OutcomeTone = 'calm' | 'attention' | 'success';

const toneIcons: Record<OutcomeTone, string> = { calm: 'i', attention: '!', success: '✓' };

interface OutcomeMessageProps {
  id: string;
  tone: OutcomeTone;
  title: string;
  children: ReactNode;
  actionLabel: string;
  onAction(): void;
}

/** One outcome of a scan on a calm full screen: what happened, what to do, and the way back. */
export function OutcomeMessage({ id, tone, title, children, actionLabel, onAction }: OutcomeMessageProps) {
  return (
    <div className={`outcome outcome--${tone}`} data-outcome={id}>
      <div className="outcome__icon" aria-hidden="true">
        {toneIcons[tone]}
      </div>
      <ScreenHeading id={`outcome-${id}`} className="outcome__title">
        {title}
      </ScreenHeading>
      <div className="outcome__body">{children}</div>
      <button type="button" className="button button--primary button--large" onClick={onAction}>
        {actionLabel}
      </button>
    </div>
  );
}
