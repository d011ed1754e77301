/** What every panel of the options page can reach: a confirmation dialog and announcements. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ConfirmRequest } from './ConfirmDialog';

export interface PageServices {
  confirm(request: ConfirmRequest): void;
  /** Read out by screen readers (a polite live region), e.g. after a reorder. */
  announce(message: string): void;
}

// Outside a PageProvider nothing is ever confirmed, so nothing is replaced without asking.
export const PageContext = createContext<PageServices>({
  confirm: () => undefined,
  announce: () => undefined,
});

export const usePage = (): PageServices => useContext(PageContext);
