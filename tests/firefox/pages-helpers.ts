/**
 * Helpers for the extension's own pages in Firefox (their DOM is open): find controls by their
 * visible label or text, and use them with real clicks and key presses.
 */
import type { ElementHandle, Page } from 'puppeteer-core';
import { waitFor } from './harness';

/** The button (or tab) whose text matches, once it is rendered. */
export async function buttonNamed(page: Page, name: RegExp): Promise<ElementHandle<Element>> {
  return waitFor(
    async () => {
      for (const handle of await page.$$('button, [role="tab"]')) {
        const text = await handle.evaluate((e) => (e.textContent ?? '').trim());
        if (name.test(text)) return handle;
        await handle.dispose();
      }
      return null;
    },
    10_000,
    `button ${name}`,
  );
}

export async function clickButton(page: Page, name: RegExp): Promise<void> {
  await (await buttonNamed(page, name)).click();
}

/** The form field a <label> with exactly this text names. */
export async function fieldLabelled(page: Page, label: string): Promise<ElementHandle<Element>> {
  const id = await waitFor(
    () =>
      page.evaluate(
        (text) =>
          [...document.querySelectorAll('label')].find((l) => l.textContent?.trim() === text)
            ?.htmlFor,
        label,
      ),
    10_000,
    `label "${label}"`,
  );
  return (await page.$(`[id="${id}"]`)) as ElementHandle<Element>;
}

/** Replaces a field's value by typing, as a user would. */
export async function typeInto(field: ElementHandle<Element>, text: string): Promise<void> {
  await field.click({ count: 3 });
  await field.evaluate((e) => (e as HTMLTextAreaElement).select());
  await field.type(text);
}

/** Waits until the page's text contains `text`. */
export async function pageShows(page: Page, text: string | RegExp): Promise<string> {
  return waitFor(
    async () => {
      const body = await page.evaluate(() => document.body.innerText);
      return (typeof text === 'string' ? body.includes(text) : text.test(body)) && body;
    },
    10_000,
    `page text ${text}`,
  );
}
