/**
 * False once the extension was reloaded or removed under a content script: the `chrome.runtime`
 * it captured at load then has no id, or throws when asked.
 */
export function extensionAlive(runtime: typeof chrome.runtime): boolean {
  try {
    return Boolean(runtime?.id);
  } catch {
    return false;
  }
}
