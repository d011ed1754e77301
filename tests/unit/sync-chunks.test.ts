import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SYNC_KEY_PREFIX,
  SYNC_MANIFEST_KEY,
  SYNC_QUOTA,
  SyncTooLargeError,
  joinFromSync,
  splitForSync,
  staleSyncKeys,
  syncChunkKey,
  syncItemBytes,
} from '../../src/domain/sync-chunks';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const utf8 = (text: string) => new TextEncoder().encode(text).length;

/** What Chrome measures, by its rules: key + value JSON with `<`, U+2028/9 escaped. */
function chromeItemBytes(key: string, value: unknown): number {
  const json = JSON.stringify(value).replace(/[<\u2028\u2029\u007f]/g, '\\u0000');
  return utf8(key) + utf8(json);
}

describe('splitForSync / joinFromSync', () => {
  it('round-trips an empty payload and a small one as a manifest plus one chunk', () => {
    for (const payload of ['', '{"a":1}']) {
      const { items } = splitForSync(payload);
      expect(Object.keys(items).sort()).toEqual([syncChunkKey(0), SYNC_MANIFEST_KEY].sort());
      expect(joinFromSync(items)).toMatchObject({ kind: 'ok', payload });
    }
  });

  it('round-trips a large payload across several chunks, each within the per-item quota', () => {
    const payload = JSON.stringify({ text: 'Acme – “SSO” <login> \\ 🚀\n'.repeat(2_000) });
    const { items, bytes } = splitForSync(payload);
    const chunkKeys = Object.keys(items).filter((k) => k !== SYNC_MANIFEST_KEY);
    expect(chunkKeys.length).toBeGreaterThan(5);
    for (const [key, value] of Object.entries(items)) {
      expect(syncItemBytes(key, value)).toBeLessThanOrEqual(SYNC_QUOTA.bytesPerItem);
      expect(chromeItemBytes(key, value)).toBeLessThanOrEqual(SYNC_QUOTA.bytesPerItem);
    }
    expect(bytes).toBeLessThanOrEqual(SYNC_QUOTA.totalBytes);
    expect(joinFromSync(items)).toMatchObject({ kind: 'ok', payload });
  });

  it('fills chunks close to the limit even when every character needs escaping', () => {
    const payload = '<'.repeat(10_000);
    const { items } = splitForSync(payload);
    const sizes = Object.entries(items)
      .filter(([key]) => key !== SYNC_MANIFEST_KEY)
      .map(([key, value]) => chromeItemBytes(key, value));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(SYNC_QUOTA.bytesPerItem);
    expect(sizes[0]).toBeGreaterThan(SYNC_QUOTA.bytesPerItem - 6);
    expect(joinFromSync(items)).toMatchObject({ kind: 'ok', payload });
  });

  it('never splits a surrogate pair between two chunks', () => {
    const payload = `x${'🚀'.repeat(5_000)}`;
    const { items } = splitForSync(payload);
    for (const [key, value] of Object.entries(items)) {
      // A lone surrogate at either end of a chunk means a pair was cut in two.
      if (key !== SYNC_MANIFEST_KEY) expect(value as string).not.toMatch(LONE_SURROGATE);
    }
    expect(joinFromSync(items)).toMatchObject({ kind: 'ok', payload });
  });

  it('round-trips any text with every item within quota (property)', () => {
    const quota = { bytesPerItem: 300, totalBytes: 1_000_000, maxItems: 10_000 };
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 2_000 }), (text) => {
        const payload = JSON.stringify({ text });
        const { items } = splitForSync(payload, quota);
        for (const [key, value] of Object.entries(items)) {
          expect(chromeItemBytes(key, value)).toBeLessThanOrEqual(quota.bytesPerItem);
          expect(syncItemBytes(key, value)).toBeGreaterThanOrEqual(chromeItemBytes(key, value));
        }
        expect(joinFromSync(items)).toMatchObject({ kind: 'ok', payload });
      }),
    );
  });

  it('throws a clear total-quota error with the size when the payload is too large', () => {
    const payload = JSON.stringify({ text: 'a'.repeat(130 * 1024) });
    let error: unknown;
    try {
      splitForSync(payload);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SyncTooLargeError);
    const tooLarge = error as SyncTooLargeError;
    expect(tooLarge.limit).toBe(102_400);
    expect(tooLarge.bytes).toBeGreaterThan(130 * 1024);
    expect(tooLarge.message).toBe(
      "Your playbook and POCs are 131 KB; your browser's sync allows 100 KB.",
    );
  });

  it('counts the manifest and keys against the total: just under 100 KB of text does not fit', () => {
    expect(() => splitForSync('a'.repeat(102_300))).toThrow(SyncTooLargeError);
    expect(() => splitForSync('a'.repeat(100_000))).not.toThrow();
  });

  it('refuses a per-item quota too small to hold any payload', () => {
    const quota = { bytesPerItem: 20, totalBytes: 1_000, maxItems: 512 };
    expect(() => splitForSync('abc', quota)).toThrow(/cannot hold any payload/);
  });

  it('reports too many items against MAX_ITEMS as too large', () => {
    const quota = { bytesPerItem: 40, totalBytes: 1_000_000, maxItems: 3 };
    expect(() => splitForSync('a'.repeat(200), quota)).toThrow(SyncTooLargeError);
  });
});

describe('joinFromSync with partly synced data', () => {
  const payload = JSON.stringify({ text: 'b'.repeat(30_000) });
  const { items } = splitForSync(payload);

  it('is empty without a manifest', () => {
    expect(joinFromSync({})).toEqual({ kind: 'empty' });
    expect(joinFromSync({ other: 1 })).toEqual({ kind: 'empty' });
  });

  it('is incomplete while a chunk is missing', () => {
    const rest = { ...items };
    delete rest[syncChunkKey(1)];
    expect(joinFromSync(rest)).toEqual({ kind: 'incomplete' });
  });

  it('is incomplete when a chunk is still from the previous version', () => {
    const older = splitForSync(JSON.stringify({ text: 'c'.repeat(30_000) })).items;
    expect(joinFromSync({ ...items, [syncChunkKey(2)]: older[syncChunkKey(2)] })).toEqual({
      kind: 'incomplete',
    });
  });

  it('is incomplete when the manifest is malformed', () => {
    expect(joinFromSync({ ...items, [SYNC_MANIFEST_KEY]: { version: 2 } })).toEqual({
      kind: 'incomplete',
    });
  });
});

describe('staleSyncKeys', () => {
  it('lists our chunk keys past the new end and never foreign keys', () => {
    const next = splitForSync('short').items;
    const existing = [SYNC_MANIFEST_KEY, syncChunkKey(0), syncChunkKey(1), syncChunkKey(7), 'x'];
    expect(staleSyncKeys(existing, next)).toEqual([syncChunkKey(1), syncChunkKey(7)]);
    expect(SYNC_MANIFEST_KEY.startsWith(SYNC_KEY_PREFIX)).toBe(true);
  });
});
