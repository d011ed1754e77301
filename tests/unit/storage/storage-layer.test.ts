import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { applyFields, diffFields, rebaseFields } from '../../../src/domain/field-merge';
import { DEFAULT_PLAYBOOK } from '../../../src/domain/playbook';
import { DEFAULT_SETTINGS } from '../../../src/domain/settings';
import { createSerialQueue } from '../../../src/domain/serial-queue';
import { patchPlaybook, patchSettings } from '../../../src/background/prefs-writer';
import { PlaybookSchema } from '../../../src/shared/schemas';
import {
  playbookItem,
  pocsChangedAtItem,
  quarantineItem,
  settingsItem,
} from '../../../src/shared/storage/items';
import { repairValue } from '../../../src/shared/storage/repair';
import { fakeBrowser, resetFakeBrowser } from '../fake-browser';

beforeEach(() => resetFakeBrowser());

describe('serial queue', () => {
  it('runs tasks in order, and a failed task does not block later ones', async () => {
    const queue = createSerialQueue();
    const order: number[] = [];
    const first = queue(async () => {
      await new Promise((r) => setTimeout(r, 5));
      order.push(1);
      throw new Error('boom');
    });
    const second = queue(async () => {
      order.push(2);
      return 'ok';
    });
    await expect(first).rejects.toThrow('boom');
    await expect(second).resolves.toBe('ok');
    expect(order).toEqual([1, 2]);
  });
});

describe('field merge', () => {
  it('merges edits of different talk tracks and reports the same one as a conflict', () => {
    const base = structuredClone(DEFAULT_PLAYBOOK);
    const mine = structuredClone(base);
    mine.phases.acknowledge.talkTracks[0] = 'mine';
    const theirs = structuredClone(base);
    theirs.phases.acknowledge.talkTracks[1] = 'theirs';
    const merged = rebaseFields(base, mine, theirs);
    expect(merged.conflicts).toEqual([]);
    const value = merged.value as typeof base;
    expect(value.phases.acknowledge.talkTracks.slice(0, 2)).toEqual(['mine', 'theirs']);

    theirs.phases.acknowledge.talkTracks[0] = 'also theirs';
    const clash = rebaseFields(base, mine, theirs);
    expect(clash.conflicts).toEqual([
      { path: ['phases', 'acknowledge', 'talkTracks', 0], mine: 'mine', theirs: 'also theirs' },
    ]);
  });

  it('applying a diff onto its own base gives the target', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        const { value, conflicts } = applyFields(a, diffFields(a, b));
        expect(conflicts).toEqual([]);
        expect(JSON.stringify(value)).toBe(JSON.stringify(b));
      }),
    );
  });
});

describe('repair', () => {
  it('keeps every valid field of a playbook with one long talk track and one phase missing', () => {
    const stored = structuredClone(DEFAULT_PLAYBOOK) as Record<string, unknown> &
      typeof DEFAULT_PLAYBOOK;
    stored.phases.acknowledge.talkTracks = ['kept', 'x'.repeat(2001), 'also kept'];
    delete (stored.phases as Partial<typeof stored.phases>).escalate;
    const { value, repairs } = repairValue(PlaybookSchema, stored, DEFAULT_PLAYBOOK);
    expect(value.phases.acknowledge.talkTracks).toEqual(['kept', 'x'.repeat(2000), 'also kept']);
    expect(value.phases.escalate).toEqual(DEFAULT_PLAYBOOK.phases.escalate);
    expect(repairs.map((r) => [r.path.join('.'), r.action])).toEqual(
      expect.arrayContaining([
        ['phases.acknowledge.talkTracks.1', 'cut'],
        ['phases.escalate', 'replaced'],
      ]),
    );
  });

  it('always returns a valid value, whatever is stored', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (raw) => {
        const { value } = repairValue(PlaybookSchema, raw, DEFAULT_PLAYBOOK);
        expect(PlaybookSchema['~standard'].validate(value)).not.toHaveProperty('issues');
      }),
      { numRuns: 200 },
    );
  });
});

describe('stored items', () => {
  it('one invalid setting does not reset the others, and an edit keeps them', async () => {
    const custom = {
      ...DEFAULT_SETTINGS,
      overlayCorner: 'bottom-left',
      remindersEnabled: false,
      retentionMonths: 6,
    };
    await fakeBrowser.storage.local.set({ settings: { ...custom, overlayOpacity: 5 } });
    const read = await settingsItem.read();
    expect(read.value).toEqual({ ...custom, overlayOpacity: DEFAULT_SETTINGS.overlayOpacity });
    expect(read.repairs.map((r) => r.path)).toEqual([['overlayOpacity']]);
    await patchSettings([{ path: ['overlaySize'], after: 'large' }]);
    expect(await settingsItem.get()).toMatchObject({ ...custom, overlaySize: 'large' });
    // The invalid original is kept until the SE dismisses the warning.
    expect((await quarantineItem.get()).settings?.raw).toMatchObject({ overlayOpacity: 5 });
  });

  it('never overwrites a value stored by a newer version', async () => {
    await fakeBrowser.storage.local.set({ playbook: DEFAULT_PLAYBOOK, playbook$v: 9 });
    expect((await playbookItem.read()).newer).toBe(true);
    await expect(
      patchPlaybook([{ path: ['phases', 'acknowledge', 'goal'], after: 'x' }]),
    ).rejects.toThrow(/newer version/);
    expect((await fakeBrowser.storage.local.get('playbook$v')).playbook$v).toBe(9);
  });

  it('migrates unversioned settings that predate a setting', async () => {
    const old: Partial<typeof DEFAULT_SETTINGS> = { ...DEFAULT_SETTINGS };
    delete old.syncEnabled;
    await fakeBrowser.storage.local.set({ settings: { ...old, overlaySize: 'large' } });
    const read = await settingsItem.read();
    expect(read.repairs).toEqual([]);
    expect(read.value).toEqual({ ...DEFAULT_SETTINGS, overlaySize: 'large' });
  });

  it('the worker stamps pocsChangedAt when it saves a POC', async () => {
    const { savePoc } = await import('../../../src/background/pocs');
    const { freshStore, poc } = await import('../background/store-fixtures');
    await freshStore();
    await savePoc(poc('p-1'));
    expect((await pocsChangedAtItem.get()) > 0).toBe(true);
  });

  it('watch delivers repaired values', async () => {
    const seen: unknown[] = [];
    const stop = settingsItem.watch((value) => seen.push(value));
    await fakeBrowser.storage.local.set({ settings: { ...DEFAULT_SETTINGS, overlayOpacity: 5 } });
    stop();
    expect(seen).toEqual([DEFAULT_SETTINGS]);
  });
});
