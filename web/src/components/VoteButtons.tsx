import { useMutation } from '@apollo/client/react';
import { graphql } from '../gql';
import type { TrackItem_RoomTrackFragment } from '../gql/graphql';
import { useAction } from '../hooks/useAction';
import { trackName } from './TrackItem';

/** A vote; a first like on a track not in the room adds it (SearchTracks). */
export const Vote = graphql(`
  mutation Vote($input: VoteInput!) {
    vote(input: $input) {
      thresholdReached
      track {
        id
        likes
        dislikes
        myVote
        status
      }
    }
  }
`);

/** Like and dislike, each showing the count and (aria-pressed) the caller's own vote. */
export function VoteButtons({ item, code }: { item: TrackItem_RoomTrackFragment; code: string }) {
  const [vote] = useMutation(Vote);
  const { run, busy } = useAction();
  const name = trackName(item);
  const cast = (isLike: boolean) =>
    run(() => vote({ variables: { input: { code, trackUri: item.uri, isLike } } }));
  return (
    <div className="votes">
      <VoteButton
        label={`Like ${name}`}
        icon="▲"
        pressed={item.myVote === true}
        count={item.likes}
        unit={['like', 'likes']}
        disabled={busy}
        onClick={() => void cast(true)}
      />
      <VoteButton
        label={`Dislike ${name}`}
        icon="▼"
        pressed={item.myVote === false}
        count={item.dislikes}
        unit={['dislike', 'dislikes']}
        disabled={busy}
        onClick={() => void cast(false)}
      />
    </div>
  );
}

interface VoteButtonProps {
  label: string;
  icon: string;
  pressed: boolean;
  count: number;
  unit: [string, string];
  disabled: boolean;
  onClick: () => void;
}

/** The button names the track only (its count beside it), and carries aria-pressed always. */
function VoteButton({ label, icon, pressed, count, unit, disabled, onClick }: VoteButtonProps) {
  return (
    <>
      <button
        type="button"
        className="vote"
        aria-pressed={pressed}
        disabled={disabled}
        onClick={onClick}
      >
        <span aria-hidden="true">{icon}</span>
        <span className="visually-hidden">{label}</span>
      </button>
      <span className="count">
        {count}
        <span className="visually-hidden"> {count === 1 ? unit[0] : unit[1]}</span>
      </span>
    </>
  );
}
