import { useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n-context';

export interface StatusTab<Id extends string> {
  id: Id;
  title: string;
  attention: boolean;
  panel: ReactNode;
}

interface StatusTabsProps<Id extends string> {
  label: string;
  /** What the tabs are for, under them: the open section gets the display's height. */
  intro: string;
  tabs: readonly StatusTab<Id>[];
  selected: Id;
  onSelect(id: Id): void;
}

/** Which tab a key moves to in a vertical tab list (both arrow pairs, Home, End; round the ends). */
function target(key: string, index: number, count: number): number | null {
  if (key === 'ArrowDown' || key === 'ArrowRight') return (index + 1) % count;
  if (key === 'ArrowUp' || key === 'ArrowLeft') return (index - 1 + count) % count;
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return null;
}

/**
 * The ARIA tabs pattern, vertical: one section open at a time, the others kept mounted (hidden)
 * so each still follows its events and can raise its tab's marker. A tab whose section needs
 * attention carries a "!" that is also said ("needs attention"). Arrow keys move and open.
 */
export function StatusTabs<Id extends string>({ label, intro, tabs, selected, onSelect }: StatusTabsProps<Id>) {
  const { t } = useI18n();
  const buttons = useRef(new Map<Id, HTMLButtonElement>());

  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>, index: number) {
    const next = target(event.key, index, tabs.length);
    const tab = next === null ? undefined : tabs[next];
    if (!tab) return;
    event.preventDefault();
    onSelect(tab.id);
    buttons.current.get(tab.id)?.focus();
  }

  return (
    <div className="status-tabs">
      <div className="status-tabs__side">
        <div className="status-tabs__list" role="tablist" aria-orientation="vertical" aria-label={label}>
          {tabs.map((tab, index) => (
            <button
              key={tab.id}
              ref={(element) => {
                if (element) buttons.current.set(tab.id, element);
                else buttons.current.delete(tab.id);
              }}
              type="button"
              role="tab"
              id={`status-tab-${tab.id}`}
              aria-controls={`status-panel-${tab.id}`}
              aria-selected={tab.id === selected}
              tabIndex={tab.id === selected ? 0 : -1}
              className="status-tabs__tab"
              data-attention={tab.attention ? 'true' : undefined}
              onClick={() => onSelect(tab.id)}
              onKeyDown={(event) => onKeyDown(event, index)}
            >
              <span className="status-tabs__title">{tab.title}</span>
              {tab.attention ? (
                <>
                  <span className="status-tabs__marker" aria-hidden="true">
                    !
                  </span>
                  <span className="visually-hidden"> {t('kioskStatus.needsAttention')}</span>
                </>
              ) : null}
            </button>
          ))}
        </div>
        <p className="status-tabs__intro">{intro}</p>
      </div>
      {tabs.map((tab) => (
        <div
          key={tab.id}
          role="tabpanel"
          id={`status-panel-${tab.id}`}
          aria-labelledby={`status-tab-${tab.id}`}
          className="status-tabs__panel screen__fill"
          tabIndex={0}
          hidden={tab.id !== selected}
        >
          {tab.panel}
        </div>
      ))}
    </div>
  );
}
