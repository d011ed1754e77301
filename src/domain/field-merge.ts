/**
 * Field-level changes to JSON-like data, so two editors of the same stored value (two options
 * tabs) merge instead of the last save reverting the other's edit. A change names the field it
 * edited and what it held before; it applies only where the field still holds that, otherwise
 * it is a conflict and both versions are kept for the person to choose.
 */
import { sameData } from './data';

export type FieldPath = (string | number)[];

export interface FieldChange {
  path: FieldPath;
  /** What the editor saw before editing; absent: apply whatever the field holds now. */
  before?: unknown;
  after: unknown;
}

export interface FieldConflict {
  path: FieldPath;
  /** What the editor wanted. */
  mine: unknown;
  /** What the field holds (saved elsewhere). */
  theirs: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const sameKeys = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  sameData(Object.keys(a).sort(), Object.keys(b).sort());

/**
 * The smallest fields that differ from `before` to `after`: objects with the same keys and
 * arrays of the same length are compared member by member; anything else changes whole (a list
 * that grew or shrank is one field, since its indices moved).
 */
export function diffFields(before: unknown, after: unknown, path: FieldPath = []): FieldChange[] {
  if (sameData(before, after)) return [];
  if (isRecord(before) && isRecord(after) && sameKeys(before, after)) {
    return Object.keys(after).flatMap((key) => diffFields(before[key], after[key], [...path, key]));
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return after.flatMap((item, i) => diffFields(before[i], item, [...path, i]));
  }
  return [{ path, before, after }];
}

/** Keys a path may never name: writing them would reach an object's prototype. */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

export function safePath(path: FieldPath): boolean {
  return path.every((key) =>
    typeof key === 'number' ? Number.isInteger(key) && key >= 0 : !FORBIDDEN.has(key),
  );
}

export function valueAt(value: unknown, path: FieldPath): unknown {
  let current = value;
  for (const key of path) {
    if (typeof key === 'number' ? !Array.isArray(current) : !isRecord(current)) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** A copy of `value` with `path` set to `next`; null when the path's parent does not exist. */
function withValueAt(value: unknown, path: FieldPath, next: unknown): { value: unknown } | null {
  if (path.length === 0) return { value: next };
  const [key, ...rest] = path as [string | number, ...FieldPath];
  if (typeof key === 'number') {
    if (!Array.isArray(value) || key >= value.length) return null;
    const child = withValueAt(value[key], rest, next);
    if (!child) return null;
    const copy = [...(value as unknown[])];
    copy[key] = child.value;
    return { value: copy };
  }
  if (!isRecord(value)) return null;
  if (rest.length > 0 && !(key in value)) return null;
  const child = withValueAt(value[key], rest, next);
  return child && { value: { ...value, [key]: child.value } };
}

/**
 * Applies each change whose field still holds its `before` (or already holds its `after`);
 * every other one is returned as a conflict, with the current value left in place.
 */
export function applyFields(
  target: unknown,
  changes: readonly FieldChange[],
): { value: unknown; conflicts: FieldConflict[] } {
  let value = target;
  const conflicts: FieldConflict[] = [];
  for (const change of changes) {
    const current = valueAt(value, change.path);
    if (sameData(current, change.after)) continue;
    const forced = !('before' in change);
    const written =
      safePath(change.path) && (forced || sameData(current, change.before))
        ? withValueAt(value, change.path, change.after)
        : null;
    if (written) value = written.value;
    else conflicts.push({ path: change.path, mine: change.after, theirs: current });
  }
  return { value, conflicts };
}

/**
 * Three-way: what `mine` changed since `base`, applied onto `theirs` (a newer stored value).
 * Fields both changed differently are conflicts; the result keeps `theirs` there.
 */
export function rebaseFields(
  base: unknown,
  mine: unknown,
  theirs: unknown,
): { value: unknown; conflicts: FieldConflict[] } {
  return applyFields(theirs, diffFields(base, mine));
}

export const samePath = (a: FieldPath, b: FieldPath): boolean => sameData(a, b);

/** Whether `path` is `prefix` or lies inside it. */
export const pathWithin = (path: FieldPath, prefix: FieldPath): boolean =>
  prefix.length <= path.length && prefix.every((key, i) => path[i] === key);
