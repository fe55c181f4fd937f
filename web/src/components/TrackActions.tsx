import { useMutation } from '@apollo/client/react';
import { graphql } from '../gql';
import type { TrackItem_RoomTrackFragment } from '../gql/graphql';
import { useAction } from '../hooks/useAction';
import { trackName } from './TrackItem';

const PlayTrack = graphql(`
  mutation PlayTrack($code: String!, $uri: String!) {
    playTrack(code: $code, trackUri: $uri) {
      id
      status
    }
  }
`);

const RemoveTrack = graphql(`
  mutation RemoveTrack($code: String!, $uri: String!) {
    removeTrack(code: $code, trackUri: $uri) {
      id
      status
    }
  }
`);

interface Props {
  item: TrackItem_RoomTrackFragment;
  code: string;
  canPlay: boolean;
  canRemove: boolean;
}

/** The host plays a track now; the host and co-hosts take one out of the party. */
export function TrackActions({ item, code, canPlay, canRemove }: Props) {
  const [play] = useMutation(PlayTrack, { refetchQueries: ['RoomScreen'] });
  const [remove] = useMutation(RemoveTrack, { refetchQueries: ['RoomScreen'] });
  const { run, busy } = useAction();
  const name = trackName(item);
  const variables = { code, uri: item.uri };
  return (
    <div className="track-actions">
      {canPlay ? (
        <button
          type="button"
          className="small-button"
          disabled={busy}
          onClick={() =>
            void run(
              () => play({ variables }),
              () => `Playing ${name}.`,
            )
          }
        >
          <span className="visually-hidden">Play {name} now</span>
          <span aria-hidden="true">▶</span>
        </button>
      ) : null}
      {canRemove ? (
        <button
          type="button"
          className="small-button"
          disabled={busy}
          onClick={() =>
            void run(
              () => remove({ variables }),
              () => `Removed ${name}.`,
            )
          }
        >
          <span className="visually-hidden">Remove track {name}</span>
          <span aria-hidden="true">✕</span>
        </button>
      ) : null}
    </div>
  );
}
