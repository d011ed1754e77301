/** The worker's handler table: one entry per method in METHODS (src/shared/messages.ts). */
import { meetingCode } from '../shared/call-sites';
import { overlayTabIdItem } from '../shared/storage/items';
import { refreshBadge } from './badge';
import { exportBackup, exportCsv, importBackup, previewImport } from './backup';
import { followGrants } from './demo-origins';
import { demoPageLeft, demoPageStarted, recordEarlyFailures, recordPageError } from './evidence';
import { importStatus } from './import-journal';
import { incidentStats, listIncidents, warmSearch } from './incident-queries';
import { HandlerError } from './errors';
import {
  actOn,
  activeIncidentId,
  deleteEvidence,
  deleteIncidents,
  getActive,
  getIncident,
  markSent,
  saveDraft,
  startOrResume,
} from './incidents';
import { panelHandlers } from './panel-handlers';
import { overlaySignalHandlers } from './overlay-signals';
import { listPocs, savePoc, stampPocsChanged } from './pocs';
import { dismissRepairs, patchPlaybook, patchSettings } from './prefs-writer';
import { preloadOverlay, recoveryHandlers, startRecoveryInTab } from './recovery';
import { syncReminders } from './reminders';
import { applyRetention } from './retention';
import type { Caller, Handlers } from './router';
import { shareHandlers } from './share';
import { syncSidePanel } from './side-panel';

async function overlayIsIn(caller: Caller): Promise<boolean> {
  if (caller.kind === 'page') return true;
  return caller.tabId !== null && (await overlayTabIdItem.get()) === caller.tabId;
}

/** After follow-up deadlines may have changed: reschedule reminders, recount the badge. */
async function followUpsChanged(): Promise<void> {
  await syncReminders();
  await refreshBadge();
}

export const handlers: Handlers = {
  ...shareHandlers,
  'share/hint': async (hint, caller) => {
    const stored = await shareHandlers['share/hint'](hint, caller);
    // A window or the whole screen shared: the side panel closes and may not open.
    await syncSidePanel();
    // The SE started presenting: have the overlay's code ready for the hotkey (in the call tab,
    // also when the capture is a popup window's).
    const callTab = caller.openerTabId ?? caller.tabId;
    if (hint.sharing && callTab !== null)
      void preloadOverlay(callTab, { warmUp: true }).catch(() => {});
    return stored;
  },
  ...recoveryHandlers,
  ...panelHandlers,
  ...overlaySignalHandlers,
  'recovery/start': async ({ overlayLoaded, shownHere, pressedAt }, caller) => {
    const code = meetingCode(caller.url);
    if (caller.kind === 'call' && caller.tabId !== null && caller.platform !== 'practice') {
      return startRecoveryInTab({
        platform: caller.platform,
        meetingCode: code,
        tabId: caller.tabId,
        pressedAt,
        // The overlay lives in the top frame; only a script there can say whether it is loaded.
        ...(caller.frameId === 0 ? { overlayLoaded, shownHere } : {}),
      });
    }
    return startOrResume({ platform: caller.platform, meetingCode: code, tabId: caller.tabId });
  },
  'incident/active': async (_payload, caller) => ({
    incident: await getActive(),
    here: await overlayIsIn(caller),
  }),
  'incident/act': async ({ incidentId, action, key }) => {
    const updated = await actOn(incidentId, action, key);
    if (action.kind === 'end' || action.kind === 'escalate') await followUpsChanged();
    return updated;
  },
  'pocs/active': () => listPocs(false),
  'pocs/list': ({ includeArchived }) => listPocs(includeArchived),
  'pocs/save': ({ poc }) => savePoc(poc),
  'playbook/patch': ({ changes }) => patchPlaybook(changes),
  'settings/patch': ({ changes }) => patchSettings(changes),
  'stored/dismiss-repairs': async ({ item }) => {
    await dismissRepairs(item);
    return null;
  },

  'incidents/list': async ({ query, cursor, limit }) => {
    const page = await listIncidents(query, cursor, limit, Date.now());
    // The popup is open: the first search it sends will find the rows ready.
    if (cursor === null && query.text.trim() === '') warmSearch();
    return page;
  },
  'incidents/get': ({ id }) => getIncident(id),
  'incidents/stats': ({ weeks }) => incidentStats(weeks, Date.now()),
  'incidents/save-draft': ({ id, draft }) => saveDraft(id, draft),
  'incidents/mark-sent': async ({ id }) => {
    const record = await markSent(id);
    await followUpsChanged();
    return record;
  },
  'incidents/delete': async ({ id }) => {
    await deleteIncidents([id]);
    await followUpsChanged();
    return null;
  },

  'evidence/page-error': async (report, caller) => {
    await recordPageError(report, caller.url);
    return null;
  },
  'evidence/demo-page': async (_, caller) => ({
    capturingSince: await demoPageStarted(caller.url),
  }),
  'evidence/demo-page-left': async (_, caller) => {
    await demoPageLeft(caller.url);
    return null;
  },
  'evidence/early-failures': async ({ requests }, caller) => {
    await recordEarlyFailures(requests, caller.url);
    return null;
  },
  'incidents/delete-evidence': ({ id, evidenceId }) => deleteEvidence(id, evidenceId),
  'incident/delete-evidence': async ({ incidentId, evidenceId }) => {
    // A call page's content script may ask: only for the incident running now, never an old one.
    if ((await activeIncidentId()) !== incidentId) {
      throw new HandlerError('forbidden', 'Only the running incident’s evidence is deleted here.');
    }
    await deleteEvidence(incidentId, evidenceId);
    return getActive();
  },
  'evidence/refresh': async () => ({ origins: await followGrants() }),

  'backup/export': () => exportBackup(Date.now()),
  'backup/export-csv': () => exportCsv(),
  'backup/preview-import': ({ text }) => previewImport(text),
  'backup/import': async ({ text, importId }) => {
    const preview = await importBackup(text, importId);
    if (preview.pocs.add + preview.pocs.replace > 0) await stampPocsChanged();
    await followUpsChanged();
    return preview;
  },
  'backup/import-status': ({ importId }) => importStatus(importId),
  'retention/apply': async () => {
    const result = await applyRetention();
    await followUpsChanged();
    return result;
  },
};
