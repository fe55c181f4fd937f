import { describe, expect, it } from '@jest/globals';
import {
  breaking,
  hasGuardrails,
  refusal,
  type Guardrails,
  type JudgedTrack,
} from './guardrails.js';
import { TracksError } from './tracks.exception.js';

const NONE: Guardrails = { explicitAllowed: true, maxTrackSeconds: null, maxPerArtist: null };

function track(overrides: Partial<JudgedTrack> = {}): JudgedTrack {
  return { explicit: false, durationMs: 200_000, artistIds: ['a'], ...overrides };
}

const reasonOf = (rules: Guardrails, judged: JudgedTrack, waiting = new Map<string, number>()) =>
  refusal(rules, judged, waiting)?.reason ?? null;

describe('guardrails', () => {
  it('has none by default', () => {
    expect(hasGuardrails(NONE)).toBe(false);
    expect(hasGuardrails({ ...NONE, explicitAllowed: false })).toBe(true);
    expect(hasGuardrails({ ...NONE, maxTrackSeconds: 300 })).toBe(true);
    expect(hasGuardrails({ ...NONE, maxPerArtist: 2 })).toBe(true);
  });

  it('refuses what Spotify flags explicit, and only that', () => {
    const rules = { ...NONE, explicitAllowed: false };
    expect(reasonOf(rules, track({ explicit: true }))).toBe(TracksError.EXPLICIT);
    expect(reasonOf(rules, track({ explicit: false }))).toBeNull();
    expect(reasonOf(rules, track({ explicit: null }))).toBeNull();
    expect(reasonOf(NONE, track({ explicit: true }))).toBeNull();
  });

  it('refuses a track longer than maxTrackSeconds, saying the limit in minutes', () => {
    const rules = { ...NONE, maxTrackSeconds: 450 };
    expect(reasonOf(rules, track({ durationMs: 450_000 }))).toBeNull();
    expect(reasonOf(rules, track({ durationMs: null }))).toBeNull();
    const refused = refusal(rules, track({ durationMs: 450_001 }), new Map());
    expect(refused?.reason).toBe(TracksError.TOO_LONG);
    expect(refused?.message).toContain('up to 7:30');
    expect(
      refusal({ ...NONE, maxTrackSeconds: 600 }, track({ durationMs: 700_000 }), new Map())
        ?.message,
    ).toContain('10 minutes');
  });

  it('refuses a track when any of its artists has maxPerArtist tracks waiting', () => {
    const rules = { ...NONE, maxPerArtist: 2 };
    const waiting = new Map([
      ['a', 2],
      ['b', 1],
    ]);
    expect(reasonOf(rules, track({ artistIds: ['b'] }), waiting)).toBeNull();
    expect(reasonOf(rules, track({ artistIds: ['b', 'a'] }), waiting)).toBe(
      TracksError.ARTIST_LIMIT,
    );
    expect(reasonOf(rules, track({ artistIds: [] }), waiting)).toBeNull();
  });

  it('finds the waiting tracks that break the rules, an artist keeping its first ones', () => {
    const rules = { explicitAllowed: false, maxTrackSeconds: 600, maxPerArtist: 1 };
    const waiting = [
      { id: '1', track: track({ artistIds: ['a'] }) },
      { id: '2', track: track({ artistIds: ['b'], explicit: true }) },
      { id: '3', track: track({ artistIds: ['b', 'a'] }) },
      { id: '4', track: track({ artistIds: ['b'] }) },
      { id: '5', track: track({ artistIds: ['c'], durationMs: 700_000 }) },
      { id: '6', track: track({ artistIds: ['c'] }) },
    ];
    // 2 is explicit and 5 too long: neither counts for its artist; 3 has a's second track.
    expect(breaking(rules, waiting).map((entry) => entry.id)).toEqual(['2', '3', '5']);
  });
});
