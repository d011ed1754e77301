/**
 * The side panel host: the same recovery UI as the call tab's overlay (src/recovery), beside the
 * demo the SE presents. Browser UI, so a tab capture never holds it; the worker disables and
 * closes it before a window or whole-screen share could (src/background/side-panel.ts), so it
 * has no privacy guard. It follows the one stored incident like every host; the worker writes.
 */
import { render } from 'preact';
import { createOverlayStore } from '../recovery/store';
import { sendUntilAnswered } from '../shared/messaging';
import { OVERLAY_CSS } from '../recovery/styles';
// Inlined, not linked: a stylesheet the page must fetch first held the panel's first script
// back (~15 ms of the hotkey's budget when Chrome opens the panel).
import PANEL_CSS from './sidepanel.css?inline';
import { createPanelHost } from './host';
import { SidePanel } from './SidePanel';

// A press painted here and not stored in time is asked for again as the panel's own start.
const store = createOverlayStore({
  askToStore: (press, options) => sendUntilAnswered('panel/start', { press }, options),
});
const host = createPanelHost(store);

const style = document.createElement('style');
style.textContent = OVERLAY_CSS + PANEL_CSS;
document.head.append(style);

const app = document.getElementById('app');
void host.loaded.then(() => {
  if (app) render(<SidePanel store={store} host={host} />, app);
  requestAnimationFrame(() => setTimeout(() => host.afterFirstPaint(), 0));
});
