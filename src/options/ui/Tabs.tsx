/**
 * ARIA tabs: one tab stop for the whole list, arrow keys (and Home/End) move between tabs and
 * select them, each panel is labelled by its tab.
 */
import type { ComponentChildren } from 'preact';

export interface TabItem<Id extends string> {
  id: Id;
  label: string;
  /** Shown after the label, e.g. a problem count; part of the accessible name. */
  badge?: string | undefined;
}

const KEY_MOVES: Record<string, (index: number, last: number) => number> = {
  ArrowRight: (i, last) => (i === last ? 0 : i + 1),
  ArrowLeft: (i, last) => (i === 0 ? last : i - 1),
  Home: () => 0,
  End: (_, last) => last,
};

const tabId = (prefix: string, id: string) => `${prefix}-tab-${id}`;
const panelId = (prefix: string, id: string) => `${prefix}-panel-${id}`;

export function Tabs<Id extends string>({
  label,
  idPrefix,
  tabs,
  selected,
  onSelect,
}: {
  label: string;
  idPrefix: string;
  tabs: readonly TabItem<Id>[];
  selected: Id;
  onSelect: (id: Id) => void;
}) {
  function onKeyDown(event: KeyboardEvent) {
    const move = KEY_MOVES[event.key];
    if (!move) return;
    const target = move(
      tabs.findIndex((t) => t.id === selected),
      tabs.length - 1,
    );
    const next = tabs[target];
    if (!next) return;
    event.preventDefault();
    onSelect(next.id);
    document.getElementById(tabId(idPrefix, next.id))?.focus();
  }

  return (
    <div role="tablist" aria-label={label} class="tabs" onKeyDown={onKeyDown}>
      {tabs.map((tab) => (
        <button
          key={tab.id}
          type="button"
          role="tab"
          id={tabId(idPrefix, tab.id)}
          aria-selected={tab.id === selected}
          aria-controls={panelId(idPrefix, tab.id)}
          tabIndex={tab.id === selected ? 0 : -1}
          onClick={() => onSelect(tab.id)}
        >
          {tab.label}
          {tab.badge ? <span class="tab-badge"> {tab.badge}</span> : null}
        </button>
      ))}
    </div>
  );
}

/** The panel of the selected tab (only that one is rendered). */
export function TabPanel({
  idPrefix,
  id,
  children,
}: {
  idPrefix: string;
  id: string;
  children: ComponentChildren;
}) {
  return (
    <div
      role="tabpanel"
      id={panelId(idPrefix, id)}
      aria-labelledby={tabId(idPrefix, id)}
      tabIndex={0}
      class="tab-panel"
    >
      {children}
    </div>
  );
}
