import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { graphql } from '../gql';
import type { HostControls_RoomFragment } from '../gql/graphql';
import { useAction } from '../hooks/useAction';
import { EndOfPartyButtons } from './EndOfPartyButtons';
import { FallbackPlaylistSelect } from './FallbackPlaylistSelect';

export const HostControlsFragment = graphql(`
  fragment HostControls_room on Room {
    id
    code
    status
    autoplay
    fallbackPlaylistUri
    playback {
      state
      reason
    }
  }
`);

const StartParty = graphql(`
  mutation StartParty($code: String!, $fallback: String) {
    startParty(code: $code, fallbackPlaylistUri: $fallback) {
      id
      autoplay
      fallbackPlaylistUri
    }
  }
`);
const StopParty = graphql(`
  mutation StopParty($code: String!) {
    stopParty(code: $code) {
      id
      autoplay
    }
  }
`);
const SkipTrack = graphql(`
  mutation SkipTrack($code: String!) {
    skipTrack(code: $code) {
      state
    }
  }
`);

interface Props {
  room: HostControls_RoomFragment;
  isHost: boolean;
}

/** The host runs the party; a co-host sees only what they may do (skip). */
export function HostControls({ room, isHost }: Props) {
  const refetch = { refetchQueries: ['RoomScreen'] };
  const [start] = useMutation(StartParty, refetch);
  const [stop] = useMutation(StopParty, refetch);
  const [skip] = useMutation(SkipTrack, refetch);
  const [fallback, setFallback] = useState(room.fallbackPlaylistUri ?? '');
  const { run, busy } = useAction();
  const code = room.code;
  const closed = room.status === 'CLOSED';
  const tookOver = room.playback.state === 'OFF' && room.playback.reason === 'HOST_TOOK_OVER';
  const startParty = () =>
    run(
      () => start({ variables: { code, fallback: fallback || null } }),
      () => 'The party plays itself now.',
    );

  return (
    <section className="card stack" aria-labelledby="controls-heading">
      <h2 id="controls-heading" className="eyebrow">
        {isHost ? 'Host controls' : 'Co-host controls'}
      </h2>
      {isHost && !room.autoplay && !closed ? (
        <FallbackPlaylistSelect value={fallback} onChange={setFallback} />
      ) : null}
      <div className="button-row">
        {isHost && (!room.autoplay || tookOver) ? (
          <button
            type="button"
            className="primary"
            disabled={busy || closed}
            onClick={() => void startParty()}
          >
            {tookOver ? 'Resume the party' : 'Start party'}
          </button>
        ) : null}
        <button
          type="button"
          disabled={busy || closed}
          onClick={() =>
            void run(
              () => skip({ variables: { code } }),
              () => 'Skipped.',
            )
          }
        >
          Skip
        </button>
        {isHost && room.autoplay && !tookOver ? (
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              void run(
                () => stop({ variables: { code } }),
                () => 'Autoplay is off.',
              )
            }
          >
            Stop party
          </button>
        ) : null}
        {isHost ? <EndOfPartyButtons code={code} closed={closed} /> : null}
      </div>
    </section>
  );
}
