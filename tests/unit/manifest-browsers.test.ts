import { describe, expect, it } from 'vitest';
import { FIREFOX_MIN_VERSION, GECKO_ID, manifestFor } from '../../manifest.browsers.ts';
import chromeManifest from '../../manifest.json' with { type: 'json' };

describe('manifestFor', () => {
  it('gives Chrome (and Edge) manifest.json as it is', () => {
    expect(manifestFor('chrome')).toBe(chromeManifest);
  });

  it('gives Firefox an event page, gecko settings, no global command and no Chrome-only keys', () => {
    const firefox = manifestFor('firefox') as Record<string, unknown> & typeof chromeManifest;
    expect(firefox.background).toEqual({
      scripts: [chromeManifest.background.service_worker],
      type: 'module',
    });
    expect(firefox.browser_specific_settings).toMatchObject({
      gecko: {
        id: GECKO_ID,
        strict_min_version: FIREFOX_MIN_VERSION,
        data_collection_permissions: { required: ['none'] },
      },
    });
    for (const command of Object.values(firefox.commands))
      expect(command).not.toHaveProperty('global');
    const chromeOnly = ['minimum_chrome_version', 'side_panel', 'key', 'update_url'];
    for (const key of chromeOnly) {
      expect(firefox).not.toHaveProperty(key);
    }
    expect(firefox.permissions).not.toContain('sidePanel');
    // Everything else is the same manifest.
    const differs = ['background', 'commands', 'permissions', 'browser_specific_settings'];
    for (const [key, value] of Object.entries(chromeManifest)) {
      if (chromeOnly.includes(key) || differs.includes(key)) continue;
      expect(firefox[key as keyof typeof firefox], key).toEqual(value);
    }
    expect(firefox.permissions).toEqual(
      chromeManifest.permissions.filter((p) => p !== 'sidePanel'),
    );
  });
});
