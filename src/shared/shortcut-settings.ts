/**
 * The browser's keyboard-shortcut settings, for the extension pages. Feature checks, not browser
 * names: where the API exists (Firefox 137+) commands.openShortcutSettings opens them; elsewhere
 * Chrome's page, which the tabs API can open though pages cannot link to chrome:// URLs.
 */
import browser from 'webextension-polyfill';
import { COMMAND_START_RECOVERY } from './constants';

const SHORTCUTS_URL = 'chrome://extensions/shortcuts';

/** The key assigned to "start recovery", or null when the user removed it (or none was given). */
export async function startRecoveryShortcut(): Promise<string | null> {
  const commands = await browser.commands.getAll();
  const command = commands.find((c) => c.name === COMMAND_START_RECOVERY);
  return command?.shortcut ? command.shortcut : null;
}

export async function openShortcutSettings(): Promise<void> {
  const commands = browser.commands as { openShortcutSettings?: () => Promise<void> };
  if (typeof commands.openShortcutSettings === 'function') {
    await commands.openShortcutSettings();
    return;
  }
  await browser.tabs.create({ url: SHORTCUTS_URL });
}

/**
 * Whether this build declares the shortcut global (Chrome and Edge can then start recovery while
 * another app has focus). Firefox has no global shortcuts: it works while the browser has focus.
 */
export function shortcutCanBeGlobal(): boolean {
  const commands = browser.runtime.getManifest().commands as
    Record<string, { global?: boolean }> | undefined;
  return commands?.[COMMAND_START_RECOVERY]?.global === true;
}
