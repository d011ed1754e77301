/**
 * openbox on the test display. Without a window manager X offers no windows to capture
 * (Chromium lists none; Firefox's window source falls back to the screen), so tests that share
 * a real window start one for their file. scripts/ensure-chromium.mjs installs it.
 */
import { spawn } from 'node:child_process';
import { sleep } from './wait';

export interface WindowManager {
  stop(): void;
}

/** Starts openbox and gives it a moment to take the display; throws when it cannot start. */
export async function startWindowManager(): Promise<WindowManager> {
  const openbox = spawn('openbox', [], { stdio: 'ignore' });
  const failed = new Promise<never>((_, reject) =>
    openbox.once('error', (e) =>
      reject(new Error(`openbox could not start (scripts/ensure-chromium.mjs installs it): ${e}`)),
    ),
  );
  await Promise.race([sleep(500), failed]);
  return { stop: () => void openbox.kill() };
}
