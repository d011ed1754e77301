/** The private field's page (framed in the overlay): wires mountPrivateField to the extension. */
import browser from 'webextension-polyfill';
import { STORAGE_KEYS } from '../shared/constants';
import type { ActiveIncident } from '../shared/messages';
import { send, sendUntilAnswered } from '../shared/messaging';
import { parsePrivateFieldQuery } from '../shared/private-field';
import { mountPrivateField } from './field';
import './field.css';

async function readActive(): Promise<ActiveIncident | null> {
  const stored = await browser.storage.local.get(STORAGE_KEYS.activeIncident);
  return (stored[STORAGE_KEYS.activeIncident] as ActiveIncident | null | undefined) ?? null;
}

const query = parsePrivateFieldQuery(location.search);
if (query) {
  document.documentElement.dataset.size = query.size;
  mountPrivateField(document, query.kind, {
    readActive,
    waitForActive(timeoutMs) {
      return new Promise((resolve) => {
        const done = (active: ActiveIncident | null) => {
          clearTimeout(timer);
          browser.storage.onChanged.removeListener(onChanged);
          resolve(active);
        };
        const onChanged = (changes: Record<string, browser.Storage.StorageChange>) => {
          const active = changes[STORAGE_KEYS.activeIncident]?.newValue as ActiveIncident | null;
          if (active?.record.status === 'active') done(active);
        };
        const timer = setTimeout(() => done(null), timeoutMs);
        browser.storage.onChanged.addListener(onChanged);
        // Stored between the caller's read and this listener.
        void readActive().then((active) => active?.record.status === 'active' && done(active));
      });
    },
    act: (incidentId, action, key) =>
      sendUntilAnswered('incident/act', { incidentId, action, key }),
    newKey: () => crypto.randomUUID(),
    leave: () => send('overlay/leave', {}),
    async loadDraft(key) {
      const stored = await browser.storage.session.get(key);
      const value = stored[key];
      return typeof value === 'string' ? value : null;
    },
    async saveDraft(key, text) {
      if (text === null || text === '') await browser.storage.session.remove(key);
      else await browser.storage.session.set({ [key]: text });
    },
  });
} else {
  document.body.textContent = 'This field is part of the Demo Rescue overlay.';
}
