/**
 * The recovery overlay: the full panel, the pill it collapses to, and the marker other call
 * tabs show. Rendered the same in a call tab, the practice call and a pop-out window.
 */
import { useRef } from 'preact/hooks';
import type { TargetedKeyboardEvent } from 'preact';
import { PHASE_LABELS } from '../../domain/playbook';
import type { OverlayPlace } from '../../domain/privacy';
import { formatClock } from '../../domain/time';
import type { PrivacyGuard } from '../privacy-guard';
import { PrivacyIndicator } from './PrivacyIndicator';
import { overlayCommandFor, type OverlayCommand } from '../keys';
import type { OverlayStore } from '../store';
import { DiscreetWarning, PoppedOutMarker, PrivacyHelp } from './privacy';
import { EvidenceList } from './evidence';
import {
  Acknowledge,
  Checklist,
  DontSay,
  EndControls,
  Ended,
  ErrorLine,
  EscalateForm,
  Help,
  IssueField,
  Notes,
  PocPicker,
  TalkTrack,
} from './sections';

/** What the overlay asks of whoever hosts it (a page element, a pop-out window…). */
export interface OverlayControls {
  /** Esc: collapse and give focus back to the page. */
  leave(): void;
  /** Close the ended incident's summary. */
  close(): void;
  /** Start dragging the overlay by its handle. */
  startDrag(event: PointerEvent): void;
  /** Move the overlay by keyboard (arrow keys on the handle). */
  moveBy(dx: number, dy: number): void;
  /**
   * Open the overlay in its own always-on-top window; absent where Document Picture-in-Picture
   * is not available. Call it straight from the click: the browser wants a user gesture.
   */
  popOut?: () => void;
  /** Put a popped-out overlay back into the tab. */
  popIn?: () => void;
}

export type OverlayMode = 'full' | 'marker';

/**
 * Which host draws the overlay: the call tab, its pop-out window (see OverlayPlace), or the
 * side panel beside the presented demo (browser UI: never in a tab capture, closed before a
 * window or screen share can show it, so it needs no privacy guard).
 */
export type HostPlace = OverlayPlace | 'side-panel';

/**
 * What the overlay shows where it is drawn: itself; the one-line warning of discreet mode;
 * in the tab, a note that it popped out; or nothing (hidden while the audience could see it).
 */
export type OverlayContent = 'overlay' | 'warning' | 'popped-out' | 'none';

interface Props {
  store: OverlayStore;
  mode: OverlayMode;
  controls: OverlayControls;
  /** The call tab's privacy guard (the practice call has none). */
  guard?: PrivacyGuard;
  content?: OverlayContent;
  place?: HostPlace;
  /**
   * Only what the SE needs at a glance (phase, clock, window, nudges, talk track, don't-say):
   * the owner clears it once that frame is painted, so rendering and laying out the rest never
   * delays the first paint.
   */
  firstPaint?: boolean;
}

const MOVE_STEP = 24;
const ARROWS: Record<string, [number, number]> = {
  ArrowLeft: [-MOVE_STEP, 0],
  ArrowRight: [MOVE_STEP, 0],
  ArrowUp: [0, -MOVE_STEP],
  ArrowDown: [0, MOVE_STEP],
};

function phaseLabel(store: OverlayStore): string {
  const phase = store.clock.value?.phase;
  if (!phase) return '';
  return phase === 'closed' ? 'Closed' : PHASE_LABELS[phase];
}

/**
 * Focuses an element. Firefox ignores focus moved into a cross-origin frame (a private field)
 * while the key event that asked (N, E) is handled: if the focus did not move, again in a task
 * of its own.
 */
function focusElement(element: HTMLElement): void {
  element.focus();
  const root = element.getRootNode() as Document | ShadowRoot;
  if (root.activeElement !== element) setTimeout(() => element.focus(), 0);
}

/** Focuses the element marked data-focus=name once it is rendered. */
function focusIn(container: ParentNode | null, name: string): void {
  const find = () => container?.querySelector<HTMLElement>(`[data-focus="${name}"]`);
  const now = find();
  if (now) return focusElement(now);
  // Signal updates render on the next microtask, so one macrotask later the target exists;
  // a section the panel adds after its first paint (see `firstPaint`) exists after a frame.
  setTimeout(() => {
    const soon = find();
    if (soon) return focusElement(soon);
    requestAnimationFrame(() =>
      setTimeout(() => {
        const late = find();
        if (late) focusElement(late);
      }, 0),
    );
  }, 0);
}

type Focus = (name: string) => void;

/** A stored incident that cannot be replayed: said plainly, never an empty overlay. */
function Unreadable({ problem, controls }: { problem: string; controls: OverlayControls }) {
  return (
    <div class="root">
      <section class="panel" role="alertdialog" aria-label="Demo Rescue" data-focus="panel">
        <div class="body">
          <p class="error" role="alert">
            Demo Rescue cannot show this incident: {problem} It is kept as stored; review it in the
            Demo Rescue popup.
          </p>
          <div class="row end">
            <button type="button" class="act" onClick={controls.close}>
              Close
            </button>
          </div>
        </div>
      </section>
    </div>
  );
}

export function OverlayView({
  store,
  mode,
  controls,
  guard,
  content = 'overlay',
  place = 'tab',
  firstPaint = false,
}: Props) {
  const root = useRef<HTMLDivElement>(null);
  const state = store.state.value;
  const clock = store.clock.value;
  if (content === 'none') return null;
  if (!state || !clock) {
    const problem = store.replayError.value;
    return problem && mode === 'full' ? <Unreadable problem={problem} controls={controls} /> : null;
  }
  const focus: Focus = (name) => focusIn(root.current, name);
  const part = { store, controls, focus, guard, place, firstPaint };
  return (
    <div
      ref={root}
      class={`root size-${store.settings.value.overlaySize}`}
      data-phase={clock.phase}
    >
      {mode === 'marker' ? (
        <Marker store={store} />
      ) : content === 'warning' && guard ? (
        <DiscreetWarning guard={guard} />
      ) : content === 'popped-out' ? (
        <PoppedOutMarker controls={controls} />
      ) : store.layout.value.collapsed && place !== 'side-panel' ? (
        <Pill {...part} />
      ) : (
        <Panel {...part} />
      )}
    </div>
  );
}

function Marker({ store }: { store: OverlayStore }) {
  return (
    <div class="pill marker" role="status" aria-label="Demo Rescue">
      <span class="dot" aria-hidden="true" />
      <span>Incident active in another tab</span>
      <button type="button" onClick={() => void store.showHere()}>
        Show here
      </button>
    </div>
  );
}

function setCollapsed(store: OverlayStore, collapsed: boolean): void {
  void store.saveLayout({ ...store.layout.peek(), collapsed });
}

interface PartProps {
  store: OverlayStore;
  controls: OverlayControls;
  focus: Focus;
  guard?: PrivacyGuard;
  place: HostPlace;
  firstPaint: boolean;
}

function Pill({ store, controls, focus }: PartProps) {
  const clock = store.clock.value;
  const text = formatClock(clock?.elapsedMs ?? 0);
  const expand = () => {
    setCollapsed(store, false);
    focus('panel');
  };
  const onKeyDown = (event: TargetedKeyboardEvent<HTMLButtonElement>) => {
    event.stopPropagation();
    const command = overlayCommandFor(event);
    if (command?.kind === 'leave') controls.leave();
    else if (command?.kind === 'toggle-collapse') expand();
    else return;
    event.preventDefault();
  };
  return (
    <button
      type="button"
      class="pill"
      data-focus="pill"
      aria-expanded="false"
      aria-label={`Demo Rescue: ${phaseLabel(store)}, ${text} since the failure. Expand`}
      onClick={expand}
      onKeyDown={onKeyDown}
    >
      <span class="dot" aria-hidden="true" />
      <span class="clock">{text}</span>
    </button>
  );
}

function PhaseWindow({ store }: { store: OverlayStore }) {
  const clock = store.clock.value;
  if (!clock || clock.phaseProgress === null || clock.phaseRemainingMs === null) return null;
  const percent = Math.round(clock.phaseProgress * 100);
  const left = `${formatClock(Math.max(0, clock.phaseRemainingMs))} left`;
  return (
    <div>
      <div
        class="meter"
        role="progressbar"
        aria-label={`${phaseLabel(store)} window`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}%, ${left}`}
      >
        <span style={{ transform: `scaleX(${clock.phaseProgress})` }} />
      </div>
      <div class="window" aria-hidden="true">
        <span>{phaseLabel(store)} window</span>
        <span>{left}</span>
      </div>
    </div>
  );
}

function Nudges({ store }: { store: OverlayStore }) {
  const clock = store.clock.value;
  if (!clock) return null;
  const next = clock.nextNudge;
  return (
    <>
      <ul class="nudges" aria-live="polite" aria-label="Nudges">
        {clock.dueNudges.slice(0, 2).map((nudge) => (
          <li key={nudge.id} class={`nudge ${nudge.level}`}>
            {nudge.text}
          </li>
        ))}
      </ul>
      {next && (
        <p class="next">
          Next in {formatClock(next.at - store.now.value)}: {next.text}
        </p>
      )}
    </>
  );
}

/**
 * Where the overlay is, next to who can see it: pop out (in the tab, where supported) or back
 * to the tab (in the pop-out window).
 */
function Placement({ controls, guard, place }: Pick<PartProps, 'controls' | 'guard' | 'place'>) {
  const button =
    place === 'pop-out' ? (
      <button type="button" class="act" onClick={() => controls.popIn?.()}>
        Back to the call tab <span aria-hidden="true">↙</span>
      </button>
    ) : controls.popOut ? (
      <button
        type="button"
        class="act"
        aria-label="Pop out into its own window"
        title="An always-on-top window, outside the tab or window you share"
        onClick={() => controls.popOut?.()}
      >
        Pop out <span aria-hidden="true">↗</span>
      </button>
    ) : null;
  if (!guard && !button) return null;
  return (
    <div class="placement">
      {guard && <PrivacyIndicator guard={guard} />}
      {button}
    </div>
  );
}

function Panel({ store, controls, focus, guard, place, firstPaint }: PartProps) {
  const state = store.state.value;
  const clock = store.clock.value;
  if (!state || !clock) return null;
  const active = store.active.value;
  const label = phaseLabel(store);
  const guide = clock.phase === 'closed' ? null : store.playbook.value.phases[clock.phase];

  const run = (command: OverlayCommand) => {
    switch (command.kind) {
      case 'leave':
        return controls.leave();
      case 'toggle-collapse':
        // The side panel is as wide as Chrome makes it; the collapsed layout is the call tab's.
        if (place === 'side-panel') return;
        setCollapsed(store, true);
        return focus('pill');
      case 'help':
        store.helpOpen.value = !store.helpOpen.peek();
        return;
    }
    if (!active) return;
    switch (command.kind) {
      case 'acknowledge':
        if (state.acknowledgedAt === null) void store.act({ kind: 'acknowledge' });
        return;
      case 'focus-notes':
        return focus('notes');
      case 'tick': {
        const phase = clock.phase === 'closed' ? null : clock.phase;
        const item = phase ? store.playbook.value.phases[phase].checklist[command.index] : null;
        if (item) void store.act({ kind: 'checklist', item, done: !state.checklist[item] });
        return;
      }
      case 'next-talk-track':
        return store.nextTalkTrack();
      case 'use-evidence': {
        const latest = state.evidence.at(-1);
        if (latest) void store.useEvidence(latest);
        return;
      }
      case 'pivot':
        store.escalateOpen.value = true;
        return focus('pivot');
      case 'escalate':
        store.escalateOpen.value = true;
        return focus(state.escalatedAt === null ? 'eta' : 'pivot');
      case 'fixed-live':
        void store.act({ kind: 'end', outcome: 'fixed-live' });
        return;
      case 'discard':
        store.confirmingDiscard.value = true;
        return focus('confirm-discard');
    }
  };

  const onKeyDown = (event: TargetedKeyboardEvent<HTMLElement>) => {
    // Keys typed in the overlay are ours: the call page's own shortcuts must not fire.
    event.stopPropagation();
    const command = overlayCommandFor(event);
    if (!command) return;
    event.preventDefault();
    run(command);
  };

  const onGripKey = (event: TargetedKeyboardEvent<HTMLButtonElement>) => {
    const step = ARROWS[event.key];
    if (!step) return;
    event.preventDefault();
    event.stopPropagation();
    controls.moveBy(step[0], step[1]);
  };

  return (
    <section
      class="panel"
      role="dialog"
      aria-label={`Demo Rescue: ${label}`}
      tabIndex={-1}
      data-focus="panel"
      onKeyDown={onKeyDown}
    >
      {/* In the pop-out window the window manager moves the window, not us. */}
      <div
        class="bar"
        title={place === 'tab' ? 'Drag to move' : undefined}
        onPointerDown={place === 'tab' ? (event) => controls.startDrag(event) : undefined}
      >
        {place === 'tab' && (
          <button
            type="button"
            class="grip icon"
            aria-label="Move the overlay (arrow keys)"
            onKeyDown={onGripKey}
          >
            ⠿
          </button>
        )}
        <span class="phase">{label}</span>
        <span class="clock" role="timer" aria-label="Time since the failure">
          {formatClock(clock.elapsedMs)}
        </span>
        <button
          type="button"
          class="icon"
          aria-label="Keyboard shortcuts"
          aria-expanded={store.helpOpen.value}
          title="Keys (?)"
          onClick={() => (store.helpOpen.value = !store.helpOpen.peek())}
        >
          ?
        </button>
        {place !== 'side-panel' && (
          <button
            type="button"
            class="icon"
            aria-label="Collapse to the clock"
            title="Collapse (C)"
            onClick={() => run({ kind: 'toggle-collapse' })}
          >
            –
          </button>
        )}
      </div>
      <div class="body">
        <p class="sr-only" aria-live="polite">
          Phase: {label}
        </p>
        <Placement controls={controls} guard={guard} place={place} />
        {active && <PhaseWindow store={store} />}
        {active && <Nudges store={store} />}
        <ErrorLine store={store} />
        <Help store={store} />
        {store.helpOpen.value && guard && (
          <PrivacyHelp guard={guard} canPopOut={place === 'pop-out' || Boolean(controls.popOut)} />
        )}
        {active ? (
          <>
            {guide && <p class="goal">{guide.goal}</p>}
            <Acknowledge store={store} />
            <TalkTrack store={store} />
            <DontSay store={store} />
            {!firstPaint && (
              <>
                <EvidenceList store={store} />
                <PocPicker store={store} />
                <IssueField store={store} />
                <Checklist store={store} />
                <Notes store={store} />
                <EscalateForm store={store} />
                <EndControls store={store} />
              </>
            )}
          </>
        ) : (
          <Ended store={store} onClose={controls.close} />
        )}
      </div>
    </section>
  );
}
