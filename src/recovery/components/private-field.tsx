/**
 * Where the overlay takes free text: a frame of the extension's private field page (see
 * src/shared/private-field.ts), so the call page never hears the keys typed into it. The frame
 * saves what is typed itself; the overlay sees it arrive in the mirrored incident.
 */
import { useMemo, useRef } from 'preact/hooks';
import browser from 'webextension-polyfill';
import {
  PRIVATE_FIELD_PAGE,
  PRIVATE_FIELD_LABELS,
  privateFieldQuery,
  type PrivateFieldKind,
} from '../../shared/private-field';
import type { OverlayStore } from '../store';

export function PrivateField({
  store,
  kind,
  focusName,
}: {
  store: OverlayStore;
  kind: PrivateFieldKind;
  focusName: string;
}) {
  const label = PRIVATE_FIELD_LABELS[kind];
  const size = store.settings.value.overlaySize;
  const src = useMemo(
    () => browser.runtime.getURL(PRIVATE_FIELD_PAGE) + privateFieldQuery(kind, size),
    [kind, size],
  );
  const frame = useRef<HTMLIFrameElement>(null);
  /** The next load is ours; any other means someone navigated the frame away. */
  const expectLoad = useRef(true);
  const onLoad = () => {
    if (expectLoad.current) {
      expectLoad.current = false;
      // Focused (N, E…) while its page was still loading: hand the focus on to that page now.
      const element = frame.current;
      const root = element?.getRootNode() as ShadowRoot | Document | undefined;
      if (element && root?.activeElement === element) element.contentWindow?.focus();
      return;
    }
    // A page may navigate a child frame (to a look-alike field): put ours back at once.
    expectLoad.current = true;
    if (frame.current) frame.current.src = src;
  };
  return (
    <div class="private-field">
      <span class="label" aria-hidden="true">
        {label}
      </span>
      <iframe
        ref={frame}
        src={src}
        title={label}
        class="private-frame"
        data-focus={focusName}
        onLoad={onLoad}
      />
    </div>
  );
}
