/** Spotify's "E" on a track it flags explicit; named "Explicit" for screen readers. */
export function ExplicitBadge({ explicit }: { explicit?: boolean | null }) {
  if (!explicit) return null;
  return (
    <span className="explicit" role="img" aria-label="Explicit" title="Explicit">
      E
    </span>
  );
}
