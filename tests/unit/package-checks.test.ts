import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { packageProblems } from '../../scripts/package-checks.mjs';

const files = (manifest: object, extra: string[] = []) => ({
  'manifest.json': strToU8(JSON.stringify(manifest)),
  'bg.js': strToU8(''),
  'popup.html': strToU8(''),
  ...Object.fromEntries(extra.map((path) => [path, strToU8('')])),
});

const base = {
  manifest_version: 3,
  name: 'Demo Rescue',
  version: '1.2.3',
  action: { default_popup: 'popup.html' },
};
const chrome = {
  ...base,
  background: { service_worker: 'bg.js', type: 'module' },
  commands: { start: { global: true } },
};
const firefox = {
  ...base,
  background: { scripts: ['bg.js'], type: 'module' },
  commands: { start: {} },
  browser_specific_settings: {
    gecko: {
      id: 'x@example',
      strict_min_version: '140.0',
      data_collection_permissions: { required: ['none'] },
    },
  },
};

describe('packageProblems', () => {
  it('passes a Chromium package for Chrome and Edge, and a Firefox one for Firefox', () => {
    expect(packageProblems('chrome', files(chrome), '1.2.3')).toEqual([]);
    expect(packageProblems('edge', files(chrome), '1.2.3')).toEqual([]);
    expect(packageProblems('firefox', files(firefox), '1.2.3')).toEqual([]);
  });

  it('refuses the Chrome manifest for Firefox, naming each reason', () => {
    expect(packageProblems('firefox', files(chrome), '1.2.3')).toEqual([
      'manifest.json background.scripts is missing (Firefox runs an event page)',
      'manifest.json background.service_worker: Firefox has no extension service workers',
      'manifest.json browser_specific_settings.gecko.id is missing',
      'manifest.json gecko.strict_min_version is missing',
      'manifest.json gecko.data_collection_permissions.required is missing (AMO requires it)',
      'manifest.json command start has "global" (Chrome-only)',
    ]);
    expect(packageProblems('edge', files(firefox), '1.2.3')).toContain(
      'manifest.json background.service_worker is missing',
    );
  });

  it('finds dev-only keys, missing files, a wrong version and files that must not ship', () => {
    const manifest = { ...chrome, key: 'abc', icons: { 16: 'icon.png' } };
    expect(
      packageProblems('chrome', files(manifest, ['bg.js.map', 'tests/a.js', 'x.test.ts']), '2.0.0'),
    ).toEqual([
      "manifest.json version 1.2.3 is not package.json's 2.0.0",
      'manifest.json has "key"',
      'manifest.json names icon.png, which is not in the zip',
      'ships a source map: bg.js.map',
      'ships a test file: tests/a.js',
      'ships a test file: x.test.ts',
    ]);
    expect(packageProblems('chrome', {}, '1.2.3')).toEqual(['manifest.json is missing']);
  });
});
