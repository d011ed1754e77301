import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAutosave } from '../../../src/options/autosave';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('createAutosave', () => {
  it('saves only the newest value once input pauses for the delay', async () => {
    const save = vi.fn(async (_value: string) => undefined);
    const autosave = createAutosave(save, 400);
    autosave.schedule('a');
    await vi.advanceTimersByTimeAsync(300);
    autosave.schedule('ab');
    await vi.advanceTimersByTimeAsync(399);
    expect(save).not.toHaveBeenCalled();
    expect(autosave.state.value).toEqual({ kind: 'saving' });
    await vi.advanceTimersByTimeAsync(1);
    expect(save.mock.calls).toEqual([['ab']]);
    expect(autosave.state.value).toEqual({ kind: 'saved' });
  });

  it('never runs two saves at once, and stays "saving" until the last one lands', async () => {
    const first = deferred();
    const save = vi.fn((value: string) => (value === 'one' ? first.promise : Promise.resolve()));
    const autosave = createAutosave(save, 10);
    autosave.schedule('one');
    await vi.advanceTimersByTimeAsync(10);
    autosave.schedule('two');
    await vi.advanceTimersByTimeAsync(10);
    expect(save.mock.calls).toEqual([['one']]);
    first.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(save.mock.calls).toEqual([['one'], ['two']]);
    expect(autosave.state.value).toEqual({ kind: 'saved' });
    expect(autosave.busy()).toBe(false);
  });

  it('reports a failed save with its reason', async () => {
    const autosave = createAutosave(async () => {
      throw new Error('Playbook not saved: windows.diagnoseMs: too short');
    }, 10);
    autosave.schedule('x');
    await vi.advanceTimersByTimeAsync(10);
    expect(autosave.state.value).toEqual({
      kind: 'not-saved',
      reason: 'Playbook not saved: windows.diagnoseMs: too short',
    });
  });

  it('drops a queued value when the input turns invalid, and flush saves at once', async () => {
    const save = vi.fn(async (_value: string) => undefined);
    const autosave = createAutosave(save, 400);
    autosave.schedule('valid');
    autosave.reject('Goal: too long');
    await vi.advanceTimersByTimeAsync(500);
    expect(save).not.toHaveBeenCalled();
    expect(autosave.state.value).toEqual({ kind: 'not-saved', reason: 'Goal: too long' });

    autosave.schedule('fixed');
    await autosave.flush();
    expect(save.mock.calls).toEqual([['fixed']]);
    autosave.clear();
    expect(autosave.state.value).toEqual({ kind: 'idle' });
  });
});
