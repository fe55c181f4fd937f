/** What the server last saw of the playing track: `progressMs` into it at `observedAt`. */
export interface ProgressSample {
  playing: boolean;
  progressMs: number | null | undefined;
  observedAt: string | null | undefined;
  durationMs: number | null | undefined;
}

/**
 * Where the track is at `nowMs`: the last sample plus the time elapsed since, while it plays;
 * never below 0 nor past the track's end. Null when nothing was observed.
 */
export function progressAt(sample: ProgressSample, nowMs: number): number | null {
  if (sample.progressMs === null || sample.progressMs === undefined) return null;
  const observed = sample.observedAt ? Date.parse(sample.observedAt) : Number.NaN;
  const elapsed = sample.playing && Number.isFinite(observed) ? Math.max(0, nowMs - observed) : 0;
  const position = Math.max(0, sample.progressMs + elapsed);
  return sample.durationMs ? Math.min(position, sample.durationMs) : position;
}

/** `m:ss`, as players show a position. */
export function formatTime(ms: number): string {
  const seconds = Math.floor(Math.max(0, ms) / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
