/**
 * POCs as the options page edits them. They live in the worker's IndexedDB, so every read and
 * save goes through `send`; each edit is checked against the same schema the worker uses and
 * saved once typing pauses. The worker stamps every POC write, which other tabs (and sync) follow.
 */
import type { ReadonlySignal } from '@preact/signals';
import { computed, signal } from '@preact/signals';
import { sameData } from '../../domain/data';
import type { Poc } from '../../domain/poc';
import { send } from '../../shared/messaging';
import type { ValidationProblem } from '../../shared/schemas';
import { PocSchema, validate } from '../../shared/schemas';
import { pocsChangedAtItem } from '../../shared/storage/items';
import type { Autosave } from '../autosave';
import { createAutosave } from '../autosave';

export interface PocsModel {
  /** Every POC in list order, archived included; null until loaded. */
  readonly pocs: ReadonlySignal<Poc[] | null>;
  readonly loadError: ReadonlySignal<string | null>;
  readonly showArchived: ReturnType<typeof signal<boolean>>;
  readonly selectedId: ReturnType<typeof signal<string | null>>;
  readonly visible: ReadonlySignal<Poc[]>;
  readonly selected: ReadonlySignal<Poc | null>;
  /** Schema problems of POCs whose latest edit is not saved, by POC id. */
  readonly problems: ReadonlySignal<ReadonlyMap<string, ValidationProblem[]>>;
  readonly autosave: Autosave<Poc>;
  refresh(): Promise<void>;
  add(): Poc;
  update(id: string, change: (poc: Poc) => Poc): void;
  setArchived(id: string, archived: boolean): void;
  /** Loads the POCs and follows changes from other tabs; returns the unsubscribe. */
  start(): () => void;
}

export const displayName = (poc: Poc): string =>
  [poc.prospect.trim(), poc.name.trim()].filter(Boolean).join(' — ') || 'Untitled POC';

const FIELD_LABELS: Record<string, string> = {
  prospect: 'Prospect',
  name: 'POC name',
  contacts: 'Contacts',
  criteria: 'Criteria',
  email: 'email',
  title: 'title',
  howToShow: 'how to show it',
  status: 'status',
};

/** A schema problem in words the editor uses: "Contact 1 email: must be an email address". */
export function describePocProblem({ path, message }: ValidationProblem): string {
  const item = /^(contacts|criteria)\[(\d+)\]\.(\w+)$/.exec(path);
  if (!item) return `${FIELD_LABELS[path] ?? path}: ${message}`;
  const [, list, index, field = ''] = item;
  const owner = `${list === 'contacts' ? 'Contact' : 'Criterion'} ${Number(index) + 1}`;
  return `${owner} ${FIELD_LABELS[field] ?? field}: ${message}`;
}

/** The status line for a POC that cannot be saved: its name, the first problem, the count. */
export function unsavedReason(poc: Poc, problems: readonly ValidationProblem[]): string {
  const [first, ...rest] = problems;
  const more = rest.length ? ` (and ${rest.length} more)` : '';
  return `${displayName(poc)}: ${first ? describePocProblem(first) : 'not valid'}${more}`;
}

export function createPocsModel(now: () => number = Date.now): PocsModel {
  const pocs = signal<Poc[] | null>(null);
  const loadError = signal<string | null>(null);
  const showArchived = signal(false);
  const selectedId = signal<string | null>(null);
  const problems = signal<ReadonlyMap<string, ValidationProblem[]>>(new Map());
  // POCs edited here and not yet saved: a refresh keeps our version of them.
  const unsaved = new Set<string>();

  const autosave = createAutosave<Poc>(async (poc) => {
    await send('pocs/save', { poc: { ...poc, updatedAt: now() } });
    const current = pocs.value?.find((p) => p.id === poc.id);
    if (current && sameData(current, poc)) unsaved.delete(poc.id);
  });
  // The autosave queues one value: the POC it holds, so editing another one saves it first.
  let queuedId: string | null = null;

  const visible = computed(() =>
    (pocs.value ?? []).filter((p) => showArchived.value || !p.archived),
  );
  const selected = computed(() => pocs.value?.find((p) => p.id === selectedId.value) ?? null);

  function setProblems(id: string, list: ValidationProblem[] | null) {
    const next = new Map(problems.value);
    if (list) next.set(id, list);
    else next.delete(id);
    problems.value = next;
  }

  function put(poc: Poc, { immediately = false } = {}) {
    const list = pocs.value ?? [];
    pocs.value = list.some((p) => p.id === poc.id)
      ? list.map((p) => (p.id === poc.id ? poc : p))
      : [...list, poc];
    unsaved.add(poc.id);
    if (queuedId !== poc.id) void autosave.flush();
    queuedId = poc.id;
    const result = validate(PocSchema, poc);
    if (!result.ok) {
      setProblems(poc.id, result.problems);
      autosave.reject(unsavedReason(poc, result.problems));
      return;
    }
    setProblems(poc.id, null);
    autosave.schedule(poc);
    if (immediately) void autosave.flush();
  }

  async function refresh() {
    try {
      const fresh = await send('pocs/list', { includeArchived: true });
      const mine = new Map((pocs.value ?? []).map((p) => [p.id, p]));
      const merged = fresh.map((p) => (unsaved.has(p.id) ? (mine.get(p.id) ?? p) : p));
      const kept = [...unsaved]
        .filter((id) => !fresh.some((p) => p.id === id))
        .flatMap((id) => mine.get(id) ?? []);
      pocs.value = [...merged, ...kept];
      loadError.value = null;
    } catch (error) {
      loadError.value = error instanceof Error ? error.message : String(error);
    }
  }

  return {
    pocs,
    loadError,
    showArchived,
    selectedId,
    visible,
    selected,
    problems,
    autosave,
    refresh,
    add() {
      const at = now();
      const poc: Poc = {
        id: crypto.randomUUID(),
        prospect: '',
        name: '',
        contacts: [],
        criteria: [],
        archived: false,
        createdAt: at,
        updatedAt: at,
      };
      put(poc, { immediately: true });
      selectedId.value = poc.id;
      return poc;
    },
    update(id, change) {
      const poc = pocs.value?.find((p) => p.id === id);
      if (poc) put(change(poc));
    },
    setArchived(id, archived) {
      const poc = pocs.value?.find((p) => p.id === id);
      if (poc) put({ ...poc, archived }, { immediately: true });
    },
    start() {
      void refresh();
      return pocsChangedAtItem.watch(() => void refresh());
    },
  };
}
