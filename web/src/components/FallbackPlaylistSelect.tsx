import { useQuery } from '@apollo/client/react';
import { useId } from 'react';
import { graphql } from '../gql';

const MyPlaylists = graphql(`
  query MyPlaylists {
    myPlaylists(limit: 50) {
      uri
      name
      trackCount
    }
  }
`);

interface Props {
  value: string;
  onChange: (uri: string) => void;
}

/** What plays when nothing is READY: one of the host's own playlists, or nothing. */
export function FallbackPlaylistSelect({ value, onChange }: Props) {
  const { data, loading } = useQuery(MyPlaylists);
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Fallback playlist</label>
      <select
        id={id}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-busy={loading}
      >
        <option value="">None: wait for the crowd</option>
        {data?.myPlaylists.map((playlist) => (
          <option key={playlist.uri} value={playlist.uri}>
            {playlist.name} ({playlist.trackCount})
          </option>
        ))}
      </select>
    </div>
  );
}
