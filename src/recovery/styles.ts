/**
 * All overlay styles, injected as one <style> inside the closed shadow root (page CSS cannot
 * reach in; ours cannot leak out). Units are px/em, never rem: rem would follow the page's
 * root font size. One family, two weights (400, 700) and few sizes (1, 0.86, 1.14 em and the
 * clock's): each new family, weight and size makes the first layout load a font (31 loads
 * were 11 ms of a first show on Linux). Comments stay out of the CSS text: it ships in the bundle.
 * Long unbroken user text (a URL in a note) wraps anywhere, and no grid or flex child may grow
 * past the panel (min-width: 0). A private field's frame (src/private-field/) is one field and
 * its status line high, transparent as its color-scheme matches ours. The bar is sticky so the
 * clock stays in sight while the panel scrolls; the meter steps once a second with the clock (a
 * running transition would restyle the call page every frame).
 */
import type { OverlaySize } from '../domain/settings';
import { PRIVACY_CSS } from './components/PrivacyIndicator';

const FONT_FAMILY = 'system-ui, sans-serif';
/** The root font size per overlay size setting; everything else is em of it. */
const ROOT_FONT_PX: Record<OverlaySize, number> = { compact: 13, regular: 14, large: 16 };
const SMALL = 0.86;
const LARGE = 1.14;
const CLOCK = 2.1;

/** The faces the panel's first paint lays out, as canvas font shorthands (see warm-up.tsx). */
export function firstPaintFonts(size: OverlaySize): string[] {
  const px = ROOT_FONT_PX[size];
  const font = (weight: number, scale: number) => `${weight} ${px * scale}px ${FONT_FAMILY}`;
  return [
    font(400, 1),
    font(700, 1),
    font(400, SMALL),
    font(700, SMALL),
    font(400, LARGE),
    font(700, CLOCK),
  ];
}

export const OVERLAY_CSS =
  `
:host { all: initial; }
* { box-sizing: border-box; }
.root {
  --bg: #0f172a; --fg: #f8fafc; --muted: #cbd5e1; --line: #334155; --field: #1e293b;
  --accent: #fbbf24; --focus: #fde047; --danger: #f87171; --danger-bg: #7f1d1d; --ok: #4ade80;
  --phase: #fbbf24;
  font: ${ROOT_FONT_PX.regular}px/1.4 ${FONT_FAMILY};
  color: var(--fg);
  text-align: left;
  direction: ltr;
  -webkit-font-smoothing: antialiased;
}
.root.size-compact { font-size: ${ROOT_FONT_PX.compact}px; }
.root.size-large { font-size: ${ROOT_FONT_PX.large}px; }
.root[data-phase='diagnose'] { --phase: #60a5fa; }
.root[data-phase='escalate'] { --phase: #f87171; }
.root[data-phase='follow-up'], .root[data-phase='closed'] { --phase: #4ade80; }
@media (prefers-color-scheme: light) {
  .root {
    --bg: #ffffff; --fg: #0f172a; --muted: #334155; --line: #cbd5e1; --field: #f1f5f9;
    --accent: #92400e; --focus: #1d4ed8; --danger: #b91c1c; --danger-bg: #fee2e2; --ok: #166534;
    --phase: #b45309;
  }
  .root[data-phase='diagnose'] { --phase: #1d4ed8; }
  .root[data-phase='escalate'] { --phase: #b91c1c; }
  .root[data-phase='follow-up'], .root[data-phase='closed'] { --phase: #166534; }
}
.panel {
  width: 360px;
  max-width: calc(100vw - 16px);
  max-height: calc(100vh - 32px);
  overflow: auto;
  background: var(--bg);
  border: 2px solid var(--phase);
  border-radius: 12px;
  box-shadow: 0 12px 32px rgba(0, 0, 0, 0.45);
  outline: none;
}
.size-compact .panel { width: 300px; }
.size-large .panel { width: 440px; }
.bar {
  display: flex; align-items: center; gap: 8px;
  padding: 6px 8px 6px 6px;
  border-bottom: 1px solid var(--line);
  cursor: grab; user-select: none; touch-action: none;
  position: sticky; top: 0; z-index: 1; background: var(--bg);
}
.bar.dragging { cursor: grabbing; }
.grip {
  color: var(--muted); font-size: ${LARGE}em; line-height: 1; padding: 4px 2px; border-radius: 4px;
  cursor: grab;
}
.phase {
  flex: 1; min-width: 0;
  font-weight: 700; letter-spacing: 0.06em; text-transform: uppercase; color: var(--phase);
}
.clock {
  font-size: ${CLOCK}em; line-height: 1; font-weight: 700;
  font-variant-numeric: tabular-nums;
}
.icon {
  min-width: 2em; height: 2em; padding: 0 6px;
  border: 1px solid var(--line); border-radius: 6px;
  background: transparent; color: var(--fg); font: inherit; font-weight: 700; cursor: pointer;
}
.body { padding: 8px 12px 12px; display: grid; gap: 10px; }
.panel, .discreet, .marker { overflow-wrap: anywhere; }
.body > *, .row > *, .checklist label > *, .choices label > *, .help dd { min-width: 0; }
.meter { height: 6px; background: var(--line); border-radius: 3px; overflow: hidden; }
.meter > span { display: block; height: 100%; background: var(--phase); transform-origin: left; }
.window { display: flex; justify-content: space-between; color: var(--muted); font-size: ${SMALL}em; }
.goal { margin: 0; color: var(--muted); }
.nudges { display: grid; gap: 6px; margin: 0; padding: 0; list-style: none; }
.nudge { padding: 6px 8px; border-radius: 6px; border-left: 4px solid var(--accent); background: var(--field); font-weight: 700; }
.nudge.urgent { border-left-color: var(--danger); background: var(--danger-bg); color: var(--fg); }
.next { margin: 0; color: var(--muted); font-size: ${SMALL}em; }
.label { display: block; font-size: ${SMALL}em; font-weight: 700; letter-spacing: 0.02em; color: var(--muted); margin: 0 0 4px; }
.say { margin: 0; font-size: ${LARGE}em; line-height: 1.4; }
.row { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
.row.end { justify-content: flex-end; }
.dont { margin: 0; padding: 0; list-style: none; display: grid; gap: 2px; }
.dont li::before { content: '✕ '; color: var(--danger); font-weight: 700; }
.dont li { color: var(--muted); }
button.act, .act {
  min-height: 2.3em; padding: 4px 10px;
  border: 1px solid var(--line); border-radius: 8px;
  background: var(--field); color: var(--fg); font: inherit; font-weight: 700; cursor: pointer;
}
button.primary { background: var(--phase); border-color: var(--phase); color: #0f172a; }
button.danger { border-color: var(--danger); color: var(--danger); }
button:disabled { opacity: 0.6; cursor: default; }
kbd { font: inherit; font-size: ${SMALL}em; font-weight: 700; padding: 0 4px; border: 1px solid currentColor; border-radius: 4px; opacity: 0.85; }
.checklist { margin: 0; padding: 0; list-style: none; display: grid; gap: 2px; }
.checklist label { display: flex; gap: 8px; align-items: flex-start; padding: 3px 2px; cursor: pointer; }
.checklist input { margin: 0.2em 0 0; width: 1.1em; height: 1.1em; accent-color: var(--phase); flex: none; }
.checklist .done { color: var(--muted); text-decoration: line-through; }
.num { color: var(--muted); font-variant-numeric: tabular-nums; min-width: 1em; }
input[type='text'], select {
  width: 100%; min-height: 2.3em; padding: 4px 8px;
  border: 1px solid var(--line); border-radius: 8px;
  background: var(--field); color: var(--fg); font: inherit;
}
.private-field { min-width: 0; }
.private-frame { display: block; width: 100%; height: calc(3.7em + 10px); border: 0; margin: 0; padding: 0; background: transparent; color-scheme: light dark; }
.notes { margin: 6px 0 0; padding: 0; list-style: none; display: grid; gap: 2px; font-size: ${SMALL}em; }
.notes time { color: var(--muted); font-variant-numeric: tabular-nums; margin-right: 6px; }
fieldset { margin: 0; padding: 0; border: 0; min-width: 0; }
.choices { display: grid; gap: 4px; }
.choices label { display: flex; gap: 8px; align-items: flex-start; padding: 4px 6px; border: 1px solid var(--line); border-radius: 8px; cursor: pointer; }
.choices input { margin: 0.25em 0 0; accent-color: var(--phase); flex: none; }
.evidence { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.25em; }
.evidence li { display: flex; gap: 0.5em; align-items: center; justify-content: space-between; }
.evidence-text { font-family: ui-monospace, monospace; font-size: ${SMALL}em; overflow-wrap: anywhere; min-width: 0; }
mark.blank { background: transparent; color: inherit; border-bottom: 2px dashed currentColor; }
.hint { color: var(--muted); font-size: ${SMALL}em; margin: 0; }
.status { margin: 0; font-weight: 700; }
.error { margin: 0; padding: 6px 8px; border-radius: 6px; background: var(--danger-bg); color: var(--fg); border: 1px solid var(--danger); display: flex; gap: 8px; align-items: flex-start; justify-content: space-between; }
.confirm { padding: 8px; border: 1px solid var(--danger); border-radius: 8px; display: grid; gap: 6px; }
.help { margin: 0; display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; }
.help dt { font-weight: 700; }
.help dd { margin: 0; color: var(--muted); }
.pill {
  display: flex; align-items: center; gap: 8px;
  padding: 6px 14px 6px 10px;
  background: var(--bg); color: var(--fg);
  border: 2px solid var(--phase); border-radius: 999px;
  box-shadow: 0 6px 18px rgba(0, 0, 0, 0.4);
  font: inherit; cursor: pointer; touch-action: none;
}
.pill .clock { font-size: 1.5em; }
.dot { width: 0.7em; height: 0.7em; border-radius: 50%; background: var(--phase); flex: none; }
.marker { font-size: ${SMALL}em; padding: 4px 6px 4px 10px; gap: 6px; opacity: 0.9; cursor: default; }
.marker button { font: inherit; font-weight: 700; padding: 2px 8px; border-radius: 999px; border: 1px solid var(--line); background: var(--field); color: var(--fg); cursor: pointer; }
.discreet {
  display: flex; align-items: center; gap: 8px;
  max-width: min(360px, calc(100vw - 32px)); padding: 6px 6px 6px 10px;
  background: var(--bg); color: var(--fg); font-size: ${SMALL}em;
  border: 2px solid var(--line); border-radius: 10px;
  box-shadow: 0 6px 18px rgba(0, 0, 0, 0.4); outline: none;
}
.discreet p { margin: 0; flex: 1; min-width: 0; }
.discreet .dot { background: var(--accent); }
.discreet button:not(.icon) { font: inherit; font-weight: 700; padding: 2px 10px; min-height: 2em; border-radius: 999px; border: 1px solid var(--line); background: var(--field); color: var(--fg); cursor: pointer; }
.discreet:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.placement { display: flex; align-items: flex-start; gap: 8px; }
.placement .dr-privacy { flex: 1; min-width: 0; font-size: ${SMALL}em; }
.placement button.act { margin-left: auto; min-height: 2em; padding: 2px 8px; font-size: ${SMALL}em; white-space: nowrap; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.panel:focus-visible { outline-offset: -1px; }
@media (prefers-contrast: more) {
  .root { --muted: var(--fg); --line: var(--fg); }
}
@media (forced-colors: active) {
  .panel, .pill, .discreet { border-color: CanvasText; }
  .meter > span, .dot { background: Highlight; forced-color-adjust: none; }
}
` + PRIVACY_CSS;
