import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FollowUpDraft, IncidentEvent } from '../../../src/domain/incident';
import { Composer } from '../../../src/review/composer/Composer';
import { fakeBrowser } from '../fake-browser';
import { ACME, MIN, T0, callsOf, dataOf, escalatedEvents, fakeWorker, recordOf } from './fixtures';

vi.mock('../../../src/shared/messaging', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../src/shared/messaging')>()),
  send: vi.fn(),
}));

const events = escalatedEvents();
const field = (label: string) => screen.getByLabelText(label) as HTMLInputElement;

class FakeClipboardItem {
  constructor(readonly items: Record<string, Blob>) {}
}
const clipboardWrite = vi.fn(async (_items: FakeClipboardItem[]) => undefined);

beforeEach(() => {
  vi.stubGlobal('ClipboardItem', FakeClipboardItem);
  Object.defineProperty(navigator, 'clipboard', {
    configurable: true,
    value: { write: clipboardWrite, writeText: vi.fn() },
  });
  clipboardWrite.mockClear();
  fakeBrowser.tabs.create.mockClear();
  fakeWorker({
    'incidents/save-draft': ({ id }) => recordOf(id, events),
    'incidents/mark-sent': ({ id }) => ({
      ...recordOf(id, events),
      status: 'closed',
      followUpSentAt: T0 + 3 * 60 * MIN,
    }),
  });
});

afterEach(() => vi.unstubAllGlobals());

async function copied(): Promise<Record<string, string>> {
  await waitFor(() => expect(clipboardWrite).toHaveBeenCalled());
  const [item] = clipboardWrite.mock.calls.at(-1)![0];
  const out: Record<string, string> = {};
  for (const [type, blob] of Object.entries(item!.items)) out[type] = await blob.text();
  return out;
}

describe('follow-up composer', () => {
  it('pre-fills from the incident and shows a live preview', () => {
    render(<Composer data={dataOf('inc-1', events)} layout="popup" />);
    expect(field('Recipients').value).toBe('dana@acme.test, fox@acme.test');
    expect(field('Subject').value).toBe(
      'Incident report: Checkout API returned 500 (Acme Corp POC)',
    );
    expect(field('Root cause').value).toBe('Expired sandbox token');
    expect(
      (screen.getByRole('radio', { name: 'Temporary (a workaround)' }) as HTMLInputElement).checked,
    ).toBe(true);

    const preview = screen.getByRole('region', { name: 'Preview' });
    expect(preview.textContent).toContain('Hi Dana,');
    expect(preview.textContent).toContain(
      '+11:00  Escalated to engineering; update promised within the hour.',
    );
    expect(preview.textContent).toContain('We continued with "SSO login" in the meantime.');

    fireEvent.input(field('Prevention'), { target: { value: 'Rotate sandbox tokens nightly' } });
    expect(preview.textContent).toContain('Rotate sandbox tokens nightly');
  });

  it('starts from the saved draft when there is one', () => {
    const draft: FollowUpDraft = {
      recipients: ['cto@acme.test'],
      subject: 'Saved subject',
      rootCause: 'Saved cause',
      resolution: 'Saved fix',
      resolutionKind: 'permanent',
      prevention: 'Saved prevention',
      preventionOwner: 'Ops',
      preventionDate: '2025-03-10',
    };
    const withDraft: IncidentEvent[] = [
      ...events,
      { type: 'follow-up-drafted', at: T0 + 20 * MIN, draft },
    ];
    render(<Composer data={dataOf('inc-1', withDraft)} layout="popup" />);
    expect(field('Recipients').value).toBe('cto@acme.test');
    expect(field('Subject').value).toBe('Saved subject');
    expect(field('Prevention owner').value).toBe('Ops');
    expect((screen.getByRole('radio', { name: 'Permanent' }) as HTMLInputElement).checked).toBe(
      true,
    );
  });

  it('autosaves the draft after a pause and says so', async () => {
    render(<Composer data={dataOf('inc-1', events)} layout="popup" />);
    fireEvent.input(field('Resolution'), { target: { value: 'Regenerated the token' } });
    fireEvent.input(field('Prevention owner'), { target: { value: 'Platform team' } });
    expect(screen.getByText('Unsaved changes…')).toBeTruthy();
    expect(callsOf('incidents/save-draft')).toHaveLength(0);
    await waitFor(() => expect(screen.getByText(/^Draft saved at/)).toBeTruthy(), {
      timeout: 2000,
    });
    expect(callsOf('incidents/save-draft')).toEqual([
      {
        id: 'inc-1',
        draft: expect.objectContaining({
          resolution: 'Regenerated the token',
          preventionOwner: 'Platform team',
          rootCause: 'Expired sandbox token',
          recipients: ['dana@acme.test', 'fox@acme.test'],
        }),
      },
    ]);
  });

  it('saves right away when the popup is hidden', async () => {
    render(<Composer data={dataOf('inc-1', events)} layout="popup" />);
    fireEvent.input(field('Root cause'), { target: { value: 'Pool exhausted' } });
    window.dispatchEvent(new Event('pagehide'));
    await waitFor(() => expect(callsOf('incidents/save-draft')).toHaveLength(1));
    expect(callsOf('incidents/save-draft')[0]!.draft.rootCause).toBe('Pool exhausted');
  });

  it('keeps the text and explains when a field is too long to save', async () => {
    render(<Composer data={dataOf('inc-1', events)} layout="popup" />);
    fireEvent.input(field('Subject'), { target: { value: 'x'.repeat(501) } });
    expect(await screen.findByText('Subject: must be at most 500 characters')).toBeTruthy();
    await waitFor(
      () => expect(screen.getByText(/^Not saved: subject: must be at most 500/)).toBeTruthy(),
      {
        timeout: 2000,
      },
    );
    expect(callsOf('incidents/save-draft')).toHaveLength(0);
    expect(field('Subject').value).toHaveLength(501);
  });

  it('flags recipients that are not email addresses', () => {
    render(<Composer data={dataOf('inc-1', events)} layout="popup" />);
    fireEvent.input(field('Recipients'), { target: { value: 'dana@acme.test; dana at acme' } });
    expect(screen.getByText('Not an email address: "dana at acme"')).toBeTruthy();
    expect(field('Recipients').getAttribute('aria-invalid')).toBe('true');
  });

  it('opens a short email in the mail app with an encoded mailto: link', async () => {
    render(<Composer data={dataOf('inc-1', events, { ...ACME, contacts: [] })} layout="popup" />);
    fireEvent.input(field('Recipients'), { target: { value: 'dana@acme.test' } });
    fireEvent.input(field('Subject'), { target: { value: 'Report & next steps' } });
    fireEvent.click(screen.getByRole('button', { name: 'Open in mail app' }));
    await waitFor(() => expect(fakeBrowser.tabs.create).toHaveBeenCalledTimes(1));
    const { url } = fakeBrowser.tabs.create.mock.calls[0]![0];
    expect(url).toMatch(
      /^mailto:dana@acme\.test\?subject=Report%20%26%20next%20steps&body=Hi%20all%2C%0D%0A%0D%0AThank/,
    );
    expect(url!.length).toBeLessThanOrEqual(1900);
    expect(clipboardWrite).not.toHaveBeenCalled();
    expect(await screen.findByText('Opened in your mail app.')).toBeTruthy();
  });

  it('copies instead of opening the mail app when the link would be too long', async () => {
    render(<Composer data={dataOf('inc-1', events)} layout="popup" />);
    fireEvent.input(field('Root cause'), { target: { value: 'A long explanation. '.repeat(100) } });
    fireEvent.click(screen.getByRole('button', { name: 'Open in mail app' }));
    const status = await screen.findByText(/too long for a mail link/);
    expect(status.textContent).toMatch(
      /\(\d[\d,]* characters; mail apps take about 1,900\), so it was copied instead/,
    );
    expect(fakeBrowser.tabs.create).not.toHaveBeenCalled();
    const clip = await copied();
    expect(clip['text/plain']).toContain('A long explanation.');
  });

  it('copies plain text and escaped rich text', async () => {
    render(<Composer data={dataOf('inc-1', events)} layout="popup" />);
    fireEvent.input(field('Resolution'), {
      target: { value: 'Fixed <script>alert(1)</script> & verified' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Copy email' }));
    const clip = await copied();
    expect(clip['text/plain']).toContain('Fixed <script>alert(1)</script> & verified');
    expect(clip['text/html']).toContain(
      '<p>Fixed &lt;script&gt;alert(1)&lt;/script&gt; &amp; verified</p>',
    );
    expect(clip['text/html']).not.toContain('<script>');
    expect(clip['text/html']).toContain('<h3>Root cause</h3>');
    expect(await screen.findByText(/Copied the email/)).toBeTruthy();
  });

  it('downloads the report as Markdown', async () => {
    let blob: Blob | undefined;
    const createObjectURL = vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blob = b as Blob;
      return 'blob:report';
    });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      expect(this.download).toBe('incident-report-2025-03-04-acme-corp.md');
      expect(this.href).toBe('blob:report');
    });
    render(<Composer data={dataOf('inc-1', events)} layout="popup" />);
    fireEvent.input(field('Resolution'), { target: { value: 'Regenerated the token' } });
    fireEvent.input(field('Prevention'), { target: { value: 'Nightly token rotation' } });
    fireEvent.input(field('Prevention owner'), { target: { value: 'Platform team' } });
    fireEvent.click(screen.getByRole('button', { name: 'Download Markdown' }));
    expect(click).toHaveBeenCalledTimes(1);
    const markdown = await blob!.text();
    expect(blob!.type).toBe('text/markdown;charset=utf-8');
    expect(markdown).toContain('# Incident report: Checkout API returned 500 (Acme Corp POC)');
    expect(markdown).toContain('## Root cause\n\nExpired sandbox token');
    expect(markdown).toContain('## Resolution (temporary)\n\nRegenerated the token');
    expect(markdown).toContain('## Prevention\n\nNightly token rotation\nOwner: Platform team');
    expect(markdown).toContain('- +0:20  We acknowledged the failure');
    createObjectURL.mockRestore();
    click.mockRestore();
  });

  it('marks the follow-up as sent after saving the latest draft', async () => {
    const onSent = vi.fn();
    render(<Composer data={dataOf('inc-1', events)} layout="popup" onSent={onSent} />);
    fireEvent.input(field('Resolution'), { target: { value: 'Regenerated the token' } });
    fireEvent.click(screen.getByRole('button', { name: 'Mark as sent' }));
    expect(await screen.findByText(/Follow-up marked as sent on/)).toBeTruthy();
    const methods = vi
      .mocked((await import('../../../src/shared/messaging')).send)
      .mock.calls.map(([type]) => type);
    expect(methods).toEqual(['incidents/save-draft', 'incidents/mark-sent']);
    expect(onSent).toHaveBeenCalledWith(expect.objectContaining({ id: 'inc-1', status: 'closed' }));
    expect(screen.getByText('Marked as sent. The reminder is cleared.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Mark as sent' })).toBeNull();
  });

  it('explains why an active incident cannot be marked as sent yet', () => {
    render(<Composer data={dataOf('inc-1', events.slice(0, 4))} layout="popup" />);
    const button = screen.getByRole('button', { name: 'Mark as sent' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    const reason = document.getElementById(button.getAttribute('aria-describedby')!);
    expect(reason?.textContent).toContain('End the incident');
  });

  it('reports a failed save and keeps the text', async () => {
    fakeWorker({
      'incidents/save-draft': () => {
        throw new Error('The browser has no room left to save incidents.');
      },
    });
    render(<Composer data={dataOf('inc-1', events)} layout="popup" />);
    fireEvent.input(field('Resolution'), { target: { value: 'Kept text' } });
    const status = await screen.findByText(/^Not saved: The browser has no room/, undefined, {
      timeout: 2000,
    });
    expect(within(status.parentElement!).getByText(/Not saved/)).toBeTruthy();
    expect(field('Resolution').value).toBe('Kept text');
  });
});
