import browser from 'webextension-polyfill';
import { REPORT_PAGE } from './constants';

/** The full-tab follow-up report of an incident: opened by the popup, the overlay and reminders. */
export function reportUrl(incidentId: string): string {
  return browser.runtime.getURL(`${REPORT_PAGE}?incident=${encodeURIComponent(incidentId)}`);
}
