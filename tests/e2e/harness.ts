/**
 * Real-Chromium end-to-end harness for Demo Rescue: the index of tests/e2e/harness/.
 *
 * Everything here drives the built extension (dist/) in Debian Chromium through playwright-core.
 * There is no network: call pages are served from tests/fixtures/ via context routing and every
 * other http(s) request gets a 404. The overlay lives in a closed shadow root, so overlay helpers
 * go through CDP (DOM with `pierce`, Accessibility, an isolated world) instead of locators.
 * Every waiting helper throws on timeout, saying what it waited for and what it last saw.
 */
export { OVERLAY_HOST_TAG } from '../../src/shared/constants';
/** The command declared in the manifest (Ctrl+Shift+9). */
export { COMMAND_START_RECOVERY as START_RECOVERY_COMMAND } from '../../src/shared/constants';
export {
  CHROMIUM_PATH,
  DIST_DIR,
  EXTENSION_NAME,
  FIXTURES_DIR,
  REPO_ROOT,
  hasDisplay,
  readBuiltManifest,
  type ExtensionPagePath,
} from './harness/paths';
export { sleep, waitFor, waitUntil, WaitTimeoutError, type WaitOptions } from './harness/wait';
export {
  OFFLINE_ARGS,
  SCREEN_SHARE_ARGS,
  launchExtension,
  launchWithoutExtension,
  openExtensionPage,
  type ExtensionHarness,
  type LaunchOptions,
} from './harness/launch';
export {
  MEET_URL,
  ZOOM_CLIENT_URL,
  ZOOM_URL,
  fixtureHtml,
  routeCallPages,
  serveHtml,
  type CallPageOptions,
  type CallPageRoutes,
  type FixtureName,
} from './harness/call-pages';
export { cdpSession } from './harness/cdp';
export {
  isServiceWorkerRunning,
  postToServiceWorker,
  sendRuntimeMessage,
  stopServiceWorker,
  waitForServiceWorker,
} from './harness/worker';
export { dispatchCommand, pressRealKeys } from './harness/keys';
export { startWindowManager, type WindowManager } from './harness/window-manager';
export {
  contentScriptContexts,
  contentScriptContextsAfter,
  inContentWorld,
  type ScriptContext,
} from './harness/content-world';
export { readOverlay, type OverlaySnapshot } from './harness/overlay-read';
export {
  findInOverlay,
  readOverlayA11y,
  type FindOptions,
  type OverlayA11yNode,
} from './harness/overlay-a11y';
export { clickInOverlay, typeInOverlay } from './harness/overlay-act';
export { overlayBox, type OverlayBox } from './harness/overlay-box';
