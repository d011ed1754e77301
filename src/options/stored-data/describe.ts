/** Stored fields and repairs in the words the options page uses for them. */
import type { FieldPath } from '../../domain/field-merge';
import type { PhaseId } from '../../domain/playbook';
import { PHASE_LABELS } from '../../domain/playbook';
import type { Repair } from '../../shared/storage/repair';

export type StoredItemName = 'playbook' | 'settings';

const PHASE_FIELDS: Record<string, [single: string, list: string]> = {
  goal: ['Goal', 'Goal'],
  talkTracks: ['Talk track', 'Talk tracks'],
  dontSay: ["Don't say line", "Don't say"],
  checklist: ['Checklist item', 'Checklist'],
};

const WINDOWS: Record<string, string> = {
  acknowledgeMs: 'Acknowledge window',
  diagnoseMs: 'Diagnose window',
  followUpMs: 'Follow-up deadline',
};

const SETTINGS: Record<string, string> = {
  overlayCorner: 'Overlay corner',
  overlaySize: 'Overlay size',
  overlayOpacity: 'Overlay opacity',
  remindersEnabled: 'Reminders',
  reminderLeadMs: 'Reminder lead time',
  retentionMonths: 'Keep incidents for',
  syncEnabled: 'Sync',
};

function playbookField([top, second, field, index]: FieldPath): string {
  if (top === 'windows')
    return second === undefined ? 'Phase windows' : (WINDOWS[second] ?? String(second));
  if (top !== 'phases') return 'The playbook';
  if (second === undefined) return 'Every phase';
  const phase = PHASE_LABELS[second as PhaseId] ?? String(second);
  if (field === undefined) return `${phase} phase`;
  const [single, list] = PHASE_FIELDS[field] ?? [String(field), String(field)];
  return typeof index === 'number' ? `${phase} › ${single} ${index + 1}` : `${phase} › ${list}`;
}

/** "Acknowledge › Talk track 2", "Overlay opacity". */
export function describeField(item: StoredItemName, path: FieldPath): string {
  if (item === 'playbook') return playbookField(path);
  const [field] = path;
  return field === undefined ? 'All settings' : (SETTINGS[field] ?? String(field));
}

const OUTCOME = {
  cut: 'It was shortened to fit.',
  dropped: 'It was left out.',
  replaced: 'The default is used instead.',
} as const;

/** "Acknowledge › Talk track 2 must be at most 2,000 characters. It was shortened to fit." */
export function describeRepair(item: StoredItemName, repair: Repair): string {
  const field = describeField(item, repair.path);
  const reason = repair.reason === 'missing' ? 'was missing' : repair.reason;
  return `${field}: ${reason}. ${OUTCOME[repair.action]}`;
}
