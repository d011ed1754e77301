/** The few browser calls the popup and report pages make besides messages to the worker. */
import browser from 'webextension-polyfill';
import { COMMAND_START_RECOVERY, PRACTICE_PAGE } from '../shared/constants';
import { reportUrl } from '../shared/report-url';

/** The key assigned to "start recovery", or null when the user removed it (or Chrome gave none). */
export async function startRecoveryShortcut(): Promise<string | null> {
  const commands = await browser.commands.getAll();
  const command = commands.find((c) => c.name === COMMAND_START_RECOVERY);
  return command?.shortcut ? command.shortcut : null;
}

export async function openReportTab(incidentId: string): Promise<void> {
  await browser.tabs.create({ url: reportUrl(incidentId) });
}

export async function openPracticeCall(): Promise<void> {
  await browser.tabs.create({ url: browser.runtime.getURL(PRACTICE_PAGE) });
}

/**
 * A new tab hands a mailto: link to the mail handler (a web mail handler gets a real tab)
 * without navigating the popup or the call tab away.
 */
export async function openMailLink(url: string): Promise<void> {
  await browser.tabs.create({ url });
}

export async function openSettings(): Promise<void> {
  await browser.runtime.openOptionsPage();
}
