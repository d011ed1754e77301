/** The few browser calls the popup makes besides messages to the worker. */
import browser from 'webextension-polyfill';
import { PRACTICE_PAGE } from '../shared/constants';
import { reportUrl } from '../shared/report-url';

export async function openReportTab(incidentId: string): Promise<void> {
  await browser.tabs.create({ url: reportUrl(incidentId) });
}

export async function openPracticeCall(): Promise<void> {
  await browser.tabs.create({ url: browser.runtime.getURL(PRACTICE_PAGE) });
}

export async function openSettings(): Promise<void> {
  await browser.runtime.openOptionsPage();
}
