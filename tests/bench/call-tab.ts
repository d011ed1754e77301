/**
 * The call tab: hotkey → overlay painted, the host page's cost with and without the extension
 * (a second browser launched without it), and the tab's JS heap. Timing is taken inside the
 * page by a bench-only page script (call-tab/page-probe.ts), so CDP round trips never enter a
 * latency figure.
 */
import { launchExtension, launchWithoutExtension, serveHtml } from '../e2e/harness';
import { extensionProbe } from '../e2e/overlay-helpers';
import { probeExtensionFiles } from './call-tab/extension-files';
import { measureHostCost } from './call-tab/host-cost';
import { measureLatency } from './call-tab/latency';
import { openCall } from './call-tab/page-probe';
import type { Figure } from './figures';

export interface CallTabOptions {
  runs: number;
  rounds: number;
  seconds: number;
}

/** The tab the call pages present (picked without a dialog by its title). */
const DEMO_TAB = { url: 'https://demo.example.com/app', title: 'Bench demo app' };

export async function measureCallTab(options: CallTabOptions): Promise<Figure[]> {
  const harness = await launchExtension({
    args: [`--auto-select-tab-capture-source-by-title=${DEMO_TAB.title}`],
  });
  await serveHtml(
    harness.context,
    DEMO_TAB.url,
    `<!doctype html><title>${DEMO_TAB.title}</title><h1>Demo</h1>`,
  );
  await (await harness.context.newPage()).goto(DEMO_TAB.url);
  const plain = await launchWithoutExtension();
  const plainAgain = await launchWithoutExtension();
  const closePlain = () => Promise.all([plain.close(), plainAgain.close()]);
  try {
    const probe = await extensionProbe(harness.context, harness.extensionId);
    const withExt = await openCall(harness.context);
    const without = await openCall(plain.context);
    const withoutAgain = await openCall(plainAgain.context);
    const host = await measureHostCost(harness, probe, withExt, without, withoutAgain, options);
    // Done with the baselines: their churning pages would only load the machine from here on.
    await closePlain();
    const files = await probeExtensionFiles(withExt, harness.extensionId);
    const latency = await measureLatency(harness, probe, withExt, options.runs);
    return [files, ...latency, ...host];
  } finally {
    await closePlain();
    await harness.close();
  }
}
