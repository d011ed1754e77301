/**
 * Whether a call page can fetch the extension's files by their fixed URL (it must not: the one
 * web-accessible page, the private text field, is reachable only through a dynamic URL).
 */
import type { Page } from 'playwright-core';
import { OVERLAY_SCRIPT } from '../../../src/shared/constants';
import type { Figure } from '../figures';

export async function probeExtensionFiles(page: Page, extensionId: string): Promise<Figure> {
  const files = [OVERLAY_SCRIPT, 'manifest.json', 'src/private-field/index.html'];
  const loaded = await page.evaluate(
    async (urls) => {
      const results = await Promise.all(
        urls.map((url) =>
          fetch(url).then(
            (r) => r.ok,
            () => false,
          ),
        ),
      );
      return results.filter(Boolean).length;
    },
    files.map((f) => `chrome-extension://${extensionId}/${f}`),
  );
  return {
    group: 'weight',
    name: 'extension files a call page can fetch',
    value: loaded,
    unit: 'count',
    budget: { max: 0, of: 'value' },
    note: `tried ${files.join(', ')} from the Meet page`,
  };
}
