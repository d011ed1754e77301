/** The options page: four tabs under a header that always says whether edits are saved. */
import { useEffect, useState } from 'preact/hooks';
import type { SaveState } from './autosave';
import { BackupPanel } from './backup/BackupPanel';
import { PlaybookEditor } from './playbook/PlaybookEditor';
import type { PlaybookModel } from './playbook/model';
import type { PocsModel } from './pocs/model';
import { unsavedReason } from './pocs/model';
import { PocsPanel } from './pocs/PocsPanel';
import type { SettingsModel } from './settings/model';
import { SettingsPanel } from './settings/SettingsPanel';
import type { StoredDataModel } from './stored-data/model';
import { StoredDataNotices } from './stored-data/StoredDataNotice';
import { TabPanel, Tabs } from './ui/Tabs';

export interface OptionsModels {
  playbook: PlaybookModel;
  pocs: PocsModel;
  settings: SettingsModel;
  stored: StoredDataModel;
}

const SECTIONS = [
  { id: 'playbook', label: 'Playbook' },
  { id: 'pocs', label: 'POCs' },
  { id: 'settings', label: 'Settings' },
  { id: 'backup', label: 'Import and export' },
] as const;
type SectionId = (typeof SECTIONS)[number]['id'];

const sectionFromHash = (): SectionId =>
  SECTIONS.find((s) => `#${s.id}` === window.location.hash)?.id ?? 'playbook';

/** One state for the header: a problem first, then work in progress, then "Saved". */
export function combinedState(states: readonly SaveState[]): SaveState {
  return (
    states.find((s) => s.kind === 'not-saved') ??
    states.find((s) => s.kind === 'saving') ??
    states.find((s) => s.kind === 'saved') ?? { kind: 'idle' }
  );
}

function pocsSaveState(pocs: PocsModel): SaveState {
  const [id, problems] = [...pocs.problems.value.entries()][0] ?? [];
  if (id === undefined || !problems) return pocs.autosave.state.value;
  const poc = pocs.pocs.value?.find((p) => p.id === id);
  return poc
    ? { kind: 'not-saved', reason: unsavedReason(poc, problems) }
    : pocs.autosave.state.value;
}

export function SaveStatus({ state }: { state: SaveState }) {
  const text = {
    idle: 'Changes save as you type',
    saving: 'Saving…',
    saved: 'Saved',
    'not-saved': state.kind === 'not-saved' ? `Not saved: ${state.reason}` : '',
  }[state.kind];
  return (
    <p class={`save-status ${state.kind}`} role="status" data-state={state.kind}>
      {text}
    </p>
  );
}

export function OptionsApp({ models }: { models: OptionsModels }) {
  const { playbook, pocs, settings, stored } = models;
  const [section, setSection] = useState<SectionId>(sectionFromHash);

  useEffect(() => {
    const stops = [playbook.start(), pocs.start(), settings.start(), stored.start()];
    const saveAll = () => Promise.all([playbook, pocs, settings].map((m) => m.autosave.flush()));
    const onPageHide = () => void saveAll();
    // Invalid input cannot be saved: ask before the tab closes and it is lost.
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      void saveAll();
      const states = [playbook.saveState.value, pocsSaveState(pocs)];
      if (states.some((s) => s.kind === 'not-saved')) event.preventDefault();
    };
    const onHashChange = () => setSection(sectionFromHash());
    window.addEventListener('pagehide', onPageHide);
    window.addEventListener('beforeunload', onBeforeUnload);
    window.addEventListener('hashchange', onHashChange);
    return () => {
      void saveAll();
      stops.forEach((stop) => stop());
      window.removeEventListener('pagehide', onPageHide);
      window.removeEventListener('beforeunload', onBeforeUnload);
      window.removeEventListener('hashchange', onHashChange);
    };
  }, [playbook, pocs, settings, stored]);

  const state = combinedState([
    playbook.saveState.value,
    pocsSaveState(pocs),
    settings.autosave.state.value,
  ]);
  const samplePoc = pocs.pocs.value?.find((p) => !p.archived) ?? null;

  function select(id: SectionId) {
    setSection(id);
    history.replaceState(null, '', `#${id}`);
  }

  return (
    <>
      <header class="top">
        <div class="top-inner">
          <h1>
            Demo Rescue <span class="muted">options</span>
          </h1>
          <SaveStatus state={state} />
        </div>
        <Tabs
          label="Options"
          idPrefix="section"
          tabs={SECTIONS}
          selected={section}
          onSelect={select}
        />
      </header>
      <main>
        <StoredDataNotices model={stored} />
        <TabPanel idPrefix="section" id={section}>
          {section === 'playbook' && <PlaybookEditor model={playbook} samplePoc={samplePoc} />}
          {section === 'pocs' && <PocsPanel model={pocs} />}
          {section === 'settings' && <SettingsPanel model={settings} />}
          {section === 'backup' && (
            <BackupPanel
              flushEdits={async () => {
                await Promise.all([playbook, pocs, settings].map((m) => m.autosave.flush()));
              }}
              afterImport={async (preview) => {
                await Promise.all([preview.playbook ? playbook.reload() : null, pocs.refresh()]);
              }}
            />
          )}
        </TabPanel>
      </main>
    </>
  );
}
