/** The recovery protocol as data: what to say, what never to say, and when each phase ends. */

export type PhaseId = 'acknowledge' | 'diagnose' | 'escalate' | 'follow-up';

export const PHASE_IDS: readonly PhaseId[] = ['acknowledge', 'diagnose', 'escalate', 'follow-up'];

export const PHASE_LABELS: Record<PhaseId, string> = {
  acknowledge: 'Acknowledge',
  diagnose: 'Diagnose',
  escalate: 'Escalate',
  'follow-up': 'Follow up',
};

export interface PhaseGuide {
  goal: string;
  talkTracks: string[];
  dontSay: string[];
  checklist: string[];
}

export interface PhaseWindows {
  /** Acknowledge must happen within this long of the failure. */
  acknowledgeMs: number;
  /** Fix live until this long after the failure; past it, escalate. */
  diagnoseMs: number;
  /** The follow-up is due this long after the incident ends. */
  followUpMs: number;
}

export interface Playbook {
  phases: Record<PhaseId, PhaseGuide>;
  windows: PhaseWindows;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export const PLAYBOOK_LIMITS = {
  talkTrackChars: 2000,
  itemChars: 300,
  goalChars: 500,
  listItems: 200,
  acknowledgeMs: { min: 10 * SECOND, max: 10 * MINUTE },
  diagnoseMs: { min: 1 * MINUTE, max: 2 * HOUR },
  followUpMs: { min: 1 * HOUR, max: 7 * 24 * HOUR },
} as const;

export const DEFAULT_WINDOWS: PhaseWindows = {
  acknowledgeMs: 60 * SECOND,
  diagnoseMs: 10 * MINUTE,
  followUpMs: 24 * HOUR,
};

// Written in our own words from the protocol; the spec's quotes are examples, not copy.
export const DEFAULT_PLAYBOOK: Playbook = {
  windows: DEFAULT_WINDOWS,
  phases: {
    acknowledge: {
      goal: 'Name the failure out loud within a minute. Calm, plain, no excuses.',
      talkTracks: [
        "That's an error we should not be seeing, and I'm not going to gloss over it. Give me a moment to look at what happened.",
        '{prospect}, you just saw that fail, and that is not how it should behave. I will dig into it with you right now.',
        "Let's pause here: this step failed. I'd rather show you how we investigate than pretend it didn't happen.",
      ],
      dontSay: [
        "That's weird, it usually works",
        'That never happens',
        "It's probably your network",
        "It's just the demo environment",
        'Ignore that',
        "Let's just skip this part",
      ],
      checklist: [],
    },
    diagnose: {
      goal: 'Troubleshoot in the open. The prospect is watching what support will feel like.',
      talkTracks: [
        "I'm checking the logs for {issue} now. This is the same first step our support team would take with you in production.",
        'Here is what I can see so far: {issue}. Let me test that theory before I change anything.',
        'I found the likely cause. I will fix it and run the same step again so we both see the result.',
      ],
      dontSay: [
        'Our staging environment is different from production',
        'This is a known issue with your configuration',
        'Someone on our side must have broken it',
        "I don't know what's going on",
      ],
      checklist: [
        'Read the exact error message and status code',
        'Check the application or API logs',
        'Check authentication: expired token or session?',
        'Check configuration and environment variables',
        'Check the status page of dependencies',
        'Retry the step once, deliberately',
      ],
    },
    escalate: {
      goal: 'Stop hacking. Hand it to engineering with a timeline, then pivot so the session still delivers.',
      talkTracks: [
        'This needs our engineering team, so I am escalating it now. You will hear from us {eta} with an update.',
        'Rather than spend your time on a workaround, I have passed this to engineering, and you will have a timeline {eta}. Meanwhile, let me show you {criterion}, which is also on your list.',
        "Let's make the most of the time we have: while engineering looks at this, I'll walk you through {criterion}.",
      ],
      dontSay: [
        'Let me just try one more thing',
        "This wouldn't happen in real life",
        "I'm sure it's nothing",
        "We'll have to reschedule everything",
      ],
      checklist: [
        'Tell the prospect you are escalating',
        'Give a concrete timeline',
        'Post the incident to your engineering channel',
        'Pivot to another success criterion',
      ],
    },
    'follow-up': {
      goal: 'Within a day, send the prospect a written incident report: root cause, resolution, prevention.',
      talkTracks: [
        'Before we wrap up: you will get a written summary of what happened today, what we fixed and what we are changing so it does not happen again.',
      ],
      dontSay: ['We never have problems like this', 'It was a one-off, nothing to report'],
      checklist: [
        'Confirm the root cause with engineering',
        'Describe the resolution: temporary or permanent',
        'Name the prevention step, its owner and date',
        'Send the report within 24 hours',
      ],
    },
  },
};

export function guideFor(playbook: Playbook, phase: PhaseId): PhaseGuide {
  return playbook.phases[phase];
}
