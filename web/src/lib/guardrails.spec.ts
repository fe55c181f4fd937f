import { describe, expect, it } from '@jest/globals';
import { guardrailsText, minutesField, secondsOf, tightens } from './guardrails';

const none = { explicitAllowed: true, maxTrackSeconds: null, maxPerArtist: null };

describe('the longest track, in minutes', () => {
  it('shows seconds as minutes and saves minutes as seconds', () => {
    expect(minutesField(450)).toBe('7.5');
    expect(minutesField(600)).toBe('10');
    expect(minutesField(425)).toBe('7.08');
    expect(minutesField(null)).toBe('');
    expect(secondsOf('7.5')).toBe(450);
    expect(secondsOf('0.5')).toBe(30);
    expect(secondsOf(' ')).toBeNull();
  });
});

describe('tightens', () => {
  it('is true when a rule is set or made stricter, as the server then removes tracks', () => {
    expect(tightens(none, { ...none, explicitAllowed: false })).toBe(true);
    expect(tightens(none, { ...none, maxTrackSeconds: 600 })).toBe(true);
    expect(tightens({ ...none, maxTrackSeconds: 600 }, { ...none, maxTrackSeconds: 420 })).toBe(
      true,
    );
    expect(tightens({ ...none, maxPerArtist: 3 }, { ...none, maxPerArtist: 2 })).toBe(true);
  });

  it('is false when rules stay, loosen or are cleared', () => {
    expect(tightens(none, none)).toBe(false);
    expect(tightens({ ...none, explicitAllowed: false }, none)).toBe(false);
    expect(tightens({ ...none, maxTrackSeconds: 420 }, { ...none, maxTrackSeconds: 600 })).toBe(
      false,
    );
    expect(tightens({ ...none, maxPerArtist: 2 }, { ...none, maxPerArtist: 2 })).toBe(false);
  });
});

describe('guardrailsText', () => {
  it('says the rules in force, and nothing without any', () => {
    expect(guardrailsText(none)).toBeNull();
    expect(guardrailsText({ explicitAllowed: false, maxTrackSeconds: 450, maxPerArtist: 2 })).toBe(
      'No explicit tracks · Tracks up to 7:30 · 2 tracks per artist',
    );
    expect(guardrailsText({ ...none, maxTrackSeconds: 600, maxPerArtist: 1 })).toBe(
      'Tracks up to 10 minutes · One track per artist',
    );
  });
});
