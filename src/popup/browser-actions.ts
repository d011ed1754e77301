/** The few browser calls the popup and report pages make besides messages to the worker. */
import browser from 'webextension-polyfill';
import { PRACTICE_PAGE } from '../shared/constants';
import { reportUrl } from '../shared/report-url';

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
