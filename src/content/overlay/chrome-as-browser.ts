/**
 * Stands in for webextension-polyfill inside the injected overlay bundle (see vite.config.ts).
 * The overlay only runs in Chrome MV3, whose `chrome` APIs return promises; the polyfill's
 * wrapper would cost ~3 KB gzip of the overlay's 30 KB budget for nothing.
 */
import type Browser from 'webextension-polyfill';

export default chrome as unknown as typeof Browser;
