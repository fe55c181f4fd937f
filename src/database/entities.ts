import { OAuthState } from '../auth/oauth-state.entity.js';
import { ModerationAction } from '../rooms/moderation-action.entity.js';
import { RoomPlayback } from '../playback/room-playback.entity.js';
import { RoomEvent } from '../realtime/room-event.entity.js';
import { Participant } from '../rooms/participant.entity.js';
import { Room } from '../rooms/room.entity.js';
import { SpotifyCredential } from '../spotify/spotify-credential.entity.js';
import { SpotifyTrack } from '../spotify/spotify-track.entity.js';
import { User } from '../users/user.entity.js';
import { RoomTrack } from '../tracks/room-track.entity.js';
import { Vote } from '../votes/vote.entity.js';

/** Every entity, listed once: the app and the migration CLI load the same set. */
export const entities = [
  User,
  SpotifyCredential,
  SpotifyTrack,
  OAuthState,
  Room,
  Participant,
  RoomTrack,
  Vote,
  ModerationAction,
  RoomPlayback,
  RoomEvent,
];
