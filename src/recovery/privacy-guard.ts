/**
 * What the recovery UI reads and calls of the privacy guard: whether the audience could see it,
 * the indicator's line, the per-meeting choice. The call tab's overlay implements it
 * (src/content/privacy/guard.ts); the recovery UI only depends on this shape.
 */
import type { ReadonlySignal } from '@preact/signals';
import type { CaptureSupport, OverlayPlace, PrivacyOverride, PrivacyView } from '../domain/privacy';
import type { PrivacySnapshot, ShareState } from '../shared/share-state';

export interface PrivacyGuard {
  /** What this tab shares as far as its hints tell; null when nothing was ever shared. */
  readonly share: ReadonlySignal<ShareState | null>;
  /** The user's choice for this meeting. */
  readonly override: ReadonlySignal<PrivacyOverride>;
  /** Where the overlay is drawn (see setPlace). */
  readonly place: ReadonlySignal<OverlayPlace>;
  readonly view: ReadonlySignal<PrivacyView>;
  /** What this browser can tell about a share (see CaptureSupport). */
  readonly support: CaptureSupport;
  /** False until the share state and the choice were first loaded (even if that failed). */
  readonly ready: ReadonlySignal<boolean>;
  /** A peek is showing the discreet overlay for a few seconds. */
  readonly peeking: ReadonlySignal<boolean>;
  /** The overlay may be visible: ready, and normal mode or peeking. */
  readonly visible: ReadonlySignal<boolean>;
  /**
   * The one-line warning for the first time the overlay goes discreet in this meeting (this
   * page session), until dismissWarning(); null otherwise.
   */
  readonly warning: ReadonlySignal<string | null>;
  /** Resolves once `ready` is true. */
  readonly loaded: Promise<void>;
  /** Shows a discreet overlay for PEEK_MS (again from now if already peeking). */
  peek(): void;
  /**
   * The overlay moved into or out of the pop-out window: sharing the call tab itself no longer
   * shows a popped-out overlay, sharing the whole screen still does.
   */
  setPlace(place: OverlayPlace): void;
  dismissWarning(): void;
  /**
   * What the worker read just before a show request: ready from it if the guard's own reads
   * have not answered yet; a newer share state than the one held wins.
   */
  learn(snapshot: PrivacySnapshot): void;
  /** Saves the choice for this meeting; rejects (and keeps the previous one) if storage fails. */
  setOverride(mode: PrivacyOverride): Promise<void>;
  dispose(): void;
}
