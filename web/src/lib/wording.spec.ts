import { describe, expect, it } from '@jest/globals';
import { backOnlineText, errorText, needsReauth, playbackStateText, skipText } from './wording';

describe('playbackStateText', () => {
  it.each([
    ['PLAYING', null, null],
    ['PAUSED', null, 'Paused by the host. The party goes on when they resume.'],
    ['WAITING_FOR_TRACKS', null, 'Waiting for tracks: like one to get it played.'],
    ['WAITING_FOR_DEVICE', null, "Waiting for the host's Spotify: no device is active."],
    ['BLOCKED', 'PREMIUM_REQUIRED', "Blocked: the host's Spotify account needs Premium."],
    ['BLOCKED', 'REAUTH_REQUIRED', 'Blocked: the host must log in with Spotify again.'],
    ['BLOCKED', 'SOMETHING_NEW', 'Blocked: Spotify cannot play for the party.'],
    ['OFF', null, 'Autoplay is off: the host plays tracks by hand.'],
    ['OFF', 'HOST_TOOK_OVER', 'The host took over in Spotify: autoplay is off.'],
  ] as const)('says %s (%s) as %j', (state, reason, text) => {
    expect(playbackStateText(state, reason)).toBe(text);
  });

  it('offers a new login only when the Spotify login is the problem', () => {
    expect(needsReauth('BLOCKED', 'REAUTH_REQUIRED')).toBe(true);
    expect(needsReauth('BLOCKED', 'PREMIUM_REQUIRED')).toBe(false);
    expect(needsReauth('OFF', 'REAUTH_REQUIRED')).toBe(false);
  });
});

describe('skipText', () => {
  it('counts dislikes toward the threshold, and says nothing without one', () => {
    expect(skipText(2, 5)).toBe('2 of 5 to skip');
    expect(skipText(7, 5)).toBe('5 of 5 to skip');
    expect(skipText(2, null)).toBeNull();
  });
});

describe('errorText', () => {
  it('says why a track is refused, in words', () => {
    expect(errorText({ code: 'CONFLICT', reason: 'QUEUE_LIMIT' })).toMatch(/fair share/);
    expect(errorText({ code: 'CONFLICT', reason: 'TRACK_REMOVED' })).toMatch(/removed/);
  });

  it('says which guardrail refused a track', () => {
    expect(errorText({ code: 'CONFLICT', reason: 'EXPLICIT', message: 'explicit' })).toBe(
      'This track is marked explicit, and the host keeps explicit tracks out of this party.',
    );
    expect(errorText({ code: 'CONFLICT', reason: 'TOO_LONG' })).toBe(
      'This track is longer than the host allows in this party.',
    );
    expect(errorText({ code: 'CONFLICT', reason: 'ARTIST_LIMIT' })).toMatch(
      /^This artist already has as many tracks waiting as the host allows/,
    );
  });

  it("prefers the server's words when they say more (the limit itself)", () => {
    expect(
      errorText({
        code: 'CONFLICT',
        reason: 'TOO_LONG',
        message: 'This track is too long for this party: the host allows tracks of up to 7 minutes',
      }),
    ).toBe('This track is too long for this party: the host allows tracks of up to 7 minutes.');
    expect(
      errorText({
        code: 'CONFLICT',
        reason: 'ARTIST_LIMIT',
        message: 'This artist already has 2 tracks waiting to play.',
      }),
    ).toBe('This artist already has 2 tracks waiting to play.');
  });

  it("falls back to the server's words for a refusal it does not know", () => {
    expect(
      errorText({
        code: 'CONFLICT',
        reason: 'SOMETHING_NEW',
        message: 'Not at this party',
      }),
    ).toBe('Not at this party');
  });

  it("says a setting's range in the settings' own words (minutes, not seconds)", () => {
    expect(
      errorText({
        code: 'BAD_USER_INPUT',
        message: 'maxTrackSeconds must be between 30 and 3600',
        fields: ['maxTrackSeconds'],
      }),
    ).toBe('The longest track must be from 0.5 to 60 minutes, or empty.');
    expect(
      errorText({
        code: 'BAD_USER_INPUT',
        message: 'maxPerArtist must be between 1 and 1000; maxTrackSeconds must be …',
        fields: ['maxPerArtist', 'maxTrackSeconds'],
      }),
    ).toBe(
      'Tracks per artist must be a number from 1 to 1000, or empty. The longest track must be from 0.5 to 60 minutes, or empty.',
    );
    expect(
      errorText({ code: 'BAD_USER_INPUT', message: 'name is too long', fields: ['name'] }),
    ).toBe('name is too long');
  });

  it('says when to retry after a rate limit', () => {
    expect(errorText({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 12 })).toBe(
      'Too many requests: try again in 12 s.',
    );
  });

  it('never shows a bare code', () => {
    expect(errorText({ code: 'FORBIDDEN' })).toBe('You are not allowed to do that.');
    expect(errorText({ code: 'WHATEVER' })).toBe('Something went wrong. Try again.');
    expect(errorText(null)).toBe('Something went wrong. Try again.');
  });
});

describe('backOnlineText', () => {
  it('says what was caught up on, when it is known', () => {
    expect(backOnlineText(3)).toBe('Back online. Caught up on 3 vote updates.');
    expect(backOnlineText(1)).toBe('Back online. Caught up on 1 vote update.');
    expect(backOnlineText(0)).toBe('Back online. Nothing was missed.');
    expect(backOnlineText(null)).toBe('Back online.');
  });
});
