/** Settings as the options page edits them, plus what sync last reported. */
import type { ReadonlySignal } from '@preact/signals';
import { signal } from '@preact/signals';
import type { Settings } from '../../domain/settings';
import type { SyncStatus } from '../../shared/prefs';
import {
  loadSettings,
  loadSyncStatus,
  onOptionsDataChanged,
  onPrefsChanged,
  saveSettings,
} from '../../shared/prefs';
import type { Autosave } from '../autosave';
import { createAutosave } from '../autosave';

export interface SettingsModel {
  /** Null until loaded. */
  readonly settings: ReadonlySignal<Settings | null>;
  readonly syncStatus: ReadonlySignal<SyncStatus>;
  readonly autosave: Autosave<Settings>;
  update(change: Partial<Settings>): void;
  /** Loads settings and sync status and follows changes; returns the unsubscribe. */
  start(): () => void;
}

export function createSettingsModel(): SettingsModel {
  const settings = signal<Settings | null>(null);
  const syncStatus = signal<SyncStatus>({ state: 'off' });
  const autosave = createAutosave<Settings>((value) => saveSettings(value));

  return {
    settings,
    syncStatus,
    autosave,
    update(change) {
      if (!settings.value) return;
      settings.value = { ...settings.value, ...change };
      autosave.schedule(settings.value);
    },
    start() {
      void loadSettings().then((loaded) => {
        settings.value ??= loaded;
      });
      void loadSyncStatus().then((status) => (syncStatus.value = status));
      const stopPrefs = onPrefsChanged((change) => {
        // A change made here is already shown; one from another tab replaces an idle form.
        if (change.settings && !autosave.busy()) settings.value = change.settings;
      });
      const stopSync = onOptionsDataChanged({ syncStatus: (s) => (syncStatus.value = s) });
      return () => {
        stopPrefs();
        stopSync();
      };
    },
  };
}
