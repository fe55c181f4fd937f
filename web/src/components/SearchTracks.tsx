import { useLazyQuery, useMutation } from '@apollo/client/react';
import { useEffect, useId, useState } from 'react';
import { graphql } from '../gql';
import { useAction } from '../hooks/useAction';
import { ExplicitBadge } from './ExplicitBadge';
import { Vote } from './VoteButtons';

const Search = graphql(`
  query SearchTracks($code: String!, $query: String!) {
    searchTracks(code: $code, query: $query) {
      uri
      name
      artists
      imageUrl
      explicit
    }
  }
`);

/** Search through the host's Spotify account; adding a result is its first like. */
export function SearchTracks({ code, rules }: { code: string; rules?: string | null }) {
  const [text, setText] = useState('');
  const [search, { data, loading }] = useLazyQuery(Search);
  const [add] = useMutation(Vote, { refetchQueries: ['RoomScreen'] });
  const { run, busy } = useAction();
  const id = useId();

  useEffect(() => {
    const query = text.trim();
    if (!query) return;
    const timer = setTimeout(
      () => void search({ variables: { code, query } }).catch(() => undefined),
      250,
    );
    return () => clearTimeout(timer);
  }, [text, code, search]);

  const results = text.trim() ? (data?.searchTracks ?? []) : [];
  return (
    <section className="search" aria-labelledby={`${id}-label`}>
      <label id={`${id}-label`} htmlFor={id} className="visually-hidden">
        Search Spotify
      </label>
      <input
        id={id}
        type="search"
        placeholder="Search Spotify to add a track"
        value={text}
        onChange={(event) => setText(event.target.value)}
        autoComplete="off"
      />
      {rules ? <p className="muted small rules">House rules: {rules}.</p> : null}
      {text.trim() && !loading && data && results.length === 0 ? (
        <p className="empty">No tracks found. Try other words.</p>
      ) : null}
      {results.length > 0 ? (
        <ul className="plain results" aria-label="Search results" aria-busy={loading}>
          {results.map((track) => (
            <li key={track.uri} className="result">
              <button
                type="button"
                className="result-add"
                disabled={busy}
                onClick={() =>
                  void run(
                    () =>
                      add({ variables: { input: { code, trackUri: track.uri, isLike: true } } }),
                    () => {
                      setText('');
                      return `Added ${track.name}, with your like.`;
                    },
                  )
                }
              >
                <span className="visually-hidden">Add </span>
                <span className="track-name">{track.name}</span>
                <span className="add" aria-hidden="true">
                  +
                </span>
              </button>
              <span className="muted small">
                <ExplicitBadge explicit={track.explicit} />
                {track.artists.join(', ')}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
