/** The hotkey: chrome.commands dispatched in the worker, or real X key events via xdotool. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Page, Worker } from 'playwright-core';
import { hasDisplay } from './paths';

const execFileAsync = promisify(execFile);

/** Fires chrome.commands.onCommand(name) inside the service worker, as a key press would. */
export async function dispatchCommand(worker: Worker, name: string): Promise<void> {
  await worker.evaluate((command) => {
    const event = chrome.commands.onCommand as unknown as { dispatch(command: string): void };
    event.dispatch(command);
  }, name);
}

/**
 * Sends real X key events with xdotool (e.g. 'ctrl+shift+9'), which reach chrome.commands
 * unlike page.keyboard. Needs DISPLAY and a headed browser. With `page`, its tab is brought to
 * front and its window focused first.
 */
export async function pressRealKeys(
  keys: string | string[],
  { page, delayMs = 30 }: { page?: Page; delayMs?: number } = {},
): Promise<void> {
  if (!hasDisplay()) throw new Error('pressRealKeys needs DISPLAY (run under xvfb-run)');
  const list = Array.isArray(keys) ? keys : [keys];
  if (page) {
    await page.bringToFront();
    const windowId = await chromiumWindowId(page);
    if (windowId) await execFileAsync('xdotool', ['windowfocus', '--sync', windowId]);
  }
  await execFileAsync('xdotool', ['key', '--clearmodifiers', '--delay', String(delayMs), ...list]);
}

async function chromiumWindowId(page: Page): Promise<string | undefined> {
  const search = async (...args: string[]) => {
    const { stdout } = await execFileAsync('xdotool', ['search', '--onlyvisible', ...args]).catch(
      () => ({ stdout: '' }),
    );
    return stdout.split('\n').filter(Boolean);
  };
  const all = await search('--class', 'chromium');
  if (all.length <= 1) return all[0];
  const title = (await page.title()).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const byTitle = title ? await search('--name', title) : [];
  return byTitle.find((id) => all.includes(id)) ?? all[all.length - 1];
}
