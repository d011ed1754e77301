/// <reference types="vitest/config" />
import { crx } from '@crxjs/vite-plugin';
import { resolve } from 'node:path';
import { build, defineConfig, type Plugin } from 'vite';
import { manifestFor, type TargetBrowser } from './manifest.browsers.ts';

const root = import.meta.dirname;

/**
 * V8's explicit compile hint: compile every function with the script instead of on its first
 * call. The overlay runs nearly all its code at once on the first show, so lazy compilation
 * only parsed it twice (~6 ms of a first show here). Must be the file's first line.
 */
const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';

/**
 * One self-contained classic script (an IIFE), emitted as a plain file. The overlay is injected
 * on demand with chrome.scripting.executeScript, which needs one; crxjs's `?script` imports
 * would list it in web_accessible_resources for every http(s) page, letting call pages detect
 * us. The side panel's page loads one too: as a dozen module chunks it took ~50 ms longer to
 * start, most of the hotkey's budget when Chrome opens the panel.
 */
function classicScript(
  entry: string,
  fileName: string,
  target: string,
  { compileHint = true } = {},
): Plugin {
  return {
    name: 'demo-rescue:injected-script',
    apply: 'build',
    async generateBundle() {
      const output = await build({
        configFile: false,
        logLevel: 'warn',
        root,
        mode: this.environment.config.mode,
        resolve: {
          alias: {
            'webextension-polyfill': resolve(root, 'src/content/overlay/chrome-as-browser.ts'),
          },
        },
        build: {
          write: false,
          minify: true,
          target,
          lib: { entry: resolve(root, entry), formats: ['iife'], name: 'demoRescueOverlay' },
        },
      });
      const results = Array.isArray(output) ? output : [output];
      for (const result of results) {
        if (!('output' in result)) throw new Error(`${entry}: unexpected watcher`);
        for (const chunk of result.output) {
          if (chunk.type === 'chunk' && chunk.isEntry) {
            this.emitFile({
              type: 'asset',
              fileName,
              source: (compileHint ? COMPILE_HINT : '') + chunk.code,
            });
          }
        }
      }
    },
  };
}

/**
 * Error stacks a call page sees include the frames of our main-world getDisplayMedia wrapper;
 * without a sourceURL they would read chrome-extension://<id>/…, naming the extension.
 */
function anonymousStackFrames(fileName: string): Plugin {
  return {
    name: 'demo-rescue:anonymous-stack-frames',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const file = bundle[fileName];
      const suffix = '\n//# sourceURL=<anonymous>\n';
      if (file?.type === 'chunk') file.code += suffix;
      else if (file?.type === 'asset' && typeof file.source === 'string') file.source += suffix;
      else throw new Error(`${fileName}: not emitted as a script`);
    },
  };
}

/**
 * Drops the module script Vite adds to a page whose scripts and styles are all loaded otherwise
 * (the side panel's classic script, its inlined CSS): the empty chunk still cost the page a
 * fetch before its first paint.
 */
function noEmptyEntryScripts(): Plugin {
  return {
    name: 'demo-rescue:no-empty-entry-scripts',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const empty = Object.values(bundle).filter(
        (file) => file.type === 'chunk' && file.isEntry && file.code.trim() === '',
      );
      for (const chunk of empty) {
        const src = chunk.fileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        const tag = new RegExp(`\\s*<script [^>]*src="/${src}"[^>]*></script>`);
        for (const file of Object.values(bundle)) {
          if (file.type === 'asset' && typeof file.source === 'string') {
            file.source = file.source.replace(tag, '');
          }
        }
        delete bundle[chunk.fileName];
      }
    },
  };
}

/** `vite build` builds dist/ for Chrome and Edge; `vite build --mode firefox`, dist-firefox/. */
export default defineConfig(({ mode }) => {
  const browser: TargetBrowser = mode === 'firefox' ? 'firefox' : 'chrome';
  const target = browser === 'firefox' ? 'firefox140' : 'chrome116';
  return {
    plugins: [
      crx({ manifest: manifestFor(browser), browser }),
      classicScript('src/content/overlay/main.tsx', 'overlay.js', target),
      classicScript('src/content/page-errors.ts', 'page-errors.js', target),
      classicScript('src/content/page-errors-main.ts', 'page-errors-main.js', target),
      classicScript('src/content/page-console-main.ts', 'page-console-main.js', target),
      // Chrome only (Firefox has no side panel). Lazy compilation: the panel runs a fraction
      // of its code (ready view or recovery) on load, and eager was no faster here.
      ...(browser === 'chrome'
        ? [classicScript('src/sidepanel/main.tsx', 'sidepanel.js', target, { compileHint: false })]
        : []),
      anonymousStackFrames('src/content/share-watch.iife.js'),
      anonymousStackFrames('page-errors-main.js'),
      anonymousStackFrames('page-console-main.js'),
      noEmptyEntryScripts(),
    ],
    build: {
      outDir: browser === 'firefox' ? 'dist-firefox' : 'dist',
      target,
      minify: true,
      sourcemap: false,
      rollupOptions: {
        input: {
          practice: resolve(root, 'src/practice/index.html'),
          ...(browser === 'chrome' ? { sidepanel: resolve(root, 'src/sidepanel/index.html') } : {}),
          report: resolve(root, 'src/report/index.html'),
          'private-field': resolve(root, 'src/private-field/index.html'),
        },
      },
    },
    test: {
      projects: [
        {
          test: {
            name: 'unit',
            include: ['tests/unit/**/*.test.{ts,tsx}', 'src/**/*.test.{ts,tsx}'],
            environment: 'happy-dom',
            setupFiles: ['tests/unit/setup.ts'],
          },
        },
        {
          test: {
            name: 'e2e',
            include: ['tests/e2e/**/*.e2e.ts'],
            environment: 'node',
            testTimeout: 60_000,
            hookTimeout: 60_000,
            fileParallelism: false,
            maxWorkers: 1,
          },
        },
        {
          test: {
            name: 'firefox',
            include: ['tests/firefox/**/*.e2e.ts'],
            environment: 'node',
            testTimeout: 60_000,
            hookTimeout: 60_000,
            fileParallelism: false,
            maxWorkers: 1,
          },
        },
      ],
    },
  };
});
