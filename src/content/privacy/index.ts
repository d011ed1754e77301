/** The privacy guard's API for the overlay: share-aware visibility, indicator, pop-out. */
export { createPrivacyGuard, type PrivacyGuardOptions } from './guard';
export type { PrivacyGuard } from '../../recovery/privacy-guard';
export type { PrivacySnapshot } from '../../shared/share-state';
export {
  POP_OUT_SIZE,
  isPopOutSupported,
  openPopOut,
  type PopOut,
  type PopOutOptions,
} from './pop-out';
export {
  PEEK_MS,
  type OverlayPlace,
  type PrivacyMode,
  type PrivacyOverride,
  type PrivacyView,
} from '../../domain/privacy';
