/** The practice call's pages: the call itself, and its demo (`?demo`) in a tab of its own. */
import browser from 'webextension-polyfill';
import { PRACTICE_PAGE } from '../shared/constants';

export function isPracticePage(url: string | undefined): boolean {
  return Boolean(url?.startsWith(browser.runtime.getURL(PRACTICE_PAGE)));
}

/** The practice call, where the SE rehearses as in a call tab (not its demo tab). */
export function isPracticeCall(url: string | undefined): boolean {
  return isPracticePage(url) && !new URL(url as string).searchParams.has('demo');
}
