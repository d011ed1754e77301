/** The recovery hotkey as Chrome assigned it, for the pages that show it (popup, side panel). */
import browser from 'webextension-polyfill';
import { COMMAND_START_RECOVERY } from './constants';

const SHORTCUTS_URL = 'chrome://extensions/shortcuts';

/** The key assigned to "start recovery", or null when the user removed it (or Chrome gave none). */
export async function startRecoveryShortcut(): Promise<string | null> {
  const commands = await browser.commands.getAll();
  const command = commands.find((c) => c.name === COMMAND_START_RECOVERY);
  return command?.shortcut ? command.shortcut : null;
}

/** Pages cannot link to chrome:// URLs; the tabs API can open them. */
export async function openShortcutSettings(): Promise<void> {
  await browser.tabs.create({ url: SHORTCUTS_URL });
}
