import { useQuery } from '@apollo/client/react';
import { useEffect } from 'react';
import { HostControls } from '../components/HostControls';
import { InviteCard } from '../components/InviteCard';
import { NowPlaying } from '../components/NowPlaying';
import { ParticipantList } from '../components/ParticipantList';
import { RemovedScreen } from '../components/RemovedScreen';
import { RoomSettings } from '../components/RoomSettings';
import { RoomSkeleton } from '../components/RoomSkeleton';
import { RoomTabs } from '../components/RoomTabs';
import { SearchTracks } from '../components/SearchTracks';
import { TrackList } from '../components/TrackList';
import { apiErrorOf } from '../lib/errors';
import { navigate } from '../lib/router';
import { getSession, setSession } from '../lib/session';
import { errorText } from '../lib/wording';
import { guardrailsText } from '../lib/guardrails';
import { RoomScreen } from './roomScreen';
import { useResubscribe } from './useResubscribe';
import { useRoomLive } from './useRoomLive';

/** `/room/<CODE>`: the party, live. */
export function RoomRoute({ code }: { code: string }) {
  const session = getSession();
  const { data, error, loading, refetch } = useQuery(RoomScreen, {
    variables: { code },
    skip: !session,
    // Every read of the room is asked for because something changed: it must start after that
    // change. Apollo would otherwise hand a refetch the answer of a read already under way, begun
    // before the change (a slow server: the change is then missed until the next one).
    context: { queryDeduplication: false },
  });
  const problem = apiErrorOf(error);
  const spotifyUser = session?.kind === 'spotify';
  // Removed (or banned) while in the room: the room answers FORBIDDEN from then on.
  const removed =
    problem?.code === 'FORBIDDEN' && !(spotifyUser && !data)
      ? { banned: problem.reason === 'BANNED' }
      : null;
  const mustJoin =
    !session ||
    problem?.code === 'UNAUTHENTICATED' ||
    problem?.reason === 'GUEST_WRONG_ROOM' ||
    (problem?.code === 'FORBIDDEN' && spotifyUser && !data);

  useEffect(() => {
    if (!mustJoin) return;
    if (problem?.code === 'UNAUTHENTICATED') setSession(null);
    navigate(`/join/${code}`, { replace: true });
  }, [mustJoin, problem?.code, code]);

  const { generation, onEnded } = useResubscribe(refetch);
  useRoomLive(code, removed ? undefined : data?.room.id, generation, onEnded);

  if (removed) return <RemovedScreen banned={removed.banned} />;
  if (!data) {
    if (loading || !problem) return <RoomSkeleton />;
    return (
      <div className="stack">
        <p role="alert">{errorText(problem)}</p>
        <a href="/">Home</a>
      </div>
    );
  }

  const { room, me } = data;
  const myRole = room.participants.find((p) => p.user.id === me.id)?.role ?? 'GUEST';
  const isHost = myRole === 'HOST';
  const moderator = isHost || myRole === 'CO_HOST';
  const closed = room.status === 'CLOSED';
  const listProps = { code, canPlay: isHost && !closed, canRemove: moderator && !closed };

  return (
    <div className="stack room">
      <header className="room-header">
        <a href="/" className="small muted">
          ← Spotify Party
        </a>
        <h1>{room.name}</h1>
        <p className="muted small">
          Code <span className="code">{room.code}</span> · {room.participantCount}{' '}
          {room.participantCount === 1 ? 'person' : 'people'}
        </p>
      </header>
      {closed ? (
        <p className="card warn" role="status">
          This party has ended. Thanks for coming!
        </p>
      ) : null}
      {moderator && !closed ? <InviteCard code={room.code} heading="Invite guests" /> : null}
      <NowPlaying room={room} isHost={isHost} />
      {moderator ? <HostControls room={room} isHost={isHost} /> : null}
      {!closed ? <SearchTracks code={code} rules={guardrailsText(room)} /> : null}
      <RoomTabs
        tabs={[
          {
            name: 'Vote',
            panel: (
              <TrackList
                label="Vote"
                items={room.voteList}
                votable={!closed}
                empty="No tracks to vote on. Search above and add one."
                {...listProps}
              />
            ),
          },
          {
            name: 'Up next',
            panel: (
              <TrackList
                label="Up next"
                items={room.queue}
                votable={!closed}
                empty={`Nothing is up next: a track needs ${room.effectiveLikeThreshold} ${room.effectiveLikeThreshold === 1 ? 'like' : 'likes'} to get here.`}
                {...listProps}
              />
            ),
          },
          {
            name: 'History',
            panel: (
              <TrackList
                label="History"
                items={room.history}
                votable={false}
                empty="Nothing has played yet."
                code={code}
                canPlay={false}
                canRemove={false}
              />
            ),
          },
          {
            name: 'Participants',
            panel: (
              <ParticipantList
                participants={room.participants}
                code={code}
                myRole={myRole}
                myId={me.id}
              />
            ),
          },
        ]}
      />
      {isHost && !closed ? <RoomSettings room={room} /> : null}
      {/* Guests can bring friends too: the same invitation, below what they came for. */}
      {!moderator && !closed ? <InviteCard code={room.code} heading="Invite friends" /> : null}
    </div>
  );
}
