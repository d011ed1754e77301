/** The settings tab: shortcut, overlay look, reminders, retention and sync. */
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { OverlayCorner, OverlaySize, Settings } from '../../domain/settings';
import { SETTINGS_LIMITS } from '../../domain/settings';
import { formatKilobytes } from '../../domain/sync-chunks';
import { COMMAND_START_RECOVERY } from '../../shared/constants';
import { openShortcutSettings, shortcutCanBeGlobal } from '../../shared/shortcut-settings';
import { send } from '../../shared/messaging';
import type { SyncStatus } from '../../shared/prefs';
import { usePage } from '../ui/context';
import type { SettingsModel } from './model';

const CORNERS: Record<OverlayCorner, string> = {
  'top-left': 'Top left',
  'top-right': 'Top right',
  'bottom-left': 'Bottom left',
  'bottom-right': 'Bottom right',
};
const SIZES: Record<OverlaySize, string> = {
  compact: 'Compact',
  regular: 'Regular',
  large: 'Large',
};
const MINUTE = 60_000;
const REMINDER_LEADS = [15, 30, 60, 120, 240, 480, 720].map((m) => m * MINUTE);
const RETENTION_MONTHS = [3, 6, 12, 24, 36, 60];

const leadLabel = (ms: number) =>
  ms < 60 * MINUTE
    ? `${ms / MINUTE} minutes before`
    : `${ms / (60 * MINUTE)} ${ms === 60 * MINUTE ? 'hour' : 'hours'} before`;

export function SettingsPanel({ model }: { model: SettingsModel }) {
  const settings = model.settings.value;
  if (!settings) return <p class="loading">Loading settings…</p>;
  const update = (change: Partial<Settings>) => model.update(change);
  return (
    <section class="panel" aria-labelledby="settings-heading">
      <h2 id="settings-heading">Settings</h2>
      <ShortcutSetting />
      <OverlaySettings settings={settings} update={update} />
      <fieldset>
        <legend>Follow-up reminders</legend>
        <label class="checkbox">
          <input
            type="checkbox"
            checked={settings.remindersEnabled}
            onChange={(e) => update({ remindersEnabled: e.currentTarget.checked })}
          />
          Remind me before a follow-up report is due
        </label>
        <div class="field">
          <label for="reminder-lead">When</label>
          <select
            id="reminder-lead"
            disabled={!settings.remindersEnabled}
            value={String(settings.reminderLeadMs)}
            onChange={(e) => update({ reminderLeadMs: Number(e.currentTarget.value) })}
          >
            {[...new Set([...REMINDER_LEADS, settings.reminderLeadMs])]
              .filter(
                (ms) =>
                  ms >= SETTINGS_LIMITS.reminderLeadMs.min &&
                  ms <= SETTINGS_LIMITS.reminderLeadMs.max,
              )
              .sort((a, b) => a - b)
              .map((ms) => (
                <option key={ms} value={String(ms)}>
                  {leadLabel(ms)}
                </option>
              ))}
          </select>
        </div>
      </fieldset>
      <RetentionSetting settings={settings} update={update} />
      <SyncSetting settings={settings} status={model.syncStatus.value} update={update} />
    </section>
  );
}

function ShortcutSetting() {
  const [shortcut, setShortcut] = useState<string | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const load = () =>
      browser.commands
        .getAll()
        .then((commands) => {
          const command = commands.find((c) => c.name === COMMAND_START_RECOVERY);
          setShortcut(command?.shortcut || null);
          setError(null);
        })
        .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
    void load();
    // Coming back from the browser's shortcut settings shows the new shortcut.
    window.addEventListener('focus', load);
    return () => window.removeEventListener('focus', load);
  }, []);

  return (
    <fieldset>
      <legend>Start-recovery shortcut</legend>
      {error ? (
        <p role="alert" class="error-box">
          The shortcut could not be read: {error}
        </p>
      ) : shortcut === undefined ? (
        <p class="loading">Reading the shortcut…</p>
      ) : shortcut ? (
        <p id="shortcut-value">
          Press <kbd>{shortcut}</kbd> during a call to start recovery.{' '}
          {shortcutCanBeGlobal()
            ? 'Set its scope to "Global" in Chrome so it works while another window has focus.'
            : 'It works while this browser has focus: this browser has no global shortcuts.'}
        </p>
      ) : (
        <p id="shortcut-value" class="warning">
          <strong>Not assigned.</strong> Chrome leaves the shortcut empty when another extension
          already uses Ctrl+Shift+9. Assign one so you can start recovery without the mouse.
        </p>
      )}
      <button
        type="button"
        aria-describedby="shortcut-value"
        onClick={() => void openShortcutSettings()}
      >
        {shortcut ? 'Change shortcut' : 'Assign a shortcut'}
      </button>
    </fieldset>
  );
}

function OverlaySettings({
  settings,
  update,
}: {
  settings: Settings;
  update: (change: Partial<Settings>) => void;
}) {
  const percent = Math.round(settings.overlayOpacity * 100);
  const { min, max } = SETTINGS_LIMITS.overlayOpacity;
  return (
    <fieldset>
      <legend>Overlay</legend>
      <div class="overlay-settings">
        <div>
          <fieldset class="choices">
            <legend>Corner</legend>
            {(Object.keys(CORNERS) as OverlayCorner[]).map((corner) => (
              <label class="radio" key={corner}>
                <input
                  type="radio"
                  name="overlay-corner"
                  value={corner}
                  checked={settings.overlayCorner === corner}
                  onChange={() => update({ overlayCorner: corner })}
                />
                {CORNERS[corner]}
              </label>
            ))}
          </fieldset>
          <fieldset class="choices">
            <legend>Size</legend>
            {(Object.keys(SIZES) as OverlaySize[]).map((size) => (
              <label class="radio" key={size}>
                <input
                  type="radio"
                  name="overlay-size"
                  value={size}
                  checked={settings.overlaySize === size}
                  onChange={() => update({ overlaySize: size })}
                />
                {SIZES[size]}
              </label>
            ))}
          </fieldset>
          <div class="field">
            <label for="overlay-opacity">Opacity</label>
            <div class="row">
              <input
                id="overlay-opacity"
                type="range"
                min={min * 100}
                max={max * 100}
                step={1}
                value={percent}
                aria-valuetext={`${percent} %`}
                onInput={(e) => update({ overlayOpacity: Number(e.currentTarget.value) / 100 })}
              />
              <output for="overlay-opacity">{percent} %</output>
            </div>
          </div>
        </div>
        <div
          class="swatch"
          role="img"
          aria-label={`Preview: a ${SIZES[settings.overlaySize].toLowerCase()} overlay in the ${CORNERS[settings.overlayCorner].toLowerCase()} corner at ${percent} % opacity`}
        >
          <div
            class={`swatch-overlay ${settings.overlayCorner} ${settings.overlaySize}`}
            style={{ opacity: settings.overlayOpacity }}
          >
            <span class="swatch-phase">Acknowledge 0:12</span>
            <span class="swatch-line" />
            <span class="swatch-line short" />
          </div>
        </div>
      </div>
    </fieldset>
  );
}

function RetentionSetting({
  settings,
  update,
}: {
  settings: Settings;
  update: (change: Partial<Settings>) => void;
}) {
  const { confirm } = usePage();
  const [result, setResult] = useState<{ text: string; error: boolean } | null>(null);
  const months = settings.retentionMonths;
  const options = [...new Set([...RETENTION_MONTHS, ...(months ? [months] : [])])].sort(
    (a, b) => a - b,
  );
  return (
    <fieldset>
      <legend>Incident history</legend>
      <div class="field">
        <label for="retention">Keep incidents</label>
        <select
          id="retention"
          value={months === null ? 'forever' : String(months)}
          onChange={(e) => {
            const value = e.currentTarget.value;
            update({ retentionMonths: value === 'forever' ? null : Number(value) });
          }}
        >
          <option value="forever">Forever</option>
          {options.map((m) => (
            <option key={m} value={String(m)}>
              For {m} months
            </option>
          ))}
        </select>
      </div>
      <div class="row">
        <button
          type="button"
          disabled={months === null}
          onClick={() =>
            confirm({
              title: `Delete incidents older than ${months} months?`,
              message: (
                <p>
                  Incidents that started more than {months} months ago are deleted from this
                  computer, with their timelines and follow-up drafts. An incident in progress is
                  never deleted. Export a backup first if you may need them.
                </p>
              ),
              confirmLabel: 'Delete old incidents',
              onConfirm: async () => {
                try {
                  const { deleted } = await send('retention/apply', {});
                  setResult({
                    text:
                      deleted === 0
                        ? 'No incidents were old enough to delete.'
                        : `Deleted ${deleted} ${deleted === 1 ? 'incident' : 'incidents'}.`,
                    error: false,
                  });
                } catch (error) {
                  setResult({
                    text: `Nothing was deleted: ${error instanceof Error ? error.message : String(error)}`,
                    error: true,
                  });
                }
              },
            })
          }
        >
          Delete old incidents now…
        </button>
        {result ? (
          <p
            role={result.error ? 'alert' : 'status'}
            class={result.error ? 'error-text' : 'ok-text'}
          >
            {result.text}
          </p>
        ) : null}
      </div>
    </fieldset>
  );
}

export function syncStatusText(status: SyncStatus, enabled: boolean): string {
  if (!enabled) return 'Sync is off: the playbook and POCs stay in this browser.';
  switch (status.state) {
    case 'off':
    case 'waiting':
      return 'Waiting to sync…';
    case 'synced':
      return `Synced at ${new Date(status.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })} (${formatKilobytes(status.bytes)} of ${formatKilobytes(102_400)}).`;
    case 'too-large':
      return `Sync paused: your playbook and POCs are ${formatKilobytes(status.bytes)}; your browser's sync allows ${formatKilobytes(status.limit)}. Everything is still saved in this browser. Shorten or remove talk tracks and success criteria you no longer need to sync again.`;
    case 'error':
      return `Sync problem: ${status.reason}`;
  }
}

function SyncSetting({
  settings,
  status,
  update,
}: {
  settings: Settings;
  status: SyncStatus;
  update: (change: Partial<Settings>) => void;
}) {
  const problem =
    settings.syncEnabled && (status.state === 'too-large' || status.state === 'error');
  return (
    <fieldset>
      <legend>Sync</legend>
      <label class="checkbox">
        <input
          type="checkbox"
          checked={settings.syncEnabled}
          aria-describedby="sync-hint sync-status"
          onChange={(e) => update({ syncEnabled: e.currentTarget.checked })}
        />
        Sync the playbook and POCs to my other browsers
      </label>
      <p id="sync-hint" class="hint">
        Uses this browser's own sync (Chrome sync with your Google account, Firefox Sync with your
        Mozilla account and add-ons on), which holds at most 100 KB. Incidents never leave this
        computer. Turning sync off removes the synced copy.
      </p>
      <p id="sync-status" role="status" class={problem ? 'warning' : 'hint'}>
        {syncStatusText(status, settings.syncEnabled)}
      </p>
    </fieldset>
  );
}
