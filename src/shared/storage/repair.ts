/**
 * Repairs a stored value that fails its schema field by field: what is valid is kept, and only
 * the broken parts change. An over-long text or list is cut to its limit, a broken member of a
 * list or map is dropped, a broken field takes its default; each change is reported with its
 * path, so the person can be told exactly what happened.
 */
import * as v from 'valibot';
import type { FieldPath } from '../../domain/field-merge';
import { valueAt } from '../../domain/field-merge';

export type RepairAction = 'cut' | 'dropped' | 'replaced';

export interface Repair {
  path: FieldPath;
  action: RepairAction;
  /** Why, in the schema's words ("must be at most 2,000 characters", "missing"). */
  reason: string;
}

interface Fix {
  path: FieldPath;
  action: RepairAction;
  limit?: number;
}

const MAX_PASSES = 12;
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function reasonOf(issue: v.BaseIssue<unknown>): string {
  return issue.input === undefined ? 'missing' : issue.message;
}

/**
 * Where to mend a problem at `path`: the deepest member (list item or map entry) it lies in is
 * dropped; otherwise the field takes its default. Map entries are keys the defaults lack.
 */
function placeFor(path: FieldPath, fallback: unknown): Fix {
  let member = -1;
  let known: unknown = fallback;
  path.forEach((key, i) => {
    if (typeof key === 'number' || (known !== undefined && !isRecord(known))) {
      member = i;
      known = undefined;
    } else if (known !== undefined) {
      if (!(key in (known as Record<string, unknown>))) member = i;
      known = (known as Record<string, unknown>)[key];
    }
  });
  return member >= 0
    ? { path: path.slice(0, member + 1), action: 'dropped' }
    : { path, action: 'replaced' };
}

function fixFor(issue: v.BaseIssue<unknown>, fallback: unknown): Fix {
  const items = issue.path ?? [];
  const path = items.map((item) => item.key as string | number);
  const { input, requirement } = issue;
  if (issue.type === 'max_length' && typeof requirement === 'number') {
    if (typeof input === 'string' || Array.isArray(input)) {
      return { path, action: 'cut', limit: requirement };
    }
  }
  return placeFor(path, fallback);
}

function apply(value: unknown, fix: Fix, fallback: unknown): unknown {
  if (fix.path.length === 0) return structuredClone(fallback);
  const parentPath = fix.path.slice(0, -1);
  const key = fix.path[fix.path.length - 1] as string | number;
  const parent = valueAt(value, parentPath);
  if (fix.action === 'cut') {
    const current = valueAt(value, fix.path) as string | unknown[];
    const cut = current.slice(0, fix.limit);
    (parent as Record<string | number, unknown>)[key] = cut;
  } else if (fix.action === 'dropped') {
    if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
    else if (isRecord(parent)) delete parent[key];
  } else if (isRecord(parent) || Array.isArray(parent)) {
    const replacement = valueAt(fallback, fix.path);
    (parent as Record<string | number, unknown>)[key] =
      replacement === undefined ? undefined : structuredClone(replacement);
  }
  return value;
}

const pathKey = (path: FieldPath) => JSON.stringify(path);

/** Members of one list are dropped from the last, so earlier indices stay right. */
function byDropOrder(a: Fix, b: Fix): number {
  const last = (fix: Fix) => fix.path[fix.path.length - 1];
  const [x, y] = [last(a), last(b)];
  return typeof x === 'number' && typeof y === 'number' ? y - x : 0;
}

export function repairValue<S extends v.GenericSchema>(
  schema: S,
  raw: unknown,
  fallback: v.InferOutput<S>,
): { value: v.InferOutput<S>; repairs: Repair[] } {
  let value: unknown = raw === undefined ? undefined : structuredClone(raw);
  const repairs: Repair[] = [];
  const tried = new Set<string>();
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const result = v.safeParse(schema, value);
    if (result.success) return { value: result.output, repairs };
    const fixes = new Map<string, { fix: Fix; reason: string }>();
    for (const issue of result.issues) {
      let fix = fixFor(issue, fallback);
      // A cut or a default already tried here did not do: mend the field around it instead.
      while (tried.has(pathKey(fix.path)) && fix.path.length > 0) {
        fix = placeFor(fix.path.slice(0, -1), fallback);
      }
      // One fix per place; a fix around another place makes the inner one moot.
      if (![...fixes.values()].some((f) => pathKey(f.fix.path) === pathKey(fix.path))) {
        fixes.set(pathKey(fix.path), { fix, reason: reasonOf(issue) });
      }
    }
    const ordered = [...fixes.values()]
      .filter(
        ({ fix }) =>
          ![...fixes.values()].some(
            (other) =>
              other.fix.path.length < fix.path.length &&
              other.fix.path.every((key, i) => fix.path[i] === key),
          ),
      )
      .sort((a, b) => byDropOrder(a.fix, b.fix));
    for (const { fix, reason } of ordered) {
      // A dropped member is gone; the next one in its place may need dropping too.
      if (fix.action !== 'dropped') tried.add(pathKey(fix.path));
      value = apply(value, fix, fallback);
      repairs.push({ path: fix.path, action: fix.action, reason });
    }
  }
  return {
    value: structuredClone(fallback),
    repairs: [...repairs, { path: [], action: 'replaced', reason: 'could not be repaired' }],
  };
}
