/**
 * Import and export. Every import, a playbook file or a full backup, goes through the worker's
 * backup checks: a preview first (or the exact problems, with nothing changed), then a confirmed
 * import.
 */
import { useRef, useState } from 'preact/hooks';
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
  | { step: 'done'; fileName: string; preview: ImportPreview }
  | {
      step: 'failed';
      fileName: string;
      message: string;
      problems: { path: string; message: string }[];
    };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const capitalise = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

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
  counts(preview.incidents, 'incident');
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
  return { message: error instanceof Error ? error.message : String(error), problems: [] };
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
    try {
      await flushEdits();
      const preview = await send('backup/import', { text });
      await afterImport(preview);
      setState({ step: 'done', fileName, preview });
    } catch (error) {
      setState({ step: 'failed', fileName, ...errorOf(error) });
    }
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
          <p>{state.message}</p>
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
          <h3 id="import-preview-heading">Import {state.fileName}?</h3>
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
    case 'done':
      return (
        <div role="status" class="ok-box">
          <p>
            <strong>Imported {state.fileName}.</strong>
          </p>
          <ul>
            {previewLines(state.preview, true).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      );
  }
}
