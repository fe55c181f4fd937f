import { useMutation } from '@apollo/client/react';
import { graphql } from '../gql';
import type { TrackItem_RoomTrackFragment } from '../gql/graphql';
import { useAction } from '../hooks/useAction';
import { trackName } from './TrackItem';

const Vote = graphql(`
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
      <button
        type="button"
        className="vote"
        aria-pressed={item.myVote === true}
        disabled={busy}
        onClick={() => void cast(true)}
      >
        <span aria-hidden="true">▲</span>
        <span className="visually-hidden">Like {name}</span>
      </button>
      <span className="count">
        {item.likes}
        <span className="visually-hidden">{item.likes === 1 ? ' like' : ' likes'}</span>
      </span>
      <button
        type="button"
        className="vote"
        aria-pressed={item.myVote === false}
        disabled={busy}
        onClick={() => void cast(false)}
      >
        <span aria-hidden="true">▼</span>
        <span className="visually-hidden">Dislike {name}</span>
      </button>
      <span className="count">
        {item.dislikes}
        <span className="visually-hidden">{item.dislikes === 1 ? ' dislike' : ' dislikes'}</span>
      </span>
    </div>
  );
}
