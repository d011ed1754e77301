/**
 * The service worker. Listeners are registered synchronously at top level so Chrome can wake
 * the worker for them; no state lives in module globals (the worker dies after 30 s idle).
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { COMMAND_START_RECOVERY } from '../shared/constants';
import { pocsChangedAtItem, settingsItem } from '../shared/storage/items';
import { refreshBadge } from './badge';
import { followGrants } from './demo-origins';
import { recordEvidence } from './evidence';
import { listenEarly } from './evidence-capture';
import { handlers } from './handlers';
import { resumeImports } from './import-journal';
import { onStartRecoveryCommand, reattachOverlays } from './recovery';
import { onAlarm, onNotificationClicked, syncReminders } from './reminders';
import { identifyCaller, route } from './router';
import { forgetShareState } from './share';
import { announcePress, followPanelFacts, openSidePanelNow, syncSidePanel } from './side-panel';
import { onStorageChanged } from './sync';

const extensionOrigin = browser.runtime.getURL('');

// First, and synchronously: the request that woke the worker must find a listener (see
// evidence-capture.ts); followGrants narrows the listeners to the granted demo origins.
listenEarly(recordEvidence);
void followGrants();
browser.permissions.onAdded.addListener(() => void followGrants());
browser.permissions.onRemoved.addListener(() => void followGrants());
const START_UP_WORK_DELAY_MS = 250;

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) =>
  route(handlers, message, identifyCaller(sender, browser.runtime.id, extensionOrigin)),
);

// chrome.commands directly: the side panel must open synchronously, inside the key's gesture.
chrome.commands.onCommand.addListener((command) => {
  if (command !== COMMAND_START_RECOVERY) return;
  openSidePanelNow();
  void onStartRecoveryCommand(announcePress(Date.now()));
});

followPanelFacts();

browser.storage.onChanged.addListener((changes, area) => {
  void onStorageChanged(changes, area);
  // A new reminder lead time or the reminders switch applies at once, not at the next wake.
  if (settingsItem.changeIn(changes, area)) void syncReminders();
  // A POC's console.error opt-in (or its demo apps) changed: the page scripts follow.
  if (pocsChangedAtItem.changeIn(changes, area)) void followGrants();
});
browser.alarms.onAlarm.addListener((alarm) => void onAlarm(alarm));
browser.notifications.onClicked.addListener((id) => void onNotificationClicked(id));
browser.tabs.onRemoved.addListener((tabId) => {
  void forgetShareState(tabId).then(() => syncSidePanel());
  // The last demo tab may have closed: request capture stops with it.
  void followGrants();
});

// On every worker start (install, update, browser start, wake-up): catch up overdue reminders,
// make the badge right, and re-attach the overlay to call tabs after an extension update.
browser.runtime.onInstalled.addListener(() => void reattachOverlays());
// A moment later, not at once: when a hotkey woke the worker, its storage reads must not queue
// behind these (Chrome runs an extension's storage calls in order).
setTimeout(() => {
  // An import the last worker committed but could not finish writes its playbook and settings.
  void resumeImports().catch((error: unknown) =>
    console.error('Demo Rescue: an import could not be finished', error),
  );
  void syncReminders();
  void refreshBadge();
}, START_UP_WORK_DELAY_MS);
