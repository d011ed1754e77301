// STUB owned by the incident-store work (issue 3): replace entirely.
export async function refreshBadge(): Promise<void> {}
