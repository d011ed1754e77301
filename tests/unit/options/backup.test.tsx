import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_PLAYBOOK } from '../../../src/domain/playbook';
import type { BackupFile } from '../../../src/shared/backup';
import { STORAGE_KEYS } from '../../../src/shared/constants';
import type { ImportPreview, Method, Payload, Replies } from '../../../src/shared/messages';
import { MessageError } from '../../../src/shared/messaging';
import { previewLines } from '../../../src/options/backup/BackupPanel';
import { fakeBrowser } from '../fake-browser';
import { ACME, fakeWorker, renderOptions } from './helpers';

vi.mock('../../../src/shared/messaging', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../src/shared/messaging')>()),
  send: vi.fn(),
}));

const PREVIEW: ImportPreview = {
  incidents: { add: 0, replace: 0 },
  events: 0,
  merges: [],
  pocs: { add: 2, replace: 1 },
  playbook: true,
  settings: false,
  exportedAt: Date.UTC(2026, 10, 1),
  appVersion: '0.1.0',
};

type Handler<M extends Method> = (payload: Payload<M>) => Replies[M];

const downloads: { name: string; blob: Blob }[] = [];

beforeEach(() => {
  downloads.length = 0;
  let blob: Blob | null = null;
  vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
    blob = b as Blob;
    return 'blob:test';
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    if (blob) downloads.push({ name: this.download, blob });
  });
});

afterEach(() => vi.restoreAllMocks());

async function openBackup() {
  renderOptions('#backup');
  return (await screen.findByLabelText('Import a playbook file or a backup')) as HTMLInputElement;
}

function choose(input: HTMLInputElement, name: string, text: string) {
  const file = new File([text], name, { type: 'application/json' });
  Object.defineProperty(input, 'files', { configurable: true, value: [file] });
  fireEvent.change(input);
}

describe('import', () => {
  it('shows exactly what is wrong with a bad file and changes nothing', async () => {
    const worker = fakeWorker([], {
      'backup/preview-import': () => {
        throw new MessageError({
          code: 'invalid-input',
          message:
            'Nothing was imported. playbook.windows.diagnoseMs: must be longer than the acknowledge window',
          problems: [
            {
              path: 'playbook.windows.diagnoseMs',
              message: 'must be longer than the acknowledge window',
            },
          ],
        });
      },
    });
    const input = await openBackup();
    choose(input, 'bad-playbook.json', '{"format":"demo-rescue-backup"}');

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('bad-playbook.json was not imported. Nothing was changed.');
    expect(alert.textContent).toContain(
      'playbook.windows.diagnoseMs: must be longer than the acknowledge window',
    );
    expect(worker.calls.map((c) => c.type)).not.toContain('backup/import');
  });

  it('previews the import, imports only on confirmation, and tells other tabs', async () => {
    const worker = fakeWorker([], {
      'backup/preview-import': () => PREVIEW,
      'backup/import': () => PREVIEW,
    });
    const input = await openBackup();
    choose(input, 'team-playbook.json', '{}');

    // (The file name is isolated in a <bdi>.)
    await screen.findByRole('heading', { name: /^Import team-playbook\.json\s*\?$/ });
    expect(
      screen.getByText('Replace your playbook (talk tracks, phrases, checklists, windows).'),
    ).toBeTruthy();
    expect(screen.getByText('Add 2 POCs and replace 1 existing POC.')).toBeTruthy();
    expect(worker.calls.map((c) => c.type)).not.toContain('backup/import');

    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect(await screen.findByText('Imported team-playbook.json.')).toBeTruthy();
    expect(screen.getByText('Added 2 POCs and replaced 1 existing POC.')).toBeTruthy();
    expect(worker.calls.find((c) => c.type === 'backup/import')?.payload).toEqual({
      text: '{}',
      importId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    const signals = fakeBrowser.storage.local.set.mock.calls.filter(
      ([items]) => STORAGE_KEYS.pocsChangedAt in items,
    );
    // The worker stamps the change for other tabs and sync; the page never does.
    expect(signals).toEqual([]);
  });

  it('prints a JSON syntax error once', async () => {
    const message =
      'The file is not valid JSON: at line 3, column 16, expected a property name in double quotes but found ",".';
    fakeWorker([], {
      'backup/preview-import': () => {
        throw new MessageError({
          code: 'invalid-input',
          message: `Nothing was imported. ${message}`,
          problems: [{ path: '', message }],
        });
      },
    });
    choose(await openBackup(), 'broken.json', '{');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent!.split(message)).toHaveLength(2);
    expect(alert.textContent).not.toContain('ends too early');
  });

  async function importWithLostReply(status: Handler<'backup/import-status'>) {
    const worker = fakeWorker([], {
      'backup/preview-import': () => PREVIEW,
      // What Chrome says when the worker stops before it replies.
      'backup/import': () => {
        throw new Error(
          'A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received',
        );
      },
      'backup/import-status': status,
    });
    choose(await openBackup(), 'big-backup.json', '{}');
    fireEvent.click(await screen.findByRole('button', { name: 'Import' }));
    return worker;
  }

  it('when the reply is lost, asks the worker what the import did and says that', async () => {
    const worker = await importWithLostReply(() => ({
      state: 'imported',
      preview: PREVIEW,
      prefsPending: false,
    }));
    expect(await screen.findByText('Imported big-backup.json.')).toBeTruthy();
    expect(screen.getByText(/it checked what is stored/)).toBeTruthy();
    expect(screen.getByText('Added 2 POCs and replaced 1 existing POC.')).toBeTruthy();
    expect(document.body.textContent).not.toContain('Nothing was changed');
    const [sent] = worker.calls.filter((c) => c.type === 'backup/import');
    const [asked] = worker.calls.filter((c) => c.type === 'backup/import-status');
    expect(asked!.payload).toEqual({ importId: (sent!.payload as { importId: string }).importId });
  });

  it('says "Nothing was changed" after a lost reply only when the store says so', async () => {
    await importWithLostReply(() => ({ state: 'not-imported' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('big-backup.json was not imported. Nothing was changed.');
    // Never the raw browser error.
    expect(alert.textContent).not.toContain('listener');
  });

  it('says it does not know when the worker cannot be asked either', async () => {
    await importWithLostReply(() => {
      throw new Error('Could not establish connection. Receiving end does not exist.');
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('could not check what was stored');
    expect(alert.textContent).not.toContain('Nothing was changed');
    expect(alert.textContent).not.toContain('Receiving end');
  });

  it('cancels a previewed import without importing', async () => {
    const worker = fakeWorker([], { 'backup/preview-import': () => PREVIEW });
    const input = await openBackup();
    choose(input, 'x.json', '{}');
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('heading', { name: /^Import x\.json/ })).toBeNull();
    expect(worker.calls.map((c) => c.type)).not.toContain('backup/import');
  });

  it('words every kind of change', () => {
    expect(
      previewLines({
        ...PREVIEW,
        playbook: false,
        settings: true,
        pocs: { add: 0, replace: 0 },
        incidents: { add: 1, replace: 0 },
      }),
    ).toEqual(['Replace your settings.', 'Add 1 incident.']);
    const merging = {
      ...PREVIEW,
      playbook: false,
      pocs: { add: 0, replace: 0 },
      incidents: { add: 0, replace: 3 },
      merges: [
        { id: 'a', startedAt: Date.UTC(2026, 2, 10, 12), prospect: 'Acme', adds: 2, keeps: 3 },
        { id: 'b', startedAt: 0, prospect: null, adds: 0, keeps: 1 },
        { id: 'c', startedAt: 0, prospect: null, adds: 0, keeps: 0 },
      ],
    };
    const [acme, rest] = previewLines(merging);
    expect(acme).toMatch(
      /^The incident of .+ \(\u2068Acme\u2069\): adds 2 events from the backup; keeps 3 events that exist only in this browser\.$/,
    );
    expect(rest).toBe(
      '2 existing incidents: nothing new in the backup, left as they are (with 1 event only this browser has).',
    );
    expect(previewLines({ ...PREVIEW, playbook: false, pocs: { add: 0, replace: 0 } })).toEqual([
      'Nothing: the file has no playbook, POCs, settings or incidents.',
    ]);
  });
});

describe('export', () => {
  it('exports the playbook and POCs as a backup-format file', async () => {
    const worker = fakeWorker([ACME]);
    const custom = structuredClone(DEFAULT_PLAYBOOK);
    custom.phases.escalate.goal = 'Escalate fast';
    await fakeBrowser.storage.local.set({ [STORAGE_KEYS.playbook]: custom });
    await openBackup();
    fireEvent.click(screen.getByRole('button', { name: 'Export playbook and POCs' }));
    await waitFor(() => expect(downloads).toHaveLength(1));
    const [download] = downloads;
    expect(download!.name).toMatch(/^demo-rescue-playbook-\d{4}-\d{2}-\d{2}\.json$/);
    const file = JSON.parse(await download!.blob.text()) as BackupFile;
    expect(file).toMatchObject({ format: 'demo-rescue-backup', version: 3, appVersion: '0.1.0' });
    expect(file.playbook?.phases.escalate.goal).toBe('Escalate fast');
    expect(file.pocs).toEqual([ACME]);
    expect(file.incidents).toBeUndefined();
    expect(worker.calls.find((c) => c.type === 'pocs/list')?.payload).toEqual({
      includeArchived: true,
    });
  });

  it('exports everything and the CSV through the worker', async () => {
    fakeWorker([], {
      'backup/export': () => '{"format":"demo-rescue-backup"}',
      'backup/export-csv': () => 'id,prospect\n',
    });
    await openBackup();
    fireEvent.click(screen.getByRole('button', { name: 'Export everything (backup)' }));
    fireEvent.click(screen.getByRole('button', { name: 'Export incidents as CSV' }));
    await waitFor(() => expect(downloads).toHaveLength(2));
    expect(downloads.map((d) => d.name.replace(/\d{4}-\d{2}-\d{2}/, 'DATE'))).toEqual([
      'demo-rescue-backup-DATE.json',
      'demo-rescue-incidents-DATE.csv',
    ]);
    expect(await downloads[1]!.blob.text()).toBe('id,prospect\n');
  });

  it('says why an export failed', async () => {
    fakeWorker([], {
      'backup/export-csv': () => {
        throw new MessageError({ code: 'storage-blocked', message: 'Store is blocked.' });
      },
    });
    await openBackup();
    fireEvent.click(screen.getByRole('button', { name: 'Export incidents as CSV' }));
    expect(await screen.findByText('Nothing was exported: Store is blocked.')).toBeTruthy();
  });
});
