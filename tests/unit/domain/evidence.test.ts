import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Evidence, HttpEvidence } from '../../../src/domain/evidence';
import {
  describeEvidence,
  evidenceOfTiming,
  CANCELLED,
  EVIDENCE_MAX,
  EVIDENCE_WINDOW_MS,
  MASK,
  NO_ANSWER_MS,
  correlationIds,
  diagnoseLine,
  formatEvidence,
  isNetworkFailure,
  issueFrom,
  keepRecent,
  looksSecret,
  networkErrorLabel,
  notYetCaptured,
  redactText,
  redactUrl,
  rootCauseSuggestion,
} from '../../../src/domain/evidence';

const T0 = Date.UTC(2026, 0, 5, 14, 0, 0);
const JWT =
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';

function http(at: number, id = `req-${at}`, patch: Partial<HttpEvidence> = {}): HttpEvidence {
  return {
    kind: 'http',
    id,
    at,
    origin: 'https://api.acme-demo.com',
    path: '/api/orders',
    method: 'POST',
    status: 500,
    durationMs: 120,
    ids: [{ name: 'x-request-id', value: 'req-42' }],
    ...patch,
  };
}

describe('redaction', () => {
  it('drops the query string and the fragment and keeps origin and path', () => {
    expect(redactUrl('https://api.acme-demo.com:8443/api/orders?token=abc123#frag')).toEqual({
      origin: 'https://api.acme-demo.com:8443',
      path: '/api/orders',
    });
  });

  it('masks path segments that look like secrets, and keeps words and short ids', () => {
    const url = `https://x.test/users/jane.doe@acme.com/keys/0123456789abcdef0123/t/${JWT}/c/dGhpc2lzYXNlY3JldHRva2VuMTIz/orders/42/export-all-reports`;
    expect(redactUrl(url)?.path).toBe(
      `/users/${MASK}/keys/${MASK}/t/${MASK}/c/${MASK}/orders/42/export-all-reports`,
    );
    expect(redactUrl('https://x.test/o/123e4567-e89b-12d3-a456-426614174000')?.path).toBe(
      `/o/${MASK}`,
    );
    expect(redactUrl('https://x.test/jane%40acme.com')?.path).toBe(`/${MASK}`);
  });

  it('refuses what is no http(s) URL', () => {
    expect(redactUrl('not a url')).toBeNull();
    expect(redactUrl('data:text/plain,hi')).toBeNull();
  });

  it('masks secrets and URL queries inside messages', () => {
    expect(
      redactText(`Token ${JWT} expired for jane@acme.com at https://a.test/x?key=s3cr3t`),
    ).toBe(`Token ${MASK} expired for ${MASK} at https://a.test/x`);
    expect(redactText('Cannot read properties of undefined (reading "total")')).toBe(
      'Cannot read properties of undefined (reading "total")',
    );
  });

  it('never keeps a generated secret, in a path or in a message (property)', () => {
    const secret = fc.oneof(
      fc.stringMatching(/^[0-9a-f]{16,40}$/),
      fc.stringMatching(/^[A-Za-z]{6,12}[0-9]{4,8}[A-Za-z0-9]{10,20}$/),
      fc
        .tuple(fc.stringMatching(/^[a-z]{1,8}$/), fc.stringMatching(/^[a-z]{2,8}$/))
        .map(([user, host]) => `${user}@${host}.com`),
    );
    fc.assert(
      fc.property(secret, fc.stringMatching(/^[a-z]{1,10}$/), (token, word) => {
        const parts = redactUrl(`https://a.test/${word}/${token}?q=${token}#${token}`);
        expect(parts?.path).toBe(`/${word}/${MASK}`);
        expect(redactText(`failed for ${token} today`)).not.toContain(token);
        expect(looksSecret(word)).toBe(false);
      }),
    );
  });
});

describe('correlation ids', () => {
  it('keeps only the allow-listed headers, in the allowlist order, case-insensitively', () => {
    expect(
      correlationIds([
        { name: 'Set-Cookie', value: 'session=1' },
        { name: 'Authorization', value: 'Bearer x' },
        { name: 'CF-Ray', value: '8a1b' },
        { name: 'X-Request-Id', value: 'req-42' },
        { name: 'x-correlation-id', value: '' },
      ]),
    ).toEqual([
      { name: 'x-request-id', value: 'req-42' },
      { name: 'cf-ray', value: '8a1b' },
    ]);
    expect(correlationIds(undefined)).toEqual([]);
  });
});

describe('the buffer', () => {
  it('keeps the last 2 minutes, oldest first, without repeats', () => {
    const now = T0 + EVIDENCE_WINDOW_MS + 10_000;
    const kept = keepRecent(
      [http(T0), http(T0 + 20_000)],
      [http(T0 + 20_000), http(T0 + 30_000)],
      now,
    );
    expect(kept.map((e) => e.at)).toEqual([T0 + 20_000, T0 + 30_000]);
  });

  it('keeps at most 50 entries, whichever rule is smaller (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 4 * 60_000 }), { maxLength: 200 }),
        fc.integer({ min: 0, max: 4 * 60_000 }),
        (offsets, nowOffset) => {
          const now = T0 + nowOffset;
          const items = offsets.map((o, i) => http(T0 + o, `r${i}`));
          const kept = keepRecent([], items, now);
          const eligible = items.filter((e) => e.at > now - EVIDENCE_WINDOW_MS && e.at <= now);
          expect(kept.length).toBe(Math.min(EVIDENCE_MAX, eligible.length));
          kept.forEach((e, i) => i > 0 && expect(e.at).toBeGreaterThanOrEqual(kept[i - 1]!.at));
          const newest = [...eligible].sort((a, b) => a.at - b.at).slice(-EVIDENCE_MAX);
          expect(kept.map((e) => e.at)).toEqual(newest.map((e) => e.at));
        },
      ),
    );
  });
});

describe('formatting', () => {
  it('reads at a glance', () => {
    expect(formatEvidence(http(T0), T0 + 3_000)).toBe(
      'POST /api/orders → 500 · 3 s ago · x-request-id req-42',
    );
    const refused: Evidence = {
      kind: 'network',
      id: 'n1',
      at: T0,
      origin: 'https://api.acme-demo.com',
      path: '/api/stock',
      method: 'GET',
      error: 'net::ERR_CONNECTION_REFUSED',
      durationMs: 3,
    };
    expect(formatEvidence(refused, T0 + 61_000)).toBe(
      'GET /api/stock → connection refused · 1 min ago',
    );
    const thrown: Evidence = {
      kind: 'page',
      id: 'p1',
      at: T0,
      origin: 'https://app.acme-demo.com',
      path: '/checkout',
      source: 'exception',
      message: 'TypeError: total is undefined',
      stack: 'at https://app.acme-demo.com/app.js:12:5',
    };
    expect(formatEvidence(thrown, T0)).toBe(
      'Uncaught error: TypeError: total is undefined · 0 s ago · at https://app.acme-demo.com/app.js:12:5',
    );
  });

  it('builds what failed, a line to say and a root-cause suggestion', () => {
    expect(issueFrom(http(T0))).toBe(
      'the request to /api/orders returned a 500 (x-request-id req-42)',
    );
    expect(diagnoseLine(http(T0))).toMatch(
      /^I can see the request to \/api\/orders returned a 500/,
    );
    expect(diagnoseLine(http(T0, 'a', { status: 401 }))).toContain('authentication');
    expect(rootCauseSuggestion([http(T0), http(T0 + 1, 'b')])).toBe(
      'First failure seen: POST /api/orders → 500 (x-request-id req-42). 1 more failure followed. [Confirm the cause with engineering]',
    );
    expect(rootCauseSuggestion([])).toBeNull();
  });
});

describe('a request the page gave up on', () => {
  const open = { durationMs: 5_000, answered: false, navigated: false };

  it('is evidence only when it went unanswered for a while and no navigation cancelled it', () => {
    expect(isNetworkFailure(CANCELLED, open)).toBe(true);
    expect(isNetworkFailure(CANCELLED, { ...open, durationMs: NO_ANSWER_MS })).toBe(true);
    // A search box dropping a stale request, a favicon cancelled at once.
    expect(isNetworkFailure(CANCELLED, { ...open, durationMs: NO_ANSWER_MS - 1 })).toBe(false);
    expect(isNetworkFailure(CANCELLED, { ...open, durationMs: null })).toBe(false);
    // A stream closed after its answer began, a request the navigation cancelled.
    expect(isNetworkFailure(CANCELLED, { ...open, answered: true })).toBe(false);
    expect(isNetworkFailure(CANCELLED, { ...open, navigated: true })).toBe(false);
    // Chrome's own failures are evidence however quick.
    expect(isNetworkFailure('net::ERR_TIMED_OUT', { ...open, durationMs: 0 })).toBe(true);
    expect(isNetworkFailure('net::ERR_CERT_AUTHORITY_INVALID', open)).toBe(true);
    expect(isNetworkFailure('net::ERR_BLOCKED_BY_CLIENT', open)).toBe(false);
  });

  it('says it got no answer, not that it timed out on the network', () => {
    const hung: Evidence = {
      kind: 'network',
      id: 'n2',
      at: T0,
      origin: 'https://app.acme-demo.com',
      path: '/api/report',
      method: 'GET',
      error: CANCELLED,
      durationMs: 8_200,
    };
    expect(formatEvidence(hung, T0 + 2_000)).toBe(
      'GET /api/report → no answer in 8 s (cancelled) · 2 s ago',
    );
    expect(issueFrom(hung)).toBe('the request to /api/report got no answer in 8 s');
    expect(diagnoseLine(hung)).toMatch(
      /^I can see the request to \/api\/report got no answer in 8 s and was cancelled\./,
    );
    expect(networkErrorLabel({ error: 'net::ERR_TIMED_OUT', durationMs: 30_000 })).toBe(
      'timed out',
    );
  });
});

describe('a failure known from Resource Timing only', () => {
  const timed = (url: string, status: number) => ({
    url,
    status,
    startedAt: 1_000.4,
    endedAt: 1_250.6,
  });

  it('keeps a status of 400 or more, redacted, with no method and no ids', () => {
    const item = evidenceOfTiming(
      timed('https://app.acme.test/u/jane@acme.test?token=x#y', 500),
      't1',
    );
    expect(item).toEqual({
      kind: 'http',
      id: 't1',
      at: 1_251,
      origin: 'https://app.acme.test',
      path: '/u/[redacted]',
      method: '',
      status: 500,
      durationMs: 250,
      ids: [],
    });
    // Said without a method: the path alone.
    expect(describeEvidence(item!)).toBe('/u/[redacted] → 500');
  });

  it('keeps nothing for an answer below 400, a status not exposed (0), or an odd value', () => {
    for (const status of [200, 304, 399, 0, -1, 1_000, 500.5, Number.NaN]) {
      expect(evidenceOfTiming(timed('https://app.acme.test/x', status), 't')).toBeNull();
    }
    expect(evidenceOfTiming(timed('not a url', 500), 't')).toBeNull();
    expect(evidenceOfTiming(timed('data:text/plain,hi', 500), 't')).toBeNull();
    const noEnd = { ...timed('https://app.acme.test/x', 500), endedAt: Number.POSITIVE_INFINITY };
    expect(evidenceOfTiming(noEnd, 't')).toBeNull();
  });
});

describe('a timed failure and the same one captured', () => {
  const timedAt = (at: number, patch: Partial<HttpEvidence> = {}) =>
    http(at, `timing-${at}`, { method: '', ids: [], ...patch });

  it('keeps only the timed failures webRequest did not see, one for one', () => {
    const captured = [http(T0 + 20)];
    // Two identical failures ended about then: webRequest saw one of them.
    expect(notYetCaptured([timedAt(T0), timedAt(T0 + 5)], captured)).toEqual([timedAt(T0 + 5)]);
    expect(notYetCaptured([timedAt(T0)], [])).toEqual([timedAt(T0)]);
  });

  it('tells other requests apart: path, status, origin, or far apart in time', () => {
    const captured = [http(T0)];
    const others = [
      timedAt(T0, { path: '/api/users' }),
      timedAt(T0, { status: 502 }),
      timedAt(T0, { origin: 'https://app.acme-demo.com' }),
      timedAt(T0 + 2_000),
    ];
    expect(notYetCaptured(others, captured)).toEqual(others);
  });

  it('counts only what webRequest saw, not another timed failure', () => {
    expect(notYetCaptured([timedAt(T0)], [timedAt(T0 + 1)])).toEqual([timedAt(T0)]);
  });
});
