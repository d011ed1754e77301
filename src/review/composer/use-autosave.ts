/**
 * Saves the follow-up draft to the worker shortly after the SE stops typing, and right away
 * when the page is hidden (closing the popup), so a draft survives the popup closing.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { FollowUpDraft } from '../../domain/incident';
import { send } from '../../shared/messaging';
import { describeProblems, FollowUpDraftSchema, validate } from '../../shared/schemas';
import { errorMessage } from '../hooks';

export const AUTOSAVE_DELAY_MS = 500;

export type SaveStatus =
  | { kind: 'saved'; at: number | null }
  | { kind: 'unsaved' }
  | { kind: 'saving' }
  | { kind: 'invalid'; message: string }
  | { kind: 'error'; message: string };

export interface Autosave {
  status: SaveStatus;
  /** Saves now if anything changed; resolves false when it could not. */
  flush: () => Promise<boolean>;
}

export function useAutosave(incidentId: string, draft: FollowUpDraft): Autosave {
  const [status, setStatus] = useState<SaveStatus>({ kind: 'saved', at: null });
  const latest = useRef(draft);
  const savedJson = useRef(JSON.stringify(draft));
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // Saves run one after another, so an older draft never lands after a newer one.
  const queue = useRef<Promise<boolean>>(Promise.resolve(true));
  const mounted = useRef(true);
  latest.current = draft;

  const report = useCallback((next: SaveStatus) => {
    if (mounted.current) setStatus(next);
  }, []);

  const saveLatest = useCallback(async (): Promise<boolean> => {
    const current = latest.current;
    const json = JSON.stringify(current);
    if (json === savedJson.current) return true;
    const checked = validate(FollowUpDraftSchema, current);
    if (!checked.ok) {
      report({ kind: 'invalid', message: describeProblems(checked.problems) });
      return false;
    }
    report({ kind: 'saving' });
    try {
      await send('incidents/save-draft', { id: incidentId, draft: checked.value });
      savedJson.current = json;
      const changedSince = JSON.stringify(latest.current) !== json;
      report(changedSince ? { kind: 'unsaved' } : { kind: 'saved', at: Date.now() });
      return true;
    } catch (error) {
      report({ kind: 'error', message: errorMessage(error) });
      return false;
    }
  }, [incidentId, report]);

  const flush = useCallback(() => {
    clearTimeout(timer.current);
    queue.current = queue.current.then(saveLatest);
    return queue.current;
  }, [saveLatest]);

  useEffect(() => {
    if (JSON.stringify(draft) === savedJson.current) return;
    report({ kind: 'unsaved' });
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), AUTOSAVE_DELAY_MS);
  }, [draft, flush, report]);

  useEffect(() => {
    mounted.current = true;
    const onHidden = () => {
      if (document.visibilityState === 'hidden') void flush();
    };
    const onPageHide = () => void flush();
    document.addEventListener('visibilitychange', onHidden);
    window.addEventListener('pagehide', onPageHide);
    return () => {
      document.removeEventListener('visibilitychange', onHidden);
      window.removeEventListener('pagehide', onPageHide);
      mounted.current = false;
      void flush();
    };
  }, [flush]);

  return { status, flush };
}
