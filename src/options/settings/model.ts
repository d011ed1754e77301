/**
 * Settings as the options page edits them, plus what sync last reported. Each change is sent
 * to the worker as the fields it changed (the last choice of a setting wins), so an edit never
 * writes back fields this tab did not touch.
 */
import type { ReadonlySignal } from '@preact/signals';
import { signal } from '@preact/signals';
import type { FieldChange } from '../../domain/field-merge';
import { applyFields, diffFields } from '../../domain/field-merge';
import type { Settings } from '../../domain/settings';
import { send } from '../../shared/messaging';
import type { SyncStatus } from '../../shared/storage/items';
import { settingsItem, syncStatusItem } from '../../shared/storage/items';
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

/** A setting is chosen, not merged: the latest choice applies whatever the field held. */
const choices = (from: Settings, to: Settings): FieldChange[] =>
  diffFields(from, to).map(({ path, after }) => ({ path, after }));

export function createSettingsModel(): SettingsModel {
  const settings = signal<Settings | null>(null);
  const syncStatus = signal<SyncStatus>({ state: 'off' });
  // What is stored, as this tab last heard; edits are the difference from it.
  let base: Settings | null = null;

  /** A newer stored value arrived: show it, with this tab's unsaved choices on top. */
  function adopt(stored: Settings) {
    const mine = settings.peek();
    const pending = base && mine ? choices(base, mine) : [];
    base = stored;
    settings.value = applyFields(stored, pending).value as Settings;
  }

  const autosave = createAutosave<Settings>(async (value) => {
    if (!base) return;
    const changes = choices(base, value);
    if (changes.length === 0) return;
    const result = await send('settings/patch', { changes });
    adopt(result.value);
  });

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
      void settingsItem.get().then((loaded) => {
        if (!base) adopt(loaded);
      });
      void syncStatusItem.get().then((status) => (syncStatus.value = status));
      const stopSettings = settingsItem.watch((stored) => adopt(stored));
      const stopSync = syncStatusItem.watch((status) => (syncStatus.value = status));
      return () => {
        stopSettings();
        stopSync();
      };
    },
  };
}
