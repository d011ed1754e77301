/**
 * Real X key events with no process spawn in the timing: one xdotool reads its commands from
 * stdin (`xdotool -` runs each line as it arrives), so a figure can start at the moment the key
 * is sent rather than before a new xdotool process starts (about 25 ms here).
 */
import { spawn } from 'node:child_process';

export interface KeySender {
  /** Sends `keys` (xdotool names, e.g. "ctrl+shift+9") and returns at once. */
  press(keys: string): void;
  close(): void;
}

export function startKeySender(): KeySender {
  const xdotool = spawn('xdotool', ['-'], { stdio: ['pipe', 'ignore', 'inherit'] });
  xdotool.on('error', (error) => {
    throw new Error(`xdotool could not start (scripts/ensure-chromium.mjs installs it): ${error}`);
  });
  return {
    press(keys) {
      if (!/^[\w+]+$/.test(keys)) throw new Error(`not an xdotool key name: ${keys}`);
      xdotool.stdin.write(`key --clearmodifiers ${keys}\n`);
    },
    close() {
      xdotool.stdin.end();
    },
  };
}
