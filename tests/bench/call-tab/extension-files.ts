/** Whether a call page can fetch the extension's files (it must not: no web-accessible resources). */
import type { Page } from 'playwright-core';
import { OVERLAY_SCRIPT } from '../../../src/shared/constants';
import type { Figure } from '../figures';

/** A call page must not be able to load extension files (no web-accessible resources). */
export async function probeExtensionFiles(page: Page, extensionId: string): Promise<Figure> {
  const files = [OVERLAY_SCRIPT, 'manifest.json'];
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
