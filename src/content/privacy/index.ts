/** The privacy guard's API for the overlay: share-aware visibility, indicator, pop-out. */
export {
  createPrivacyGuard,
  type PrivacyGuard,
  type PrivacyGuardOptions,
  type PrivacySnapshot,
} from './guard';
export { PRIVACY_CSS, PrivacyIndicator, PrivacyOverrideControl } from './PrivacyIndicator';
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
