/**
 * Import and export. Every import, a playbook file or a full backup, goes through the worker's
 * backup checks: a preview first (or the exact problems, with nothing changed), then a confirmed
 * import.
 */
import { useRef, useState } from 'preact/hooks';
import { isolate } from '../../domain/bidi';
import browser from 'webextension-polyfill';
import type { BackupFile } from '../../shared/backup';
import { BACKUP_FORMAT, BACKUP_VERSION, MAX_IMPORT_BYTES } from '../../shared/constants';
import type { ImportPreview } from '../../shared/messages';
import { MessageError, send } from '../../shared/messaging';
import { loadPlaybook } from '../../shared/prefs';
import { downloadText, fileStamp } from './download';

export interface BackupPanelProps {
  /** Saves pending edits first, so an export has them and an import is not overwritten. */
  flushEdits: () => Promise<void>;
  /** After an import: show what is stored now, replacing unsaved edits the import replaced. */
  afterImport: (preview: ImportPreview) => Promise<void>;
}

type ImportState =
  | { step: 'idle' }
  | { step: 'reading'; fileName: string }
  | { step: 'preview'; fileName: string; text: string; preview: ImportPreview }
  | { step: 'importing'; fileName: string }
  /** `checked`: the reply was lost, and this is what the store says the import did. */
  | {
      step: 'done';
      fileName: string;
      preview: ImportPreview;
      checked: boolean;
      prefsPending: boolean;
    }
  /** Known to have changed nothing: refused, or checked in the store. */
  | {
      step: 'failed';
      fileName: string;
      message: string;
      problems: { path: string; message: string }[];
    }
  /** The worker stopped mid-import and could not be asked what it stored. */
  | { step: 'unknown'; fileName: string };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const capitalise = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

const when = (at: number) =>
  new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** One line per incident both sides have, saying what merging their logs changes. */
function mergeLines(preview: ImportPreview, done: boolean): string[] {
  const [adds, keeps] = done ? ['added', 'kept'] : ['adds', 'keeps'];
  const lines: string[] = [];
  const same = preview.merges.filter((m) => m.adds === 0);
  for (const merge of preview.merges.filter((m) => m.adds > 0)) {
    const which = `The incident of ${when(merge.startedAt)}${merge.prospect ? ` (${isolate(merge.prospect)})` : ''}`;
    const kept = merge.keeps
      ? `; ${keeps} ${plural(merge.keeps, 'event')} that exist${done ? 'ed' : ''} only in this browser`
      : '';
    lines.push(`${which}: ${adds} ${plural(merge.adds, 'event')} from the backup${kept}.`);
  }
  if (same.length) {
    const kept = same.reduce((sum, m) => sum + m.keeps, 0);
    lines.push(
      `${capitalise(plural(same.length, 'existing incident'))}: nothing new in the backup, left as ${same.length === 1 ? 'it is' : 'they are'}${kept ? ` (with ${plural(kept, 'event')} only this browser has)` : ''}.`,
    );
  }
  return lines;
}

/** What an import will do (or, once `done`, did), one line per kind of change. */
export function previewLines(preview: ImportPreview, done = false): string[] {
  const [add, replace] = done ? (['added', 'replaced'] as const) : (['add', 'replace'] as const);
  const lines: string[] = [];
  if (preview.playbook) {
    lines.push(`${capitalise(replace)} your playbook (talk tracks, phrases, checklists, windows).`);
  }
  const counts = (what: { add: number; replace: number }, one: string) => {
    const parts = [
      what.add ? `${add} ${plural(what.add, one)}` : '',
      what.replace ? `${replace} ${plural(what.replace, `existing ${one}`)}` : '',
    ].filter(Boolean);
    if (parts.length) lines.push(`${capitalise(parts.join(' and '))}.`);
  };
  counts(preview.pocs, 'POC');
  if (preview.settings) lines.push(`${capitalise(replace)} your settings.`);
  // Existing incidents are merged, never replaced: each says what it gains.
  counts({ add: preview.incidents.add, replace: 0 }, 'incident');
  lines.push(...mergeLines(preview, done));
  if (lines.length === 0) {
    lines.push('Nothing: the file has no playbook, POCs, settings or incidents.');
  }
  return lines;
}

function errorOf(error: unknown): {
  message: string;
  problems: { path: string; message: string }[];
} {
  if (error instanceof MessageError)
    return { message: error.message, problems: error.problems ?? [] };
  // A raw browser error (the worker stopped, say) means nothing to the user.
  return { message: 'Demo Rescue did not answer. Try again.', problems: [] };
}

/**
 * After an import failed or its reply was lost: asks the worker what the import did, so the
 * page says "Nothing was changed" only when the store says so.
 */
async function settle(fileName: string, importId: string, error: unknown): Promise<ImportState> {
  try {
    const status = await send('backup/import-status', { importId });
    if (status.state === 'imported') {
      return {
        step: 'done',
        fileName,
        preview: status.preview,
        checked: true,
        prefsPending: status.prefsPending,
      };
    }
    return { step: 'failed', fileName, ...errorOf(error) };
  } catch {
    return { step: 'unknown', fileName };
  }
}

export function BackupPanel({ flushEdits, afterImport }: BackupPanelProps) {
  const [state, setState] = useState<ImportState>({ step: 'idle' });
  const [exportError, setExportError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  async function exportWith(make: () => Promise<{ name: string; text: string; type: string }>) {
    setExportError(null);
    try {
      await flushEdits();
      const file = await make();
      downloadText(file.name, file.text, file.type);
    } catch (error) {
      setExportError(`Nothing was exported: ${errorOf(error).message}`);
    }
  }

  const exportPlaybook = () =>
    exportWith(async () => {
      const [playbook, pocs] = await Promise.all([
        loadPlaybook(),
        send('pocs/list', { includeArchived: true }),
      ]);
      const file: BackupFile = {
        format: BACKUP_FORMAT,
        version: BACKUP_VERSION,
        exportedAt: Date.now(),
        appVersion: browser.runtime.getManifest().version,
        pocs,
        playbook,
      };
      return {
        name: `demo-rescue-playbook-${fileStamp(new Date())}.json`,
        text: JSON.stringify(file, null, 2),
        type: 'application/json',
      };
    });

  async function choose(file: File) {
    setState({ step: 'reading', fileName: file.name });
    try {
      if (file.size > MAX_IMPORT_BYTES) {
        throw new Error(
          `The file is ${(file.size / 1024 / 1024).toFixed(1)} MB; the limit is ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`,
        );
      }
      const text = await file.text();
      const preview = await send('backup/preview-import', { text });
      setState({ step: 'preview', fileName: file.name, text, preview });
    } catch (error) {
      setState({ step: 'failed', fileName: file.name, ...errorOf(error) });
    } finally {
      // Choosing the same file again (after fixing it) must fire a change.
      if (input.current) input.current.value = '';
    }
  }

  async function confirmImport(fileName: string, text: string) {
    setState({ step: 'importing', fileName });
    const importId = crypto.randomUUID();
    let next: ImportState;
    try {
      await flushEdits();
      const preview = await send('backup/import', { text, importId });
      next = { step: 'done', fileName, preview, checked: false, prefsPending: false };
    } catch (error) {
      next = await settle(fileName, importId, error);
    }
    if (next.step === 'done') {
      try {
        await afterImport(next.preview);
      } catch {
        // The import is stored; the page shows it at its next load.
      }
    }
    setState(next);
  }

  return (
    <section class="panel" aria-labelledby="backup-heading">
      <h2 id="backup-heading">Import and export</h2>

      <fieldset>
        <legend>Export</legend>
        <div class="button-column">
          <div>
            <button type="button" onClick={() => void exportPlaybook()}>
              Export playbook and POCs
            </button>
            <p class="hint">A JSON file to share with a colleague or keep as a template.</p>
          </div>
          <div>
            <button
              type="button"
              onClick={() =>
                void exportWith(async () => ({
                  name: `demo-rescue-backup-${fileStamp(new Date())}.json`,
                  text: await send('backup/export', {}),
                  type: 'application/json',
                }))
              }
            >
              Export everything (backup)
            </button>
            <p class="hint">Incidents with their timelines, POCs, playbook and settings.</p>
          </div>
          <div>
            <button
              type="button"
              onClick={() =>
                void exportWith(async () => ({
                  name: `demo-rescue-incidents-${fileStamp(new Date())}.csv`,
                  text: await send('backup/export-csv', {}),
                  type: 'text/csv',
                }))
              }
            >
              Export incidents as CSV
            </button>
            <p class="hint">One row per incident, for a spreadsheet.</p>
          </div>
        </div>
        {exportError ? (
          <p role="alert" class="error-box">
            {exportError}
          </p>
        ) : null}
      </fieldset>

      <fieldset>
        <legend>Import</legend>
        <div class="field">
          <label for="import-file">Import a playbook file or a backup</label>
          <input
            id="import-file"
            ref={input}
            type="file"
            accept=".json,application/json"
            aria-describedby="import-hint"
            disabled={state.step === 'reading' || state.step === 'importing'}
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              if (file) void choose(file);
            }}
          />
          <p id="import-hint" class="hint">
            You see what the file contains before anything changes. A file with a problem changes
            nothing.
          </p>
        </div>
        <ImportStatus
          state={state}
          onConfirm={(fileName, text) => void confirmImport(fileName, text)}
          onCancel={() => setState({ step: 'idle' })}
        />
      </fieldset>
    </section>
  );
}

function ImportStatus({
  state,
  onConfirm,
  onCancel,
}: {
  state: ImportState;
  onConfirm: (fileName: string, text: string) => void;
  onCancel: () => void;
}) {
  switch (state.step) {
    case 'idle':
      return null;
    case 'reading':
      return <p role="status">Checking {state.fileName}…</p>;
    case 'importing':
      return <p role="status">Importing {state.fileName}…</p>;
    case 'failed':
      return (
        <div role="alert" class="error-box import-error">
          <p>
            <strong>{state.fileName} was not imported. Nothing was changed.</strong>
          </p>
          {/* The message summarises the problems: show one or the other, never both. */}
          {state.problems.length ? null : <p>{state.message}</p>}
          {state.problems.length ? (
            <ul>
              {state.problems.slice(0, 20).map((p, i) => (
                <li key={i}>
                  {p.path ? (
                    <>
                      <code>{p.path}</code>: {p.message}
                    </>
                  ) : (
                    p.message
                  )}
                </li>
              ))}
              {state.problems.length > 20 ? <li>…and {state.problems.length - 20} more.</li> : null}
            </ul>
          ) : null}
        </div>
      );
    case 'preview':
      return (
        <div class="import-preview" role="group" aria-labelledby="import-preview-heading">
          <h3 id="import-preview-heading">
            Import <bdi>{state.fileName}</bdi>?
          </h3>
          <p class="hint">
            Exported {new Date(state.preview.exportedAt).toLocaleString()} from Demo Rescue{' '}
            {state.preview.appVersion}. Importing will:
          </p>
          <ul>
            {previewLines(state.preview).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <div class="row">
            <button
              type="button"
              class="primary"
              onClick={() => onConfirm(state.fileName, state.text)}
            >
              Import
            </button>
            <button type="button" onClick={onCancel}>
              Cancel
            </button>
          </div>
        </div>
      );
    case 'unknown':
      return (
        <div role="alert" class="error-box import-error">
          <p>
            <strong>
              Demo Rescue stopped while importing <bdi>{state.fileName}</bdi>, and could not check
              what was stored.
            </strong>
          </p>
          <p>
            Reload this page to see what is stored, then import the file again if anything is
            missing: importing the same file twice adds nothing twice.
          </p>
        </div>
      );
    case 'done':
      return (
        <div role="status" class="ok-box">
          <p>
            <strong>Imported {state.fileName}.</strong>
          </p>
          {state.checked ? (
            <p>
              The connection to Demo Rescue was lost as the import finished; it checked what is
              stored, and this is what the import did:
            </p>
          ) : null}
          {state.prefsPending ? (
            <p>
              The playbook and settings from the file are not written yet; Demo Rescue writes them
              the next time it starts.
            </p>
          ) : null}
          <ul>
            {previewLines(state.preview, true).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      );
  }
}
