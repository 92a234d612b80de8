import type { ReactNode } from 'react';

/** One labelled fact of a status section: the label small, the value large. */
export function StatusFact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="fact">
      <dt className="fact__label">{label}</dt>
      <dd className="fact__value" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

export type StateTone = 'ok' | 'warn' | 'bad' | 'neutral';

const icons: Record<StateTone, string> = { ok: '✓', warn: '!', bad: '✕', neutral: '•' };

/** A state in words with a calm colour and an icon, so it never depends on colour alone. */
export function StateTag({ tone, children }: { tone: StateTone; children: ReactNode }) {
  return (
    <span className={`state state--${tone}`}>
      <span className="state__icon" aria-hidden="true">
        {icons[tone]}
      </span>
      {children}
    </span>
  );
}
