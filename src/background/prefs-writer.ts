/**
 * The one writer of the playbook and settings for the options page: edits arrive as field-level
 * patches and are applied, one at a time, to what is stored now, so two tabs editing different
 * fields both keep their edit and an edit of a field changed elsewhere comes back as a conflict.
 */
import { sameData } from '../domain/data';
import type { FieldChange } from '../domain/field-merge';
import { applyFields } from '../domain/field-merge';
import { createSerialQueue } from '../domain/serial-queue';
import type { PatchResult } from '../shared/messages';
import type { StorageItem } from '../shared/storage/item';
import { InvalidValueError, NewerVersionError } from '../shared/storage/item';
import { playbookItem, quarantineItem, settingsItem } from '../shared/storage/items';
import { HandlerError } from './errors';

const oneAtATime = createSerialQueue();

const ITEMS = { playbook: playbookItem, settings: settingsItem } as const;
const NAMES = { playbook: 'Playbook', settings: 'Settings' } as const;

function refusal(name: string, error: unknown): never {
  if (error instanceof InvalidValueError) {
    throw new HandlerError('invalid-input', `${name} not saved: ${error.message}`, error.problems);
  }
  if (error instanceof NewerVersionError) {
    throw new HandlerError('invalid-input', `${name} not saved: ${error.message}`);
  }
  throw error;
}

async function patch<T>(
  name: string,
  item: StorageItem<T>,
  changes: readonly FieldChange[],
): Promise<PatchResult<T>> {
  return oneAtATime(async () => {
    const stored = await item.read();
    if (stored.newer) refusal(name, new NewerVersionError(item.key, stored.version, item.version));
    const { value, conflicts } = applyFields(stored.value, changes);
    // Nothing of the person's to write: leave what is stored (a repair waits for them).
    if (sameData(value, stored.value)) return { value: stored.value, conflicts };
    try {
      await item.set(value as T);
    } catch (error) {
      refusal(name, error);
    }
    return { value: value as T, conflicts };
  });
}

export const patchPlaybook = (changes: readonly FieldChange[]) =>
  patch(NAMES.playbook, ITEMS.playbook, changes);

export const patchSettings = (changes: readonly FieldChange[]) =>
  patch(NAMES.settings, ITEMS.settings, changes);

/** Keeps the repaired value (the person has seen what changed) and drops the kept original. */
export function dismissRepairs(which: keyof typeof ITEMS): Promise<void> {
  return oneAtATime(async () => {
    const item: StorageItem<unknown> = ITEMS[which];
    const stored = await item.read();
    if (stored.newer) return;
    if (stored.repairs.length > 0) await item.set(stored.value);
    const quarantine = { ...(await quarantineItem.get()) };
    if (!(item.key in quarantine)) return;
    delete quarantine[item.key];
    await quarantineItem.set(quarantine);
  });
}
