/** The room's shape while it loads, so nothing jumps when it arrives. */
export function RoomSkeleton() {
  return (
    <div className="stack" aria-busy="true" aria-label="Loading the party">
      <div className="skeleton-line wide" />
      <div className="card skeleton-block" />
      <div className="skeleton-line" />
      <div className="card skeleton-block tall" />
    </div>
  );
}
