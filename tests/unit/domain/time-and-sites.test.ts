import { describe, expect, it } from 'vitest';
import { formatClock, formatDue, formatDuration, formatOffset } from '../../../src/domain/time';
import { callPlatform, meetingCode } from '../../../src/shared/call-sites';

describe('time formats', () => {
  it('formats the overlay clock as m:ss, and h:mm:ss past an hour', () => {
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(59_999)).toBe('0:59');
    expect(formatClock(61_000)).toBe('1:01');
    expect(formatClock(3_725_000)).toBe('1:02:05');
    expect(formatClock(-5)).toBe('0:00');
    expect(formatOffset(65_000)).toBe('+1:05');
  });

  it('formats due times for a glance', () => {
    const now = 1_000_000_000;
    expect(formatDue(now + 3 * 3_600_000, now)).toBe('due in 3 h');
    expect(formatDue(now - 20 * 60_000, now)).toBe('overdue by 20 min');
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(2 * 86_400_000)).toBe('2 d');
  });
});

describe('call sites', () => {
  it('recognises Meet and the Zoom web client, nothing else', () => {
    expect(callPlatform('https://meet.google.com/abc-defg-hij')).toBe('meet');
    expect(callPlatform('https://app.zoom.us/wc/123456789/join')).toBe('zoom');
    expect(callPlatform('https://us05web.zoom.us/wc/123456789/start')).toBe('zoom');
    expect(callPlatform('https://zoom.us/j/123')).toBeNull();
    expect(callPlatform('https://evilzoom.us/wc/1')).toBeNull();
    expect(callPlatform('http://meet.google.com/abc-defg-hij')).toBeNull();
    expect(callPlatform('https://meet.google.com.evil.test/abc-defg-hij')).toBeNull();
    expect(callPlatform('not a url')).toBeNull();
    expect(callPlatform(undefined)).toBeNull();
  });

  it('extracts the meeting code', () => {
    expect(meetingCode('https://meet.google.com/abc-defg-hij?authuser=0')).toBe('abc-defg-hij');
    expect(meetingCode('https://meet.google.com/landing')).toBeNull();
    expect(meetingCode('https://app.zoom.us/wc/123456789/join')).toBe('123456789');
    expect(meetingCode('https://app.zoom.us/wc/join/98765432101')).toBe('98765432101');
    expect(meetingCode('https://app.zoom.us/wc/home')).toBeNull();
  });
});
