/**
 * "Side panel": opens Demo Rescue's ready view beside the page, before the demo, so the hotkey
 * later only switches it to the recovery. Chrome refuses while a window or the screen is shared.
 */
import { useEffect, useState } from 'preact/hooks';
import { send } from '../shared/messaging';
import { openSidePanel } from '../shared/side-panel-open';

export function SidePanelButton() {
  const [refused, setRefused] = useState(false);
  // Read before any click (a moment, the button waits): the click must call Chrome at once.
  const [sharesAllow, setSharesAllow] = useState<boolean | null>(null);
  useEffect(() => {
    send('panel/allowed', {}).then(setSharesAllow, () => setSharesAllow(false));
  }, []);
  const open = () => {
    // Called straight from the click: Chrome opens the panel only inside the user gesture.
    void openSidePanel(sharesAllow === true).then((opened) => {
      if (!opened) return setRefused(true);
      // The worker keeps the panel enabled from now on; the popup goes once it knows.
      void send('panel/opened', {})
        .catch(() => undefined)
        .finally(() => window.close());
    });
  };
  return (
    <>
      <button
        type="button"
        class="button small"
        title="The recovery beside your demo, outside any tab you share"
        disabled={sharesAllow === null}
        onClick={open}
      >
        Side panel
      </button>
      {refused && (
        <p class="side-panel-refused" role="alert">
          The side panel stays closed while you share a window or your whole screen.
        </p>
      )}
    </>
  );
}
