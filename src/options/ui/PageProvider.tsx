import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import type { ConfirmRequest } from './ConfirmDialog';
import { ConfirmDialog } from './ConfirmDialog';
import { PageContext } from './context';

/** Hosts the confirmation dialog and the live region for the page's panels. */
export function PageProvider({ children }: { children: ComponentChildren }) {
  const [request, setRequest] = useState<ConfirmRequest | null>(null);
  // A counter in the key makes a repeated announcement be read again.
  const [announcement, setAnnouncement] = useState({ text: '', n: 0 });
  const services = useMemo(
    () => ({
      confirm: setRequest,
      announce: (text: string) => setAnnouncement((a) => ({ text, n: a.n + 1 })),
    }),
    [],
  );
  return (
    <PageContext.Provider value={services}>
      {children}
      {request ? <ConfirmDialog request={request} onClose={() => setRequest(null)} /> : null}
      <div class="visually-hidden" role="status" aria-live="polite">
        <span key={announcement.n}>{announcement.text}</span>
      </div>
    </PageContext.Provider>
  );
}
