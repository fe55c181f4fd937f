import type { TrackItem_RoomTrackFragment } from '../gql/graphql';
import { TrackItem } from './TrackItem';

interface Props {
  label: string;
  items: TrackItem_RoomTrackFragment[];
  code: string;
  empty: string;
  votable: boolean;
  canPlay: boolean;
  canRemove: boolean;
}

/** One of the room's lists (Vote, Up next, History), with what to do when it is empty. */
export function TrackList({ label, items, empty, ...rest }: Props) {
  return (
    <>
      <ul className="plain tracks" aria-label={label}>
        {items.map((item) => (
          <TrackItem key={item.id} item={item} {...rest} />
        ))}
      </ul>
      {items.length === 0 ? <p className="empty">{empty}</p> : null}
    </>
  );
}
