import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { RoomTrackModel } from '../../tracks/models/room-track.model.js';
import { PlaybackState } from '../playback-state.enum.js';

registerEnumType(PlaybackState, {
  name: 'PlaybackState',
  valuesMap: {
    OFF: { description: 'Autoplay is off: the host plays tracks by hand with playTrack.' },
    PLAYING: { description: "Autoplay is on and a party track plays on the host's Spotify." },
    WAITING_FOR_TRACKS: {
      description:
        'Autoplay is on, nothing is READY and there is no fallback playlist: the next track to become READY starts at once.',
    },
    PAUSED: {
      description: 'The host paused in their Spotify app; the party goes on when they resume.',
    },
    WAITING_FOR_DEVICE: {
      description:
        "The host's Spotify has no active device; the party goes on when one is active again.",
    },
    BLOCKED: {
      description:
        "The host's Spotify cannot play for the party; `Playback.reason` says why (PREMIUM_REQUIRED, REAUTH_REQUIRED, SPOTIFY_UNAVAILABLE).",
    },
  },
});

@ObjectType('Playback', {
  description: "What the party plays on the host's Spotify, as the server last saw it.",
})
export class PlaybackModel {
  @Field(() => PlaybackState)
  state: PlaybackState;

  @Field(() => RoomTrackModel, {
    nullable: true,
    description: 'The party track playing now (the same as Room.nowPlaying).',
  })
  track: RoomTrackModel | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Position in `track` at `observedAt`; clients add the time elapsed since while PLAYING.',
  })
  progressMs: number | null;

  @Field(() => Date, { nullable: true })
  observedAt: Date | null;

  @Field(() => RoomTrackModel, {
    nullable: true,
    description: 'What plays next if nothing changes: the first of Room.queue, or a fallback pick.',
  })
  next: RoomTrackModel | null;

  @Field(() => String, {
    nullable: true,
    description: 'Why the state is BLOCKED, WAITING_FOR_DEVICE or OFF (e.g. HOST_TOOK_OVER).',
  })
  reason: string | null;

  @Field(() => String, { nullable: true })
  deviceName: string | null;
}
