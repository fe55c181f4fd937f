import { useMutation } from '@apollo/client/react';
import { graphql } from '../gql';
import type { TrackItem_RoomTrackFragment } from '../gql/graphql';
import { useAction } from '../hooks/useAction';
import { IconButton } from './IconButton';
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
        <IconButton
          label={`Play ${name} now`}
          icon="▶"
          disabled={busy}
          onClick={() =>
            void run(
              () => play({ variables }),
              () => `Playing ${name}.`,
            )
          }
        />
      ) : null}
      {canRemove ? (
        <IconButton
          label={`Remove track ${name}`}
          icon="✕"
          disabled={busy}
          onClick={() =>
            void run(
              () => remove({ variables }),
              () => `Removed ${name}.`,
            )
          }
        />
      ) : null}
    </div>
  );
}
