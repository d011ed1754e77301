/** POCs and their success criteria, kept in the SE's order (new POCs go last). */
import type { Poc } from '../domain/poc';
import type { ValidationProblem } from '../shared/schemas';
import { pocsChangedAtItem } from '../shared/storage/items';
import { read, stripOrder, write } from './db';
import { HandlerError } from './errors';

/**
 * Written by the worker after every POC write of its own (a save, an import, a sync), so other
 * options tabs re-fetch and sync pushes even if the page that asked is gone.
 */
export async function stampPocsChanged(): Promise<void> {
  await pocsChangedAtItem.set(Date.now());
}

export async function listPocs(includeArchived: boolean): Promise<Poc[]> {
  const pocs = await read(['pocs'], (tx) => tx.objectStore('pocs').index('by-order').getAll());
  return pocs.filter((p) => includeArchived || !p.archived).map(stripOrder);
}

/** What the schema cannot see: criterion ids must be unique within a POC. */
function duplicateCriteria(poc: Poc): ValidationProblem[] {
  const seen = new Set<string>();
  const problems: ValidationProblem[] = [];
  poc.criteria.forEach((criterion, index) => {
    if (seen.has(criterion.id)) {
      problems.push({
        path: `poc.criteria[${index}].id`,
        message: `"${criterion.id}" is used by another criterion of this POC`,
      });
    }
    seen.add(criterion.id);
  });
  return problems;
}

export async function savePoc(poc: Poc): Promise<Poc> {
  const problems = duplicateCriteria(poc);
  if (problems.length > 0) {
    throw new HandlerError('invalid-input', `POC not saved: ${problems[0]!.message}`, problems);
  }
  const now = Date.now();
  const saved = await write(['pocs'], async (tx) => {
    const store = tx.objectStore('pocs');
    const existing = await store.get(poc.id);
    let order = existing?.order;
    if (order === undefined) {
      const last = await store.index('by-order').openKeyCursor(null, 'prev');
      order = last ? last.key + 1 : 0;
    }
    const stored = { ...poc, createdAt: existing?.createdAt ?? now, updatedAt: now, order };
    await store.put(stored);
    return stored;
  });
  await stampPocsChanged();
  return stripOrder(saved);
}
