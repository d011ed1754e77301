/**
 * What the options page must tell about stored data: a playbook or settings that needed repair
 * (and the original, kept until the SE dismisses the warning), or one saved by a newer version
 * of Demo Rescue, which is never overwritten.
 */
import type { ReadonlySignal } from '@preact/signals';
import { signal } from '@preact/signals';
import { send } from '../../shared/messaging';
import { readItems } from '../../shared/storage/item';
import { playbookItem, quarantineItem, settingsItem } from '../../shared/storage/items';
import type { Repair } from '../../shared/storage/repair';
import type { StoredItemName } from './describe';

export interface StoredNotice {
  item: StoredItemName;
  /** Saved by a newer Demo Rescue: shown as well as it can be, never overwritten. */
  newer: boolean;
  version: number;
  repairs: Repair[];
  /** The value as it was stored, for the SE to copy or download. */
  raw: unknown;
}

export interface StoredDataModel {
  readonly notices: ReadonlySignal<StoredNotice[]>;
  readonly error: ReadonlySignal<string | null>;
  dismiss(item: StoredItemName): Promise<void>;
  /** Reads what there is to tell and follows changes; returns the unsubscribe. */
  start(): () => void;
}

export function createStoredDataModel(): StoredDataModel {
  const notices = signal<StoredNotice[]>([]);
  const error = signal<string | null>(null);

  async function refresh() {
    const [playbook, settings, quarantine] = await readItems('local', [
      playbookItem,
      settingsItem,
      quarantineItem,
    ]);
    const found: StoredNotice[] = [];
    for (const [item, stored] of [
      ['playbook', playbook],
      ['settings', settings],
    ] as const) {
      const kept = quarantine.value[item === 'playbook' ? playbookItem.key : settingsItem.key];
      if (stored.newer) {
        found.push({ item, newer: true, version: stored.version, repairs: [], raw: stored.raw });
      } else if (kept) {
        found.push({
          item,
          newer: false,
          version: kept.version,
          repairs: kept.repairs,
          raw: kept.raw,
        });
      } else if (stored.repairs.length > 0) {
        found.push({
          item,
          newer: false,
          version: stored.version,
          repairs: stored.repairs,
          raw: stored.raw,
        });
      }
    }
    notices.value = found;
  }

  return {
    notices,
    error,
    async dismiss(item) {
      try {
        await send('stored/dismiss-repairs', { item });
        error.value = null;
        await refresh();
      } catch (e) {
        error.value = `The warning could not be dismissed: ${e instanceof Error ? e.message : String(e)}`;
      }
    },
    start() {
      void refresh();
      const stops = [playbookItem, settingsItem, quarantineItem].map((item) =>
        (item as typeof quarantineItem).watch(() => void refresh()),
      );
      return () => stops.forEach((stop) => stop());
    },
  };
}
