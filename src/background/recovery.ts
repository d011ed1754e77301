// STUB owned by the overlay work (issue 7): replace entirely, keeping these exports.

/** Injects the overlay into the tab's top frame (and a marker into other call tabs). */
export async function showOverlay(_tabId: number): Promise<void> {}
/** The global hotkey: start or resume the incident in the best call tab. */
export async function onStartRecoveryCommand(): Promise<void> {}
/** After an install/update: re-attach overlays to open call tabs without reloading them. */
export async function reattachOverlays(): Promise<void> {}
