import { useEffect, useState } from 'react';
import { formatTime, progressAt, type ProgressSample } from '../lib/progress';

/** Advances by itself between updates, from the last `progressMs` at `observedAt`. */
export function ProgressBar({ sample }: { sample: ProgressSample }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!sample.playing) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [sample.playing]);
  const position = progressAt(sample, now) ?? 0;
  const duration = sample.durationMs ?? 0;
  const percent = duration ? Math.min(100, (position / duration) * 100) : 0;
  return (
    <div className="progress-wrap">
      <div
        className="progress"
        role="progressbar"
        aria-label="Track progress"
        aria-valuemin={0}
        aria-valuemax={Math.round(duration / 1000)}
        aria-valuenow={Math.round(position / 1000)}
        aria-valuetext={`${formatTime(position)} of ${formatTime(duration)}`}
      >
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <div className="progress-times muted small" aria-hidden="true">
        <span>{formatTime(position)}</span>
        <span>{formatTime(duration)}</span>
      </div>
    </div>
  );
}
