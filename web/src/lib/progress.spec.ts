import { describe, expect, it } from '@jest/globals';
import { formatTime, progressAt } from './progress';

const observedAt = '2026-12-07T10:00:00.000Z';
const at = (ms: number) => Date.parse(observedAt) + ms;

describe('progressAt', () => {
  it('advances by the time elapsed since the sample while playing', () => {
    const sample = { playing: true, progressMs: 30_000, observedAt, durationMs: 200_000 };
    expect(progressAt(sample, at(0))).toBe(30_000);
    expect(progressAt(sample, at(4_500))).toBe(34_500);
  });

  it('stands still when paused', () => {
    const sample = { playing: false, progressMs: 30_000, observedAt, durationMs: 200_000 };
    expect(progressAt(sample, at(60_000))).toBe(30_000);
  });

  it('stops at the end of the track and never goes below 0 (clock skew)', () => {
    const sample = { playing: true, progressMs: 199_000, observedAt, durationMs: 200_000 };
    expect(progressAt(sample, at(10_000))).toBe(200_000);
    expect(progressAt({ ...sample, progressMs: 0 }, at(-5_000))).toBe(0);
  });

  it('is null when nothing was observed', () => {
    expect(progressAt({ playing: true, progressMs: null, observedAt, durationMs: 1 }, at(0))).toBe(
      null,
    );
  });
});

describe('formatTime', () => {
  it('writes m:ss', () => {
    expect(formatTime(0)).toBe('0:00');
    expect(formatTime(83_999)).toBe('1:23');
    expect(formatTime(600_000)).toBe('10:00');
  });
});
