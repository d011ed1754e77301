/**
 * The privacy guard as signals for the overlay: what this tab is sharing (from the worker's
 * `share/state`, then its `share/changed` pushes), the user's choice for this meeting, and so
 * whether the overlay may show now. It stays invisible until the first answer arrived: the tab
 * might be on screen for the audience.
 */
import { computed, signal } from '@preact/signals';
import * as v from 'valibot';
import browser, { type Runtime } from 'webextension-polyfill';
import { sameData } from '../../domain/data';
import {
  PEEK_MS,
  privacyView,
  type CaptureSupport,
  type OverlayPlace,
  type PrivacyOverride,
} from '../../domain/privacy';
import {
  ShareChangedSchema,
  type PrivacySnapshot,
  type ShareState,
} from '../../shared/share-state';
import type { PrivacyGuard } from '../../recovery/privacy-guard';
import { captureSupport } from './capture-support';
import { send } from '../../shared/messaging';
import {
  loadOverride,
  onOverrideChanged,
  overrideKey,
  saveOverride,
} from '../../shared/privacy-overrides';

export interface PrivacyGuardOptions {
  /** The call page's URL, which names the meeting. Default: this page's. */
  url?: string;
  now?: () => number;
  peekMs?: number;
  /**
   * Ready at once from it, so the hotkey's first paint does not wait for two storage reads
   * that queue behind the incident's writes; the guard still asks, in case it changed since.
   */
  known?: PrivacySnapshot;
  /** Default: this browser's (a feature check). */
  support?: CaptureSupport;
}

/** Meetings whose discreet-mode warning was dismissed while this page lives. */
const warnedMeetings = new Set<string>();

export function createPrivacyGuard({
  url = location.href,
  now = Date.now,
  peekMs = PEEK_MS,
  known,
  support = captureSupport(),
}: PrivacyGuardOptions = {}): PrivacyGuard {
  const key = overrideKey(url);
  const share = signal<ShareState | null>(null);
  const override = signal<PrivacyOverride>('auto');
  const place = signal<OverlayPlace>('tab');
  const ready = signal(false);
  const peeking = signal(false);
  const warned = signal(warnedMeetings.has(key));
  let overrideSeen = false;
  let peekTimer: ReturnType<typeof setTimeout> | undefined;

  const view = computed(() => privacyView(share.value, override.value, place.value, support));
  const visible = computed(() => ready.value && (view.value.mode === 'normal' || peeking.value));
  const warning = computed(() => {
    const { mode, indicator, suggestion } = view.value;
    if (!ready.value || warned.value || override.value !== 'auto' || mode !== 'discreet') {
      return null;
    }
    return suggestion ? `${indicator}. ${suggestion}` : indicator;
  });

  /** The pushed state and the loaded one may cross: keep the newer; the same one again is no change. */
  const accept = (next: ShareState | null) => {
    const current = share.peek();
    if (!next || (current && next.at < current.at)) return;
    if (!sameData(current, next)) share.value = next;
  };

  const learn = (snapshot: PrivacySnapshot) => {
    accept(snapshot.share);
    if (snapshot.override === undefined || ready.peek()) return;
    if (!overrideSeen) override.value = snapshot.override;
    ready.value = true;
  };
  if (known) learn(known);

  const onMessage = (message: unknown, sender: Runtime.MessageSender) => {
    if (sender.id !== browser.runtime.id) return;
    const pushed = v.safeParse(ShareChangedSchema, message);
    if (pushed.success) accept(pushed.output.state);
  };
  browser.runtime.onMessage.addListener(onMessage);
  const stopFollowing = onOverrideChanged(key, (mode) => {
    overrideSeen = true;
    override.value = mode;
  });

  const loaded = Promise.allSettled([
    send('share/state', {}).then(accept),
    loadOverride(key).then((mode) => {
      if (!overrideSeen) override.value = mode;
    }),
  ]).then(() => {
    ready.value = true;
  });

  return {
    share,
    override,
    place,
    view,
    support,
    ready,
    peeking,
    visible,
    warning,
    loaded,
    peek() {
      clearTimeout(peekTimer);
      peeking.value = true;
      peekTimer = setTimeout(() => {
        peeking.value = false;
      }, peekMs);
    },
    setPlace(next) {
      place.value = next;
    },
    dismissWarning() {
      warnedMeetings.add(key);
      warned.value = true;
    },
    learn,
    async setOverride(mode) {
      const previous = override.peek();
      override.value = mode;
      try {
        await saveOverride(key, mode, now());
      } catch (error) {
        override.value = previous;
        throw error;
      }
    },
    dispose() {
      clearTimeout(peekTimer);
      browser.runtime.onMessage.removeListener(onMessage);
      stopFollowing();
    },
  };
}
