/** The states and errors of the API in words a guest understands (never a code). */

export type PlaybackStateName =
  'OFF' | 'PLAYING' | 'PAUSED' | 'WAITING_FOR_TRACKS' | 'WAITING_FOR_DEVICE' | 'BLOCKED';

const BLOCKED_REASONS: Record<string, string> = {
  PREMIUM_REQUIRED: "the host's Spotify account needs Premium",
  REAUTH_REQUIRED: 'the host must log in with Spotify again',
  SPOTIFY_UNAVAILABLE: 'Spotify is not answering',
};

/** What the party's player is doing, in a sentence; null while a track plays normally. */
export function playbackStateText(state: PlaybackStateName, reason?: string | null): string | null {
  switch (state) {
    case 'PLAYING':
      return null;
    case 'PAUSED':
      return 'Paused by the host. The party goes on when they resume.';
    case 'WAITING_FOR_TRACKS':
      return 'Waiting for tracks: like one to get it played.';
    case 'WAITING_FOR_DEVICE':
      return "Waiting for the host's Spotify: no device is active.";
    case 'BLOCKED':
      return `Blocked: ${BLOCKED_REASONS[reason ?? ''] ?? 'Spotify cannot play for the party'}.`;
    case 'OFF':
      return reason === 'HOST_TOOK_OVER'
        ? 'The host took over in Spotify: autoplay is off.'
        : 'Autoplay is off: the host plays tracks by hand.';
  }
}

/** Whether the host should be offered to log in again (BLOCKED because of the Spotify login). */
export function needsReauth(state: PlaybackStateName, reason?: string | null): boolean {
  return state === 'BLOCKED' && reason === 'REAUTH_REQUIRED';
}

/** "2 of 5 to skip" when the room lets the crowd skip; null otherwise. */
export function skipText(
  dislikes: number,
  skipThreshold: number | null | undefined,
): string | null {
  if (!skipThreshold) return null;
  return `${Math.min(dislikes, skipThreshold)} of ${skipThreshold} to skip`;
}

/** The parts of an API error the wording needs (GraphQL `extensions`). */
export interface ApiErrorInfo {
  code?: string | null;
  reason?: string | null;
  message?: string | null;
  retryAfterSeconds?: number | null;
  /** The arguments a BAD_USER_INPUT names (`extensions.fields[].field`). */
  fields?: readonly string[] | null;
}

const BY_REASON: Record<string, string> = {
  QUEUE_LIMIT: 'You have your fair share of tracks waiting: wait until one of them plays.',
  EXPLICIT: 'This track is marked explicit, and the host keeps explicit tracks out of this party.',
  TOO_LONG: 'This track is longer than the host allows in this party.',
  ARTIST_LIMIT:
    'This artist already has as many tracks waiting as the host allows: pick another artist, or wait until one plays.',
  TRACK_REMOVED: 'The host removed this track from the party; it cannot be added again.',
  ROOM_CLOSED: 'This party has ended.',
  ROOM_LOCKED: 'The party is locked: no new guests for now.',
  ROOM_NOT_FOUND: 'There is no party with this code. Check it and try again.',
  BANNED: 'You were banned from this party and cannot come back.',
  NOT_A_PARTICIPANT: 'You are not in this party (anymore).',
  PREMIUM_REQUIRED: "The host's Spotify account needs Premium to play.",
  NO_ACTIVE_DEVICE: 'Open Spotify on a phone or speaker first: no device is active.',
  REAUTH_REQUIRED: 'Log in with Spotify again.',
  ACCOUNT_UNAVAILABLE: "The host's Spotify login has expired: the host must log in again.",
  SCOPE_MISSING: 'Log in with Spotify again to allow this.',
  NOTHING_PLAYING: 'Nothing is playing.',
  NOTHING_PLAYED: 'Nothing has played yet, so there is nothing to export.',
  FALLBACK_PLAYLIST_UNREADABLE: 'That playlist cannot be read; choose another one.',
  HOST_ONLY: 'Only the host can do that.',
  MODERATORS_ONLY: 'Only the host and co-hosts can do that.',
  SPOTIFY_ACCOUNT_REQUIRED: 'This needs a Spotify login.',
};

/**
 * Refusals whose server message adds what the app cannot know (the longest track allowed, the
 * tracks per artist): the message, which the server writes for guests, wins over the app's own.
 */
const SERVER_SAYS_MORE = new Set(['TOO_LONG', 'ARTIST_LIMIT']);

/** The settings' range errors, in the words of the settings screen (minutes, not seconds). */
const BY_FIELD: Record<string, string> = {
  likeThreshold: 'The likes a track needs must be a number from 1 to 1000.',
  likeShare: 'The share of the crowd must be from 1 to 100 %, or empty.',
  skipThreshold: 'Dislikes to skip must be a number from 1 to 1000, or empty.',
  maxQueuedPerParticipant: 'Tracks waiting per guest must be a number from 1 to 1000, or empty.',
  maxTrackSeconds: 'The longest track must be from 0.5 to 60 minutes, or empty.',
  maxPerArtist: 'Tracks per artist must be a number from 1 to 1000, or empty.',
};

/** A sentence ends with a full stop; the server's messages do not. */
const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

const BY_CODE: Record<string, string> = {
  UNAUTHENTICATED: 'Your session has expired. Join again.',
  FORBIDDEN: 'You are not allowed to do that.',
  NOT_FOUND: 'Not found: it may have been removed.',
  CONFLICT: 'That cannot be done right now.',
  SPOTIFY_UNAVAILABLE: 'Spotify is not answering. Try again in a moment.',
};

/** One sentence for an API error; a refused track says why (fair share, removed, guardrails). */
export function errorText(error: ApiErrorInfo | null | undefined): string {
  if (!error) return 'Something went wrong. Try again.';
  if (error.reason && SERVER_SAYS_MORE.has(error.reason) && error.message) {
    return sentence(error.message);
  }
  if (error.reason && BY_REASON[error.reason]) return BY_REASON[error.reason];
  if (error.code === 'TOO_MANY_REQUESTS') {
    const wait = error.retryAfterSeconds;
    return wait
      ? `Too many requests: try again in ${wait} s.`
      : 'Too many requests: try again soon.';
  }
  if (error.code === 'BAD_USER_INPUT') {
    const known = (error.fields ?? []).flatMap((field) => BY_FIELD[field] ?? []);
    if (known.length > 0) return known.join(' ');
    // Other validation errors name the field in their message, which is written for people.
    if (error.message) return error.message;
  }
  // A refusal with a reason the app does not know yet (a guardrail, say): the server's own words.
  if (error.reason && error.message) return error.message;
  if (error.code && BY_CODE[error.code]) return BY_CODE[error.code];
  if (error.message && error.code !== 'INTERNAL_SERVER_ERROR') return error.message;
  return 'Something went wrong. Try again.';
}

/** After a dropped connection: what the app caught up on, when it knows. */
export function backOnlineText(caughtUp: number | null): string {
  if (caughtUp === null) return 'Back online.';
  if (caughtUp === 0) return 'Back online. Nothing was missed.';
  return `Back online. Caught up on ${caughtUp} vote ${caughtUp === 1 ? 'update' : 'updates'}.`;
}
