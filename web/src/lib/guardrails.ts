/** The host's guardrails, as Room serves them and updateRoom takes them. */
export interface Guardrails {
  explicitAllowed: boolean;
  maxTrackSeconds: number | null;
  maxPerArtist: number | null;
}

/** The settings field shows minutes: 450 s → "7.5", null → "" (no limit). */
export function minutesField(seconds: number | null): string {
  return seconds === null ? '' : String(Math.round((seconds / 60) * 100) / 100);
}

/** What updateRoom takes from the minutes field: "7.5" → 450, "" → null (no limit). */
export function secondsOf(minutes: string): number | null {
  return minutes.trim() === '' ? null : Math.round(Number(minutes) * 60);
}

/**
 * Whether saving `next` over `current` sets a rule or makes one stricter: the server then removes
 * the waiting tracks that break it, and the host is told so.
 */
export function tightens(current: Guardrails, next: Guardrails): boolean {
  const lower = (was: number | null, now: number | null) =>
    now !== null && (was === null || now < was);
  return (
    (current.explicitAllowed && !next.explicitAllowed) ||
    lower(current.maxTrackSeconds, next.maxTrackSeconds) ||
    lower(current.maxPerArtist, next.maxPerArtist)
  );
}

/** The rules in force, for guests: "No explicit tracks · Up to 7:30 a track · 2 per artist". */
export function guardrailsText(rules: Guardrails): string | null {
  const parts: string[] = [];
  if (!rules.explicitAllowed) parts.push('No explicit tracks');
  if (rules.maxTrackSeconds !== null) {
    parts.push(`Tracks up to ${duration(rules.maxTrackSeconds)}`);
  }
  if (rules.maxPerArtist !== null) {
    parts.push(
      rules.maxPerArtist === 1 ? 'One track per artist' : `${rules.maxPerArtist} tracks per artist`,
    );
  }
  return parts.length > 0 ? parts.join(' · ') : null;
}

/** 450 → "7:30", 600 → "10 minutes", 45 → "45 seconds" (as the server words TOO_LONG). */
function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  if (rest === 0) return minutes === 1 ? '1 minute' : `${minutes} minutes`;
  return `${minutes}:${String(rest).padStart(2, '0')}`;
}
