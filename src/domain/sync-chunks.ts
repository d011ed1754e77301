/**
 * Splitting one JSON payload across chrome.storage.sync items and joining it back. Chrome
 * refuses any item over 8 KB (its key plus its value as JSON, in UTF-8 bytes) and any sync area
 * over 100 KB, so the payload is cut into string chunks sized by what Chrome will count, plus a
 * manifest naming how many chunks there are and a checksum of the whole. Sync delivers items
 * from another browser one by one; a join only succeeds once every chunk matches the manifest.
 */
import { formatCount } from './numbers';

export interface SyncQuota {
  /** chrome.storage.sync.QUOTA_BYTES_PER_ITEM */
  bytesPerItem: number;
  /** chrome.storage.sync.QUOTA_BYTES */
  totalBytes: number;
  /** chrome.storage.sync.MAX_ITEMS */
  maxItems: number;
}

export const SYNC_QUOTA: SyncQuota = { bytesPerItem: 8192, totalBytes: 102_400, maxItems: 512 };

/** Every key we write to chrome.storage.sync starts with this, so we never touch other keys. */
export const SYNC_KEY_PREFIX = 'demoRescue.';
export const SYNC_MANIFEST_KEY = `${SYNC_KEY_PREFIX}manifest`;
export const syncChunkKey = (index: number): string => `${SYNC_KEY_PREFIX}chunk.${index}`;

export interface SyncManifest {
  version: 1;
  chunks: number;
  /** Length of the joined payload in UTF-16 code units. */
  length: number;
  checksum: string;
}

export class SyncTooLargeError extends Error {
  constructor(
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(
      `Your playbook and POCs are ${formatKilobytes(bytes)}; your browser's sync allows ${formatKilobytes(limit)}.`,
    );
    this.name = 'SyncTooLargeError';
  }
}

/** Rounded up, so 100 KB plus one byte never reads as "100 KB" next to a 100 KB limit. */
export function formatKilobytes(bytes: number): string {
  return `${formatCount(Math.ceil(bytes / 1024))} KB`;
}

/**
 * What one UTF-16 code unit (or a surrogate pair, as 2 units) costs once serialised. Chrome's
 * JSON writer escapes `<`, U+2028 and U+2029 as \uXXXX where JavaScript does not, and JavaScript
 * escapes lone surrogates where Chrome writes U+FFFD; we always count the larger of the two.
 */
function codeUnitCost(code: number): number {
  if (code === 0x22 || code === 0x5c) return 2; // \" and \\
  if (code === 0x08 || code === 0x0c || code === 0x0a || code === 0x0d || code === 0x09) return 2;
  if (code < 0x20 || code === 0x7f || code === 0x3c) return 6; // \u00XX, \u003C
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  if (code === 0x2028 || code === 0x2029) return 6;
  if (code >= 0xd800 && code <= 0xdfff) return 6; // a lone surrogate: \udXXX
  return 3;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** Sums a byte cost over `text`, counting a surrogate pair as one 4-byte character. */
function bytesOf(text: string, codeUnitBytes: (code: number) => number): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isHighSurrogate(code) && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else {
      bytes += codeUnitBytes(code);
    }
  }
  return bytes;
}

/** The UTF-8 size of `text` as a JSON string literal, quotes included. */
export function jsonStringBytes(text: string): number {
  return 2 + bytesOf(text, codeUnitCost);
}

/** The UTF-8 size of `text` as it is (keys are counted unescaped). */
export function utf8Bytes(text: string): number {
  return bytesOf(text, (code) => (code < 0x80 ? 1 : code < 0x800 ? 2 : 3));
}

/** The size of `value` as JSON, escaping strings the way Chrome does (see codeUnitCost). */
export function jsonValueBytes(value: unknown): number {
  if (typeof value === 'string') return jsonStringBytes(value);
  if (Array.isArray(value)) {
    const items = value.map((item) => jsonValueBytes(item ?? null));
    return 2 + Math.max(0, items.length - 1) + items.reduce((a, b) => a + b, 0);
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    const sizes = entries.map(([k, v]) => jsonStringBytes(k) + 1 + jsonValueBytes(v));
    return 2 + Math.max(0, sizes.length - 1) + sizes.reduce((a, b) => a + b, 0);
  }
  return (JSON.stringify(value) ?? 'null').length;
}

/** What Chrome counts for one item against both quotas: its key plus its value as JSON. */
export function syncItemBytes(key: string, value: unknown): number {
  return utf8Bytes(key) + jsonValueBytes(value);
}

/** 32-bit FNV-1a over UTF-16 code units, as 8 hex digits: enough to spot a half-synced payload. */
export function checksum(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

export interface SyncItems {
  /** Ready for chrome.storage.sync.set: the manifest and every chunk. */
  items: Record<string, unknown>;
  manifest: SyncManifest;
  /** Total bytes Chrome will count for these items. */
  bytes: number;
}

/**
 * Cuts `payload` into chunks that each fit one sync item, never between the two halves of a
 * surrogate pair (Chrome would store each half as U+FFFD). Throws SyncTooLargeError when the
 * items would not fit the area's total quota.
 */
export function splitForSync(payload: string, quota: SyncQuota = SYNC_QUOTA): SyncItems {
  const chunks: string[] = [];
  let start = 0;
  while (start < payload.length || chunks.length === 0) {
    const key = syncChunkKey(chunks.length);
    const budget = quota.bytesPerItem - utf8Bytes(key) - 2;
    let end = start;
    let used = 0;
    while (end < payload.length) {
      const code = payload.charCodeAt(end);
      const pair = isHighSurrogate(code) && isLowSurrogate(payload.charCodeAt(end + 1));
      const cost = pair ? 4 : codeUnitCost(code);
      if (used + cost > budget) break;
      used += cost;
      end += pair ? 2 : 1;
    }
    if (end === start && start < payload.length) {
      throw new Error(`A sync item of ${quota.bytesPerItem} bytes cannot hold any payload.`);
    }
    chunks.push(payload.slice(start, end));
    start = end;
  }

  const manifest: SyncManifest = {
    version: 1,
    chunks: chunks.length,
    length: payload.length,
    checksum: checksum(payload),
  };
  const items: Record<string, unknown> = { [SYNC_MANIFEST_KEY]: manifest };
  chunks.forEach((chunk, index) => {
    items[syncChunkKey(index)] = chunk;
  });
  const bytes = Object.entries(items).reduce(
    (total, [key, value]) => total + syncItemBytes(key, value),
    0,
  );
  if (bytes > quota.totalBytes || chunks.length + 1 > quota.maxItems) {
    throw new SyncTooLargeError(bytes, quota.totalBytes);
  }
  return { items, manifest, bytes };
}

export type SyncJoin =
  | { kind: 'ok'; payload: string; manifest: SyncManifest }
  /** No manifest: nothing has been synced (or sync was turned off elsewhere). */
  | { kind: 'empty' }
  /** Some chunks are missing or from another version; more items are still arriving. */
  | { kind: 'incomplete' };

function manifestFrom(value: unknown): SyncManifest | null {
  if (!value || typeof value !== 'object') return null;
  const m = value as Record<string, unknown>;
  const count = (x: unknown) => typeof x === 'number' && Number.isInteger(x) && x >= 0;
  if (m.version !== 1 || !count(m.chunks) || !count(m.length) || typeof m.checksum !== 'string') {
    return null;
  }
  return m as unknown as SyncManifest;
}

/** Joins what splitForSync wrote, from everything read out of chrome.storage.sync. */
export function joinFromSync(items: Record<string, unknown>): SyncJoin {
  if (!(SYNC_MANIFEST_KEY in items)) return { kind: 'empty' };
  const manifest = manifestFrom(items[SYNC_MANIFEST_KEY]);
  if (!manifest) return { kind: 'incomplete' };
  let payload = '';
  for (let index = 0; index < manifest.chunks; index++) {
    const chunk = items[syncChunkKey(index)];
    if (typeof chunk !== 'string') return { kind: 'incomplete' };
    payload += chunk;
  }
  if (payload.length !== manifest.length || checksum(payload) !== manifest.checksum) {
    return { kind: 'incomplete' };
  }
  return { kind: 'ok', payload, manifest };
}

/** Our keys in the sync area that a new set of items no longer uses (chunks past the end). */
export function staleSyncKeys(
  existingKeys: Iterable<string>,
  next: Record<string, unknown>,
): string[] {
  return [...existingKeys].filter((key) => key.startsWith(SYNC_KEY_PREFIX) && !(key in next));
}
