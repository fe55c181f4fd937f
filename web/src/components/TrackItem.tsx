import { graphql } from '../gql';
import type { TrackItem_RoomTrackFragment } from '../gql/graphql';
import { ExplicitBadge } from './ExplicitBadge';
import { TrackActions } from './TrackActions';
import { VoteButtons } from './VoteButtons';

export const TrackItemFragment = graphql(`
  fragment TrackItem_roomTrack on RoomTrack {
    id
    uri
    likes
    dislikes
    myVote
    status
    addedBy {
      id
      displayName
    }
    track {
      uri
      name
      artists
      imageUrl
      durationMs
      explicit
    }
  }
`);

/** The name a track goes by on buttons: its title, or its uri while Spotify's metadata is unknown. */
export function trackName(item: Pick<TrackItem_RoomTrackFragment, 'uri' | 'track'>): string {
  return item.track?.name ?? item.uri;
}

interface Props {
  item: TrackItem_RoomTrackFragment;
  code: string;
  /** Votes are open on the vote list and up next, not on history. */
  votable: boolean;
  /** The host may play it now; host and co-hosts may remove it. */
  canPlay: boolean;
  canRemove: boolean;
}

export function TrackItem({ item, code, votable, canPlay, canRemove }: Props) {
  return (
    <li className="track">
      <Cover url={item.track?.imageUrl} />
      <div className="track-text">
        <span className="track-name">{trackName(item)}</span>
        <span className="muted small">
          <ExplicitBadge explicit={item.track?.explicit} />
          {item.track?.artists.join(', ')}
          {item.addedBy ? ` · added by ${item.addedBy.displayName}` : ''}
        </span>
      </div>
      {votable ? <VoteButtons item={item} code={code} /> : null}
      {canPlay || canRemove ? (
        <TrackActions item={item} code={code} canPlay={canPlay} canRemove={canRemove} />
      ) : null}
    </li>
  );
}

export function Cover({ url, size = 48 }: { url?: string | null; size?: number }) {
  return url ? (
    <img className="cover" src={url} alt="" width={size} height={size} loading="lazy" />
  ) : (
    <span className="cover cover-empty" style={{ width: size, height: size }} aria-hidden="true" />
  );
}
