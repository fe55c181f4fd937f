/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation CreateRoom($input: CreateRoomInput!) {\n    createRoom(input: $input) {\n      id\n      code\n    }\n  }\n": typeof types.CreateRoomDocument,
    "\n  mutation ExportPlaylist($code: String!) {\n    exportPlaylist(code: $code) {\n      name\n      trackCount\n    }\n  }\n": typeof types.ExportPlaylistDocument,
    "\n  mutation CloseRoom($code: String!) {\n    closeRoom(code: $code) {\n      id\n      status\n    }\n  }\n": typeof types.CloseRoomDocument,
    "\n  query MyPlaylists {\n    myPlaylists(limit: 50) {\n      uri\n      name\n      trackCount\n    }\n  }\n": typeof types.MyPlaylistsDocument,
    "\n  fragment HostControls_room on Room {\n    id\n    code\n    status\n    autoplay\n    fallbackPlaylistUri\n    playback {\n      state\n      reason\n    }\n  }\n": typeof types.HostControls_RoomFragmentDoc,
    "\n  mutation StartParty($code: String!, $fallback: String) {\n    startParty(code: $code, fallbackPlaylistUri: $fallback) {\n      id\n      autoplay\n      fallbackPlaylistUri\n    }\n  }\n": typeof types.StartPartyDocument,
    "\n  mutation StopParty($code: String!) {\n    stopParty(code: $code) {\n      id\n      autoplay\n    }\n  }\n": typeof types.StopPartyDocument,
    "\n  mutation SkipTrack($code: String!) {\n    skipTrack(code: $code) {\n      state\n    }\n  }\n": typeof types.SkipTrackDocument,
    "\n  mutation JoinAsGuest($code: String!, $name: String!) {\n    joinAsGuest(code: $code, displayName: $name) {\n      accessToken\n      room {\n        id\n        code\n      }\n    }\n  }\n": typeof types.JoinAsGuestDocument,
    "\n  query MyRooms {\n    me {\n      id\n      displayName\n    }\n    myRooms {\n      id\n      code\n      name\n      status\n    }\n  }\n": typeof types.MyRoomsDocument,
    "\n  fragment NowPlaying_playback on Playback {\n    state\n    reason\n    progressMs\n    observedAt\n    deviceName\n  }\n": typeof types.NowPlaying_PlaybackFragmentDoc,
    "\n  fragment NowPlaying_room on Room {\n    id\n    code\n    autoplay\n    skipThreshold\n    nowPlaying {\n      ...TrackItem_roomTrack\n    }\n    playback {\n      ...NowPlaying_playback\n    }\n  }\n": typeof types.NowPlaying_RoomFragmentDoc,
    "\n  fragment ParticipantItem_participant on Participant {\n    role\n    joinedAt\n    user {\n      id\n      displayName\n      isGuest\n    }\n  }\n": typeof types.ParticipantItem_ParticipantFragmentDoc,
    "\n  mutation SetRole($code: String!, $userId: ID!, $role: Role!) {\n    setRole(code: $code, userId: $userId, role: $role) {\n      role\n    }\n  }\n": typeof types.SetRoleDocument,
    "\n  mutation RemoveParticipant($code: String!, $userId: ID!, $ban: Boolean) {\n    removeParticipant(code: $code, userId: $userId, ban: $ban)\n  }\n": typeof types.RemoveParticipantDocument,
    "\n  fragment RoomSettings_room on Room {\n    id\n    code\n    likeThreshold\n    effectiveLikeThreshold\n    likeShare\n    skipThreshold\n    maxQueuedPerParticipant\n    locked\n    explicitAllowed\n    maxTrackSeconds\n    maxPerArtist\n  }\n": typeof types.RoomSettings_RoomFragmentDoc,
    "\n  mutation UpdateRoom(\n    $code: String!\n    $likeThreshold: Int\n    $likeShare: Float\n    $skipThreshold: Int\n    $maxQueuedPerParticipant: Int\n    $locked: Boolean\n    $explicitAllowed: Boolean\n    $maxTrackSeconds: Int\n    $maxPerArtist: Int\n  ) {\n    updateRoom(\n      code: $code\n      likeThreshold: $likeThreshold\n      likeShare: $likeShare\n      skipThreshold: $skipThreshold\n      maxQueuedPerParticipant: $maxQueuedPerParticipant\n      locked: $locked\n      explicitAllowed: $explicitAllowed\n      maxTrackSeconds: $maxTrackSeconds\n      maxPerArtist: $maxPerArtist\n    ) {\n      ...RoomSettings_room\n    }\n  }\n": typeof types.UpdateRoomDocument,
    "\n  query SearchTracks($code: String!, $query: String!) {\n    searchTracks(code: $code, query: $query) {\n      uri\n      name\n      artists\n      imageUrl\n      explicit\n    }\n  }\n": typeof types.SearchTracksDocument,
    "\n  mutation PlayTrack($code: String!, $uri: String!) {\n    playTrack(code: $code, trackUri: $uri) {\n      id\n      status\n    }\n  }\n": typeof types.PlayTrackDocument,
    "\n  mutation RemoveTrack($code: String!, $uri: String!) {\n    removeTrack(code: $code, trackUri: $uri) {\n      id\n      status\n    }\n  }\n": typeof types.RemoveTrackDocument,
    "\n  fragment TrackItem_roomTrack on RoomTrack {\n    id\n    uri\n    likes\n    dislikes\n    myVote\n    status\n    addedBy {\n      id\n      displayName\n    }\n    track {\n      uri\n      name\n      artists\n      imageUrl\n      durationMs\n      explicit\n    }\n  }\n": typeof types.TrackItem_RoomTrackFragmentDoc,
    "\n  mutation Vote($input: VoteInput!) {\n    vote(input: $input) {\n      thresholdReached\n      track {\n        id\n        likes\n        dislikes\n        myVote\n        status\n      }\n    }\n  }\n": typeof types.VoteDocument,
    "\n  mutation JoinRoom($code: String!) {\n    joinRoom(code: $code) {\n      id\n      code\n    }\n  }\n": typeof types.JoinRoomDocument,
    "\n  query RoomScreen($code: String!) {\n    me {\n      id\n      displayName\n      isGuest\n    }\n    room(code: $code) {\n      id\n      code\n      name\n      status\n      participantCount\n      ...NowPlaying_room\n      ...HostControls_room\n      ...RoomSettings_room\n      queue {\n        ...TrackItem_roomTrack\n      }\n      voteList: tracks(status: QUEUED) {\n        ...TrackItem_roomTrack\n      }\n      history {\n        ...TrackItem_roomTrack\n      }\n      participants {\n        ...ParticipantItem_participant\n      }\n    }\n  }\n": typeof types.RoomScreenDocument,
    "\n  subscription VotesLive($code: String!, $afterSeq: Int) {\n    voteUpdated(code: $code, afterSeq: $afterSeq) {\n      seq\n      trackUri\n      likes\n      dislikes\n      status\n    }\n  }\n": typeof types.VotesLiveDocument,
    "\n  subscription PlaybackLive($code: String!) {\n    playbackUpdated(code: $code) {\n      ...NowPlaying_playback\n      track {\n        ...TrackItem_roomTrack\n      }\n    }\n  }\n": typeof types.PlaybackLiveDocument,
    "\n  subscription RoomLive($code: String!) {\n    roomUpdated(code: $code) {\n      id\n      name\n      status\n      participantCount\n      ...RoomSettings_room\n      ...HostControls_room\n      participants {\n        ...ParticipantItem_participant\n      }\n    }\n  }\n": typeof types.RoomLiveDocument,
    "\n  fragment LivePlayback_room on Room {\n    nowPlaying {\n      ...TrackItem_roomTrack\n    }\n    playback {\n      ...NowPlaying_playback\n    }\n  }\n": typeof types.LivePlayback_RoomFragmentDoc,
};
const documents: Documents = {
    "\n  mutation CreateRoom($input: CreateRoomInput!) {\n    createRoom(input: $input) {\n      id\n      code\n    }\n  }\n": types.CreateRoomDocument,
    "\n  mutation ExportPlaylist($code: String!) {\n    exportPlaylist(code: $code) {\n      name\n      trackCount\n    }\n  }\n": types.ExportPlaylistDocument,
    "\n  mutation CloseRoom($code: String!) {\n    closeRoom(code: $code) {\n      id\n      status\n    }\n  }\n": types.CloseRoomDocument,
    "\n  query MyPlaylists {\n    myPlaylists(limit: 50) {\n      uri\n      name\n      trackCount\n    }\n  }\n": types.MyPlaylistsDocument,
    "\n  fragment HostControls_room on Room {\n    id\n    code\n    status\n    autoplay\n    fallbackPlaylistUri\n    playback {\n      state\n      reason\n    }\n  }\n": types.HostControls_RoomFragmentDoc,
    "\n  mutation StartParty($code: String!, $fallback: String) {\n    startParty(code: $code, fallbackPlaylistUri: $fallback) {\n      id\n      autoplay\n      fallbackPlaylistUri\n    }\n  }\n": types.StartPartyDocument,
    "\n  mutation StopParty($code: String!) {\n    stopParty(code: $code) {\n      id\n      autoplay\n    }\n  }\n": types.StopPartyDocument,
    "\n  mutation SkipTrack($code: String!) {\n    skipTrack(code: $code) {\n      state\n    }\n  }\n": types.SkipTrackDocument,
    "\n  mutation JoinAsGuest($code: String!, $name: String!) {\n    joinAsGuest(code: $code, displayName: $name) {\n      accessToken\n      room {\n        id\n        code\n      }\n    }\n  }\n": types.JoinAsGuestDocument,
    "\n  query MyRooms {\n    me {\n      id\n      displayName\n    }\n    myRooms {\n      id\n      code\n      name\n      status\n    }\n  }\n": types.MyRoomsDocument,
    "\n  fragment NowPlaying_playback on Playback {\n    state\n    reason\n    progressMs\n    observedAt\n    deviceName\n  }\n": types.NowPlaying_PlaybackFragmentDoc,
    "\n  fragment NowPlaying_room on Room {\n    id\n    code\n    autoplay\n    skipThreshold\n    nowPlaying {\n      ...TrackItem_roomTrack\n    }\n    playback {\n      ...NowPlaying_playback\n    }\n  }\n": types.NowPlaying_RoomFragmentDoc,
    "\n  fragment ParticipantItem_participant on Participant {\n    role\n    joinedAt\n    user {\n      id\n      displayName\n      isGuest\n    }\n  }\n": types.ParticipantItem_ParticipantFragmentDoc,
    "\n  mutation SetRole($code: String!, $userId: ID!, $role: Role!) {\n    setRole(code: $code, userId: $userId, role: $role) {\n      role\n    }\n  }\n": types.SetRoleDocument,
    "\n  mutation RemoveParticipant($code: String!, $userId: ID!, $ban: Boolean) {\n    removeParticipant(code: $code, userId: $userId, ban: $ban)\n  }\n": types.RemoveParticipantDocument,
    "\n  fragment RoomSettings_room on Room {\n    id\n    code\n    likeThreshold\n    effectiveLikeThreshold\n    likeShare\n    skipThreshold\n    maxQueuedPerParticipant\n    locked\n    explicitAllowed\n    maxTrackSeconds\n    maxPerArtist\n  }\n": types.RoomSettings_RoomFragmentDoc,
    "\n  mutation UpdateRoom(\n    $code: String!\n    $likeThreshold: Int\n    $likeShare: Float\n    $skipThreshold: Int\n    $maxQueuedPerParticipant: Int\n    $locked: Boolean\n    $explicitAllowed: Boolean\n    $maxTrackSeconds: Int\n    $maxPerArtist: Int\n  ) {\n    updateRoom(\n      code: $code\n      likeThreshold: $likeThreshold\n      likeShare: $likeShare\n      skipThreshold: $skipThreshold\n      maxQueuedPerParticipant: $maxQueuedPerParticipant\n      locked: $locked\n      explicitAllowed: $explicitAllowed\n      maxTrackSeconds: $maxTrackSeconds\n      maxPerArtist: $maxPerArtist\n    ) {\n      ...RoomSettings_room\n    }\n  }\n": types.UpdateRoomDocument,
    "\n  query SearchTracks($code: String!, $query: String!) {\n    searchTracks(code: $code, query: $query) {\n      uri\n      name\n      artists\n      imageUrl\n      explicit\n    }\n  }\n": types.SearchTracksDocument,
    "\n  mutation PlayTrack($code: String!, $uri: String!) {\n    playTrack(code: $code, trackUri: $uri) {\n      id\n      status\n    }\n  }\n": types.PlayTrackDocument,
    "\n  mutation RemoveTrack($code: String!, $uri: String!) {\n    removeTrack(code: $code, trackUri: $uri) {\n      id\n      status\n    }\n  }\n": types.RemoveTrackDocument,
    "\n  fragment TrackItem_roomTrack on RoomTrack {\n    id\n    uri\n    likes\n    dislikes\n    myVote\n    status\n    addedBy {\n      id\n      displayName\n    }\n    track {\n      uri\n      name\n      artists\n      imageUrl\n      durationMs\n      explicit\n    }\n  }\n": types.TrackItem_RoomTrackFragmentDoc,
    "\n  mutation Vote($input: VoteInput!) {\n    vote(input: $input) {\n      thresholdReached\n      track {\n        id\n        likes\n        dislikes\n        myVote\n        status\n      }\n    }\n  }\n": types.VoteDocument,
    "\n  mutation JoinRoom($code: String!) {\n    joinRoom(code: $code) {\n      id\n      code\n    }\n  }\n": types.JoinRoomDocument,
    "\n  query RoomScreen($code: String!) {\n    me {\n      id\n      displayName\n      isGuest\n    }\n    room(code: $code) {\n      id\n      code\n      name\n      status\n      participantCount\n      ...NowPlaying_room\n      ...HostControls_room\n      ...RoomSettings_room\n      queue {\n        ...TrackItem_roomTrack\n      }\n      voteList: tracks(status: QUEUED) {\n        ...TrackItem_roomTrack\n      }\n      history {\n        ...TrackItem_roomTrack\n      }\n      participants {\n        ...ParticipantItem_participant\n      }\n    }\n  }\n": types.RoomScreenDocument,
    "\n  subscription VotesLive($code: String!, $afterSeq: Int) {\n    voteUpdated(code: $code, afterSeq: $afterSeq) {\n      seq\n      trackUri\n      likes\n      dislikes\n      status\n    }\n  }\n": types.VotesLiveDocument,
    "\n  subscription PlaybackLive($code: String!) {\n    playbackUpdated(code: $code) {\n      ...NowPlaying_playback\n      track {\n        ...TrackItem_roomTrack\n      }\n    }\n  }\n": types.PlaybackLiveDocument,
    "\n  subscription RoomLive($code: String!) {\n    roomUpdated(code: $code) {\n      id\n      name\n      status\n      participantCount\n      ...RoomSettings_room\n      ...HostControls_room\n      participants {\n        ...ParticipantItem_participant\n      }\n    }\n  }\n": types.RoomLiveDocument,
    "\n  fragment LivePlayback_room on Room {\n    nowPlaying {\n      ...TrackItem_roomTrack\n    }\n    playback {\n      ...NowPlaying_playback\n    }\n  }\n": types.LivePlayback_RoomFragmentDoc,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateRoom($input: CreateRoomInput!) {\n    createRoom(input: $input) {\n      id\n      code\n    }\n  }\n"): (typeof documents)["\n  mutation CreateRoom($input: CreateRoomInput!) {\n    createRoom(input: $input) {\n      id\n      code\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ExportPlaylist($code: String!) {\n    exportPlaylist(code: $code) {\n      name\n      trackCount\n    }\n  }\n"): (typeof documents)["\n  mutation ExportPlaylist($code: String!) {\n    exportPlaylist(code: $code) {\n      name\n      trackCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CloseRoom($code: String!) {\n    closeRoom(code: $code) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation CloseRoom($code: String!) {\n    closeRoom(code: $code) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyPlaylists {\n    myPlaylists(limit: 50) {\n      uri\n      name\n      trackCount\n    }\n  }\n"): (typeof documents)["\n  query MyPlaylists {\n    myPlaylists(limit: 50) {\n      uri\n      name\n      trackCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment HostControls_room on Room {\n    id\n    code\n    status\n    autoplay\n    fallbackPlaylistUri\n    playback {\n      state\n      reason\n    }\n  }\n"): (typeof documents)["\n  fragment HostControls_room on Room {\n    id\n    code\n    status\n    autoplay\n    fallbackPlaylistUri\n    playback {\n      state\n      reason\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartParty($code: String!, $fallback: String) {\n    startParty(code: $code, fallbackPlaylistUri: $fallback) {\n      id\n      autoplay\n      fallbackPlaylistUri\n    }\n  }\n"): (typeof documents)["\n  mutation StartParty($code: String!, $fallback: String) {\n    startParty(code: $code, fallbackPlaylistUri: $fallback) {\n      id\n      autoplay\n      fallbackPlaylistUri\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StopParty($code: String!) {\n    stopParty(code: $code) {\n      id\n      autoplay\n    }\n  }\n"): (typeof documents)["\n  mutation StopParty($code: String!) {\n    stopParty(code: $code) {\n      id\n      autoplay\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SkipTrack($code: String!) {\n    skipTrack(code: $code) {\n      state\n    }\n  }\n"): (typeof documents)["\n  mutation SkipTrack($code: String!) {\n    skipTrack(code: $code) {\n      state\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation JoinAsGuest($code: String!, $name: String!) {\n    joinAsGuest(code: $code, displayName: $name) {\n      accessToken\n      room {\n        id\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation JoinAsGuest($code: String!, $name: String!) {\n    joinAsGuest(code: $code, displayName: $name) {\n      accessToken\n      room {\n        id\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyRooms {\n    me {\n      id\n      displayName\n    }\n    myRooms {\n      id\n      code\n      name\n      status\n    }\n  }\n"): (typeof documents)["\n  query MyRooms {\n    me {\n      id\n      displayName\n    }\n    myRooms {\n      id\n      code\n      name\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment NowPlaying_playback on Playback {\n    state\n    reason\n    progressMs\n    observedAt\n    deviceName\n  }\n"): (typeof documents)["\n  fragment NowPlaying_playback on Playback {\n    state\n    reason\n    progressMs\n    observedAt\n    deviceName\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment NowPlaying_room on Room {\n    id\n    code\n    autoplay\n    skipThreshold\n    nowPlaying {\n      ...TrackItem_roomTrack\n    }\n    playback {\n      ...NowPlaying_playback\n    }\n  }\n"): (typeof documents)["\n  fragment NowPlaying_room on Room {\n    id\n    code\n    autoplay\n    skipThreshold\n    nowPlaying {\n      ...TrackItem_roomTrack\n    }\n    playback {\n      ...NowPlaying_playback\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ParticipantItem_participant on Participant {\n    role\n    joinedAt\n    user {\n      id\n      displayName\n      isGuest\n    }\n  }\n"): (typeof documents)["\n  fragment ParticipantItem_participant on Participant {\n    role\n    joinedAt\n    user {\n      id\n      displayName\n      isGuest\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetRole($code: String!, $userId: ID!, $role: Role!) {\n    setRole(code: $code, userId: $userId, role: $role) {\n      role\n    }\n  }\n"): (typeof documents)["\n  mutation SetRole($code: String!, $userId: ID!, $role: Role!) {\n    setRole(code: $code, userId: $userId, role: $role) {\n      role\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveParticipant($code: String!, $userId: ID!, $ban: Boolean) {\n    removeParticipant(code: $code, userId: $userId, ban: $ban)\n  }\n"): (typeof documents)["\n  mutation RemoveParticipant($code: String!, $userId: ID!, $ban: Boolean) {\n    removeParticipant(code: $code, userId: $userId, ban: $ban)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RoomSettings_room on Room {\n    id\n    code\n    likeThreshold\n    effectiveLikeThreshold\n    likeShare\n    skipThreshold\n    maxQueuedPerParticipant\n    locked\n    explicitAllowed\n    maxTrackSeconds\n    maxPerArtist\n  }\n"): (typeof documents)["\n  fragment RoomSettings_room on Room {\n    id\n    code\n    likeThreshold\n    effectiveLikeThreshold\n    likeShare\n    skipThreshold\n    maxQueuedPerParticipant\n    locked\n    explicitAllowed\n    maxTrackSeconds\n    maxPerArtist\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateRoom(\n    $code: String!\n    $likeThreshold: Int\n    $likeShare: Float\n    $skipThreshold: Int\n    $maxQueuedPerParticipant: Int\n    $locked: Boolean\n    $explicitAllowed: Boolean\n    $maxTrackSeconds: Int\n    $maxPerArtist: Int\n  ) {\n    updateRoom(\n      code: $code\n      likeThreshold: $likeThreshold\n      likeShare: $likeShare\n      skipThreshold: $skipThreshold\n      maxQueuedPerParticipant: $maxQueuedPerParticipant\n      locked: $locked\n      explicitAllowed: $explicitAllowed\n      maxTrackSeconds: $maxTrackSeconds\n      maxPerArtist: $maxPerArtist\n    ) {\n      ...RoomSettings_room\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateRoom(\n    $code: String!\n    $likeThreshold: Int\n    $likeShare: Float\n    $skipThreshold: Int\n    $maxQueuedPerParticipant: Int\n    $locked: Boolean\n    $explicitAllowed: Boolean\n    $maxTrackSeconds: Int\n    $maxPerArtist: Int\n  ) {\n    updateRoom(\n      code: $code\n      likeThreshold: $likeThreshold\n      likeShare: $likeShare\n      skipThreshold: $skipThreshold\n      maxQueuedPerParticipant: $maxQueuedPerParticipant\n      locked: $locked\n      explicitAllowed: $explicitAllowed\n      maxTrackSeconds: $maxTrackSeconds\n      maxPerArtist: $maxPerArtist\n    ) {\n      ...RoomSettings_room\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SearchTracks($code: String!, $query: String!) {\n    searchTracks(code: $code, query: $query) {\n      uri\n      name\n      artists\n      imageUrl\n      explicit\n    }\n  }\n"): (typeof documents)["\n  query SearchTracks($code: String!, $query: String!) {\n    searchTracks(code: $code, query: $query) {\n      uri\n      name\n      artists\n      imageUrl\n      explicit\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PlayTrack($code: String!, $uri: String!) {\n    playTrack(code: $code, trackUri: $uri) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation PlayTrack($code: String!, $uri: String!) {\n    playTrack(code: $code, trackUri: $uri) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveTrack($code: String!, $uri: String!) {\n    removeTrack(code: $code, trackUri: $uri) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation RemoveTrack($code: String!, $uri: String!) {\n    removeTrack(code: $code, trackUri: $uri) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TrackItem_roomTrack on RoomTrack {\n    id\n    uri\n    likes\n    dislikes\n    myVote\n    status\n    addedBy {\n      id\n      displayName\n    }\n    track {\n      uri\n      name\n      artists\n      imageUrl\n      durationMs\n      explicit\n    }\n  }\n"): (typeof documents)["\n  fragment TrackItem_roomTrack on RoomTrack {\n    id\n    uri\n    likes\n    dislikes\n    myVote\n    status\n    addedBy {\n      id\n      displayName\n    }\n    track {\n      uri\n      name\n      artists\n      imageUrl\n      durationMs\n      explicit\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Vote($input: VoteInput!) {\n    vote(input: $input) {\n      thresholdReached\n      track {\n        id\n        likes\n        dislikes\n        myVote\n        status\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Vote($input: VoteInput!) {\n    vote(input: $input) {\n      thresholdReached\n      track {\n        id\n        likes\n        dislikes\n        myVote\n        status\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation JoinRoom($code: String!) {\n    joinRoom(code: $code) {\n      id\n      code\n    }\n  }\n"): (typeof documents)["\n  mutation JoinRoom($code: String!) {\n    joinRoom(code: $code) {\n      id\n      code\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RoomScreen($code: String!) {\n    me {\n      id\n      displayName\n      isGuest\n    }\n    room(code: $code) {\n      id\n      code\n      name\n      status\n      participantCount\n      ...NowPlaying_room\n      ...HostControls_room\n      ...RoomSettings_room\n      queue {\n        ...TrackItem_roomTrack\n      }\n      voteList: tracks(status: QUEUED) {\n        ...TrackItem_roomTrack\n      }\n      history {\n        ...TrackItem_roomTrack\n      }\n      participants {\n        ...ParticipantItem_participant\n      }\n    }\n  }\n"): (typeof documents)["\n  query RoomScreen($code: String!) {\n    me {\n      id\n      displayName\n      isGuest\n    }\n    room(code: $code) {\n      id\n      code\n      name\n      status\n      participantCount\n      ...NowPlaying_room\n      ...HostControls_room\n      ...RoomSettings_room\n      queue {\n        ...TrackItem_roomTrack\n      }\n      voteList: tracks(status: QUEUED) {\n        ...TrackItem_roomTrack\n      }\n      history {\n        ...TrackItem_roomTrack\n      }\n      participants {\n        ...ParticipantItem_participant\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription VotesLive($code: String!, $afterSeq: Int) {\n    voteUpdated(code: $code, afterSeq: $afterSeq) {\n      seq\n      trackUri\n      likes\n      dislikes\n      status\n    }\n  }\n"): (typeof documents)["\n  subscription VotesLive($code: String!, $afterSeq: Int) {\n    voteUpdated(code: $code, afterSeq: $afterSeq) {\n      seq\n      trackUri\n      likes\n      dislikes\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription PlaybackLive($code: String!) {\n    playbackUpdated(code: $code) {\n      ...NowPlaying_playback\n      track {\n        ...TrackItem_roomTrack\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription PlaybackLive($code: String!) {\n    playbackUpdated(code: $code) {\n      ...NowPlaying_playback\n      track {\n        ...TrackItem_roomTrack\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription RoomLive($code: String!) {\n    roomUpdated(code: $code) {\n      id\n      name\n      status\n      participantCount\n      ...RoomSettings_room\n      ...HostControls_room\n      participants {\n        ...ParticipantItem_participant\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription RoomLive($code: String!) {\n    roomUpdated(code: $code) {\n      id\n      name\n      status\n      participantCount\n      ...RoomSettings_room\n      ...HostControls_room\n      participants {\n        ...ParticipantItem_participant\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment LivePlayback_room on Room {\n    nowPlaying {\n      ...TrackItem_roomTrack\n    }\n    playback {\n      ...NowPlaying_playback\n    }\n  }\n"): (typeof documents)["\n  fragment LivePlayback_room on Room {\n    nowPlaying {\n      ...TrackItem_roomTrack\n    }\n    playback {\n      ...NowPlaying_playback\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;