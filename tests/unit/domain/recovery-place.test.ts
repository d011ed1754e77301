import { describe, expect, it } from 'vitest';
import { NOT_SHARING, type ShareHint } from '../../../src/domain/privacy';
import {
  mostExposing,
  panelAllowed,
  panelEnabled,
  recoveryPlace,
  shareKind,
  type PlaceFacts,
  type ShareKind,
} from '../../../src/domain/recovery-place';

const CALL = { tabId: 1, windowId: 10, lastAccessed: 100 };
const OLDER_CALL = { tabId: 2, windowId: 20, lastAccessed: 50 };
const DEMO = { tabId: 3, windowId: 10, lastAccessed: 200 };

function facts(share: ShareKind, over: Partial<PlaceFacts> = {}): PlaceFacts {
  return {
    share,
    callTabShared: false,
    focused: { ...DEMO, isCallTab: false },
    chromeFocused: true,
    callTabs: [CALL, OLDER_CALL],
    callOnlyWindows: [],
    ...over,
  };
}
const onCallTab = { focused: { ...CALL, isCallTab: true } };

const hint = (surface: ShareHint['surface'], selfTab = false): ShareHint => ({
  sharing: true,
  surface,
  selfTab,
});

describe('shareKind', () => {
  it('reads each surface, an unknown one as the whole screen', () => {
    expect(shareKind([])).toBe('nothing');
    expect(shareKind([null, NOT_SHARING])).toBe('nothing');
    expect(shareKind([hint('browser')])).toBe('tab');
    expect(shareKind([hint('window')])).toBe('window');
    expect(shareKind([hint('monitor')])).toBe('screen');
    expect(shareKind([hint(null)])).toBe('screen');
  });

  it('takes the most exposing share of all call tabs', () => {
    expect(shareKind([hint('browser'), hint('window'), null])).toBe('window');
    expect(shareKind([hint('window'), hint('monitor'), hint('browser')])).toBe('screen');
  });
});

describe('panelAllowed', () => {
  it('only while nothing or a tab is shared', () => {
    expect(panelAllowed('nothing')).toBe(true);
    expect(panelAllowed('tab')).toBe(true);
    expect(panelAllowed('window')).toBe(false);
    expect(panelAllowed('screen')).toBe(false);
  });
});

describe('recoveryPlace: the table of issue 13', () => {
  it('nothing shared, on the call tab: the overlay in the call tab', () => {
    expect(recoveryPlace(facts('nothing', onCallTab))).toEqual({
      host: 'call-tab',
      tabId: 1,
      raise: false,
    });
  });

  it('nothing shared, on another tab: the side panel of that window, in step with the call tab', () => {
    expect(recoveryPlace(facts('nothing'))).toEqual({
      host: 'side-panel',
      windowId: 10,
      callTabId: 1,
      raise: false,
    });
  });

  it('a tab shared, on another tab (the demo): the side panel of its window', () => {
    const other = { focused: { tabId: 9, windowId: 30, lastAccessed: 300, isCallTab: false } };
    expect(recoveryPlace(facts('tab', other))).toEqual({
      host: 'side-panel',
      windowId: 30,
      callTabId: 1,
      raise: false,
    });
  });

  it('a tab shared, on the call tab: the overlay in the call tab', () => {
    expect(recoveryPlace(facts('tab', onCallTab))).toEqual({
      host: 'call-tab',
      tabId: 1,
      raise: false,
    });
  });

  it('the call tab itself shared, on it: the side panel (its overlay is hidden from the audience)', () => {
    expect(recoveryPlace(facts('tab', { ...onCallTab, callTabShared: true }))).toEqual({
      host: 'side-panel',
      windowId: 10,
      callTabId: 1,
      raise: false,
    });
  });

  it('the focused call tab is the one used, even when another was used more recently', () => {
    const focused = { ...OLDER_CALL, isCallTab: true };
    expect(recoveryPlace(facts('nothing', { focused }))).toMatchObject({ tabId: 2 });
  });

  it('a window shared, Chrome in the background: the call tab raised when its window holds only calls', () => {
    expect(recoveryPlace(facts('window', { chromeFocused: false, callOnlyWindows: [10] }))).toEqual(
      { host: 'call-tab', tabId: 1, raise: true },
    );
  });

  it('a window shared, the call tab beside other tabs: the overlay without touching any window', () => {
    expect(recoveryPlace(facts('window', { chromeFocused: false }))).toEqual({
      host: 'call-tab',
      tabId: 1,
      raise: false,
    });
    expect(recoveryPlace(facts('window', onCallTab))).toEqual({
      host: 'call-tab',
      tabId: 1,
      raise: false,
    });
  });

  it('the whole screen shared: the call tab (discreet), never the panel, nothing raised', () => {
    for (const over of [{}, onCallTab, { chromeFocused: false, callOnlyWindows: [10] }]) {
      expect(recoveryPlace(facts('screen', over))).toEqual({
        host: 'call-tab',
        tabId: 1,
        raise: false,
      });
    }
  });

  it('Chrome in the background, nothing shared: the panel in the last focused window, raised', () => {
    expect(recoveryPlace(facts('nothing', { chromeFocused: false }))).toMatchObject({
      host: 'side-panel',
      raise: true,
    });
  });

  it('no window at all: the most recent call tab, raised', () => {
    expect(recoveryPlace(facts('nothing', { focused: null, chromeFocused: false }))).toEqual({
      host: 'call-tab',
      tabId: 1,
      raise: true,
    });
  });

  it('no call tab: nowhere (the SE is told)', () => {
    expect(recoveryPlace(facts('nothing', { callTabs: [] }))).toEqual({ host: 'none' });
  });

  it('never the side panel while a window or the screen is shared', () => {
    const focusedOptions = [null, { ...DEMO, isCallTab: false }, { ...CALL, isCallTab: true }];
    for (const share of ['window', 'screen'] as const)
      for (const focused of focusedOptions)
        for (const chromeFocused of [true, false])
          for (const callTabShared of [true, false]) {
            const place = recoveryPlace(
              facts(share, { focused, chromeFocused, callTabShared, callOnlyWindows: [10, 20] }),
            );
            expect(place.host).toBe('call-tab');
          }
  });
});

describe('panelEnabled: what the hotkey can open, kept ahead of it', () => {
  const closed = { callTabShared: false, panelOpen: false };

  it('off on the call tab with nothing or a tab shared (the overlay is the recovery there)', () => {
    expect(panelEnabled({ share: 'nothing', onCallTab: true, ...closed })).toBe(false);
    expect(panelEnabled({ share: 'tab', onCallTab: true, ...closed })).toBe(false);
  });

  it('on beside any other tab, and beside a call tab that is itself the shared tab', () => {
    expect(panelEnabled({ share: 'nothing', onCallTab: false, ...closed })).toBe(true);
    expect(panelEnabled({ share: 'tab', onCallTab: false, ...closed })).toBe(true);
    expect(
      panelEnabled({ share: 'tab', onCallTab: true, callTabShared: true, panelOpen: false }),
    ).toBe(true);
  });

  it('kept on while a panel is open, so moving to the call tab never closes the ready view', () => {
    expect(
      panelEnabled({ share: 'nothing', onCallTab: true, callTabShared: false, panelOpen: true }),
    ).toBe(true);
  });

  it('off whenever a window or the screen is shared, open panel or not', () => {
    for (const share of ['window', 'screen'] as const)
      for (const onCallTab of [true, false])
        for (const panelOpen of [true, false])
          expect(panelEnabled({ share, onCallTab, callTabShared: false, panelOpen })).toBe(false);
  });

  it('agrees with recoveryPlace: a closed panel can open exactly when the recovery goes there', () => {
    const focusedOptions = [
      { ...DEMO, isCallTab: false },
      { ...CALL, isCallTab: true },
    ];
    for (const share of ['nothing', 'tab', 'window', 'screen'] as const)
      for (const focused of focusedOptions)
        for (const callTabShared of [true, false]) {
          const place = recoveryPlace(facts(share, { focused, callTabShared }));
          const enabled = panelEnabled({
            share,
            onCallTab: focused.isCallTab,
            callTabShared: focused.isCallTab && callTabShared,
            panelOpen: false,
          });
          expect(enabled).toBe(place.host === 'side-panel');
        }
  });
});

describe('mostExposing', () => {
  it('the share that shows the most, first of equals; null for none', () => {
    const nothing = { ...NOT_SHARING, id: 1 };
    const tab = { ...hint('browser'), id: 2 };
    const screen = { ...hint('monitor'), id: 3 };
    const unknown = { ...hint(null), id: 4 };
    expect(mostExposing([nothing, tab, screen])).toBe(screen);
    expect(mostExposing([tab, nothing])).toBe(tab);
    expect(mostExposing([unknown, screen])).toBe(unknown);
    expect(mostExposing([])).toBeNull();
  });
});
