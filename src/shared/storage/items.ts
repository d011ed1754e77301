/**
 * Every item Demo Rescue keeps in chrome.storage: key, default, schema, version and upgrades
 * together (see item.ts). Keys are named in STORAGE_KEYS; nothing else reads or writes storage.
 */
import * as v from 'valibot';
import { DEFAULT_PLAYBOOK } from '../../domain/playbook';
import { DEFAULT_SETTINGS } from '../../domain/settings';
import { STORAGE_KEYS } from '../constants';
import type { ActiveIncident } from '../messages';
import {
  IncidentEventSchema,
  IncidentRecordSchema,
  PlaybookSchema,
  SettingsSchema,
  id,
} from '../schemas';
import { PanelPressSchema, type PanelPress } from '../panel-press';
import { ShareStateSchema, shareStateKey } from '../share-state';
import { defineItem } from './item';
import type { QuarantinedValue } from './item';

const time = v.pipe(v.number(), v.minValue(0));

export const playbookItem = defineItem({
  key: STORAGE_KEYS.playbook,
  schema: PlaybookSchema,
  fallback: DEFAULT_PLAYBOOK,
  userData: true,
});

export const settingsItem = defineItem({
  key: STORAGE_KEYS.settings,
  schema: SettingsSchema,
  fallback: DEFAULT_SETTINGS,
  version: 2,
  migrations: {
    // Version 1 (unversioned) settings may predate a setting: it starts at its default.
    2: (old) => ({ ...DEFAULT_SETTINGS, ...(typeof old === 'object' ? old : {}) }),
  },
  userData: true,
});

export const activeIncidentItem = defineItem<ActiveIncident | null>({
  key: STORAGE_KEYS.activeIncident,
  schema: v.nullable(
    v.object({ record: IncidentRecordSchema, events: v.array(IncidentEventSchema) }),
  ),
  fallback: null,
  // A mirror of IndexedDB: half of one would show a wrong incident; the worker rewrites it.
  whole: true,
});

export interface OverlayLayout {
  /** Where the SE dragged it, in CSS px from the viewport's top left; null = settings corner. */
  left: number | null;
  top: number | null;
  collapsed: boolean;
}

export const DEFAULT_LAYOUT: OverlayLayout = { left: null, top: null, collapsed: false };

const coordinate = v.nullable(v.pipe(v.number(), v.finite()));

export const overlayLayoutItem = defineItem<OverlayLayout>({
  key: STORAGE_KEYS.overlayLayout,
  schema: v.pipe(
    v.object({ left: coordinate, top: coordinate, collapsed: v.boolean() }),
    // A place needs both coordinates; with one missing it goes back to the settings corner.
    v.transform((layout) =>
      layout.left === null || layout.top === null ? { ...layout, left: null, top: null } : layout,
    ),
  ),
  fallback: DEFAULT_LAYOUT,
});

export const meetingPocsItem = defineItem<Record<string, string>>({
  key: STORAGE_KEYS.meetingPocs,
  schema: v.record(v.string(), id),
  fallback: {},
});

export const privacyOverridesItem = defineItem({
  key: STORAGE_KEYS.privacyOverrides,
  schema: v.record(v.string(), v.object({ mode: v.picklist(['show', 'hide']), at: v.number() })),
  fallback: {},
  userData: true,
});

export const firedRemindersItem = defineItem<Record<string, number>>({
  key: STORAGE_KEYS.firedReminders,
  schema: v.record(v.string(), v.number()),
  fallback: {},
});

export const testReminderDelayItem = defineItem<number | null>({
  key: STORAGE_KEYS.testReminderDelayMs,
  schema: v.nullable(time),
  fallback: null,
  whole: true,
});

export const playbookSavedAtItem = defineItem({
  key: STORAGE_KEYS.playbookSavedAt,
  schema: time,
  fallback: 0,
});

export type SyncStatus =
  | { state: 'off' }
  /** On, and nothing synced yet. */
  | { state: 'waiting' }
  | { state: 'synced'; at: number; bytes: number }
  /** Nothing is written while the playbook and POCs exceed Chrome's quota; local data is kept. */
  | { state: 'too-large'; at: number; bytes: number; limit: number }
  | { state: 'error'; at: number; reason: string };

export const syncStatusItem = defineItem<SyncStatus>({
  key: STORAGE_KEYS.syncStatus,
  schema: v.variant('state', [
    v.object({ state: v.literal('off') }),
    v.object({ state: v.literal('waiting') }),
    v.object({ state: v.literal('synced'), at: time, bytes: time }),
    v.object({ state: v.literal('too-large'), at: time, bytes: time, limit: time }),
    v.object({ state: v.literal('error'), at: time, reason: v.string() }),
  ]),
  fallback: { state: 'off' },
  whole: true,
});

export const pocsChangedAtItem = defineItem({
  key: STORAGE_KEYS.pocsChangedAt,
  schema: time,
  fallback: 0,
});

export const quarantineItem = defineItem<Record<string, QuarantinedValue>>({
  key: STORAGE_KEYS.quarantine,
  schema: v.record(
    v.string(),
    v.object({
      raw: v.unknown(),
      version: v.number(),
      repairs: v.array(
        v.object({
          path: v.array(v.union([v.string(), v.number()])),
          action: v.picklist(['cut', 'dropped', 'replaced']),
          reason: v.string(),
        }),
      ),
      at: v.number(),
    }),
  ) as v.GenericSchema<unknown, Record<string, QuarantinedValue>>,
  fallback: {},
});

export const overlayTabIdItem = defineItem<number | null>({
  area: 'session',
  key: STORAGE_KEYS.overlayTabId,
  schema: v.nullable(v.number()),
  fallback: null,
  whole: true,
});

export const panelPressItem = defineItem<PanelPress | null>({
  area: 'session',
  key: STORAGE_KEYS.panelPress,
  schema: v.nullable(PanelPressSchema),
  fallback: null,
  whole: true,
});

export const panelWindowsItem = defineItem<number[]>({
  area: 'session',
  key: STORAGE_KEYS.panelWindows,
  schema: v.array(v.pipe(v.number(), v.integer())),
  fallback: [],
  whole: true,
});

/** Since when the webRequest listeners run (epoch ms); null while no demo tab is open. */
export const captureSinceItem = defineItem<number | null>({
  area: 'session',
  key: STORAGE_KEYS.captureSince,
  schema: v.nullable(time),
  fallback: null,
  whole: true,
});

export const hotkeyAlertItem = defineItem({
  area: 'session',
  key: STORAGE_KEYS.hotkeyAlert,
  schema: v.boolean(),
  fallback: false,
  whole: true,
});

/** What one call tab shares, as far as its hints tell (one item per tab). */
export const shareStateItem = (tabId: number, frameId = 0) =>
  defineItem({
    area: 'session',
    key: shareStateKey(tabId, frameId),
    schema: v.nullable(ShareStateSchema),
    fallback: null,
    whole: true,
  });
