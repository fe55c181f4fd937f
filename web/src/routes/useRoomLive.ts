import { NetworkStatus } from '@apollo/client';
import { useApolloClient } from '@apollo/client/react';
import { useEffect, useRef } from 'react';
import { onReconnected } from '../apollo/connection';
import { graphql } from '../gql';
import { RoomScreen } from './roomScreen';

const VotesLive = graphql(`
  subscription VotesLive($code: String!, $afterSeq: Int) {
    voteUpdated(code: $code, afterSeq: $afterSeq) {
      seq
      trackUri
      likes
      dislikes
      status
    }
  }
`);

const PlaybackLive = graphql(`
  subscription PlaybackLive($code: String!) {
    playbackUpdated(code: $code) {
      ...NowPlaying_playback
      track {
        ...TrackItem_roomTrack
      }
    }
  }
`);

const RoomLive = graphql(`
  subscription RoomLive($code: String!) {
    roomUpdated(code: $code) {
      id
      name
      status
      participantCount
      ...RoomSettings_room
      ...HostControls_room
      participants {
        ...ParticipantItem_participant
      }
    }
  }
`);

const LivePlayback = graphql(`
  fragment LivePlayback_room on Room {
    nowPlaying {
      ...TrackItem_roomTrack
    }
    playback {
      ...NowPlaying_playback
    }
  }
`);

/**
 * Keeps the cached room live: vote tallies are written into the cached tracks, the playback into
 * the room, room changes merge by id; when a list changes shape (a track arrives, becomes READY,
 * starts, ends or is removed) the room query runs again. `onEnded`: the server ended or refused a
 * subscription (the caller was removed, the session expired): the screen reads the room again,
 * which says why.
 */
export function useRoomLive(
  code: string,
  roomId: string | undefined,
  /** Bumped to subscribe again. */
  generation: number,
  onEnded: () => void,
) {
  const client = useApolloClient();
  const ended = useRef(onEnded);
  useEffect(() => {
    ended.current = onEnded;
  }, [onEnded]);
  // The last vote event seen in this room: subscribing again resumes after it, so the votes cast
  // while the subscription was ended (an outage) still arrive.
  const lastSeq = useRef<{ roomId?: string; seq?: number }>({});

  useEffect(() => {
    if (!roomId) return;
    const variables = { code };
    const roomRef = client.cache.identify({ __typename: 'Room', id: roomId });
    // A read of the room under way may have been served before the change that just arrived, and
    // would write the older state over it when it lands: read again once it is done. (Not at once:
    // a new read cancels the one under way, and a busy room on a slow server would never show.)
    const readUnderWay = () =>
      [...client.getObservableQueries([RoomScreen])].some(
        (query) => query.getCurrentResult().networkStatus < NetworkStatus.ready,
      );
    let refetchTimer: ReturnType<typeof setTimeout> | undefined;
    const refetchSoon = () => {
      clearTimeout(refetchTimer);
      refetchTimer = setTimeout(() => {
        if (readUnderWay()) refetchSoon();
        else void client.refetchQueries({ include: [RoomScreen] });
      }, 150);
    };
    const end = () => ended.current();

    if (lastSeq.current.roomId !== roomId) lastSeq.current = { roomId };
    const resume = lastSeq.current;
    const votes = client
      .subscribe({ query: VotesLive, variables: { ...variables, afterSeq: resume.seq } })
      .subscribe({
        next: ({ data }) => {
          const update = data?.voteUpdated;
          if (!update) return;
          resume.seq = update.seq;
          const cached = client.cache.readQuery({ query: RoomScreen, variables })?.room;
          const find = (tracks: Array<{ id: string; uri: string }> | undefined) =>
            tracks?.find((track) => track.uri === update.trackUri);
          const voting = find(cached?.voteList);
          const next = find(cached?.queue);
          const playing = find(cached?.nowPlaying ? [cached.nowPlaying] : []);
          const known = voting ?? next ?? playing;
          // The list that shows the track tells its status, not the cached track: the voter's own
          // mutation already wrote the new status there while the lists still show the old one.
          const shownAs = voting ? 'QUEUED' : next ? 'READY' : 'PLAYING';
          if (!known || shownAs !== update.status || readUnderWay()) refetchSoon();
          if (!known) return;
          client.cache.modify({
            id: client.cache.identify({ __typename: 'RoomTrack', id: known.id }),
            fields: { likes: () => update.likes, dislikes: () => update.dislikes },
          });
        },
        error: end,
        complete: end,
      });

    const playback = client.subscribe({ query: PlaybackLive, variables }).subscribe({
      next: ({ data }) => {
        const next = data?.playbackUpdated;
        if (!next || !roomRef) return;
        const { track, ...rest } = next;
        const before = client.cache.readFragment({
          id: roomRef,
          fragment: LivePlayback,
          fragmentName: 'LivePlayback_room',
        });
        client.cache.writeFragment({
          id: roomRef,
          fragment: LivePlayback,
          fragmentName: 'LivePlayback_room',
          data: { nowPlaying: track ?? null, playback: rest },
        });
        if (before?.nowPlaying?.id !== track?.id || readUnderWay()) refetchSoon();
      },
      error: end,
      complete: end,
    });

    // roomUpdated merges into the cache by id; it is also the only news of a removed track (by a
    // moderator, or by a guardrail the host set), so the lists are read again.
    const room = client
      .subscribe({ query: RoomLive, variables })
      .subscribe({ next: refetchSoon, error: end, complete: end });
    // Playback and room changes have no afterSeq: after a dropped connection, read them again.
    const stopReconnected = onReconnected(refetchSoon);

    return () => {
      clearTimeout(refetchTimer);
      stopReconnected();
      votes.unsubscribe();
      playback.unsubscribe();
      room.unsubscribe();
    };
  }, [client, code, roomId, generation]);
}
