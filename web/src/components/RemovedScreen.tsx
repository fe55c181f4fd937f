import { setSession } from '../lib/session';

/** A guest the host removed (or banned) sees it said plainly, and cannot vote anymore. */
export function RemovedScreen({ banned }: { banned: boolean }) {
  return (
    <div className="stack">
      <div className="card" role="alert">
        <h1>You were removed from this party</h1>
        <p>
          {banned
            ? 'The host removed and banned you: you cannot come back to this party.'
            : 'The host removed you from this party. You can join again with the code if the party is still open.'}
        </p>
      </div>
      <a
        className="button"
        href="/"
        onClick={() => {
          if (banned) setSession(null);
        }}
      >
        Home
      </a>
    </div>
  );
}
