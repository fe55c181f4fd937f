import { graphql } from '../gql';

/** The room screen's one query, composed of the fragments of the components that render it. */
export const RoomScreen = graphql(`
  query RoomScreen($code: String!) {
    me {
      id
      displayName
      isGuest
    }
    room(code: $code) {
      id
      code
      name
      status
      participantCount
      ...NowPlaying_room
      ...HostControls_room
      ...RoomSettings_room
      queue {
        ...TrackItem_roomTrack
      }
      voteList: tracks(status: QUEUED) {
        ...TrackItem_roomTrack
      }
      history {
        ...TrackItem_roomTrack
      }
      participants {
        ...ParticipantItem_participant
      }
    }
  }
`);
