/**
 * "Side panel": opens Demo Rescue's ready view beside the page, before the demo, so the hotkey
 * later only switches it to the recovery. Chrome refuses while a window or the screen is shared.
 */
import { useState } from 'preact/hooks';
import { openSidePanel } from '../shared/side-panel-open';

export function SidePanelButton() {
  const [refused, setRefused] = useState(false);
  const open = () => {
    // Called straight from the click: Chrome opens the panel only inside the user gesture.
    void openSidePanel().then((opened) => {
      if (opened) window.close();
      else setRefused(true);
    });
  };
  return (
    <>
      <button
        type="button"
        class="button small"
        title="The recovery beside your demo, outside any tab you share"
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
