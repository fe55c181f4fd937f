import { Injectable, Logger } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { AuthUser } from '../auth/auth-user.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { PlaybackService } from '../playback/playback.service.js';
import { RoomEventsService } from '../realtime/room-events.service.js';
import { RoomsService } from '../rooms/rooms.service.js';
import { SpotifyTrackMetadataService } from '../spotify/spotify-track-metadata.service.js';
import { SpotifyTracksService } from '../spotify/spotify-tracks.service.js';
import { UnjudgedTrack } from '../tracks/guardrails.js';
import { RoomTracksService } from '../tracks/room-tracks.service.js';
import { TrackGuardrailsService } from '../tracks/track-guardrails.service.js';
import type { VoteInput } from './dto/vote.input.js';
import type { VoteResultModel } from './models/vote-result.model.js';
import { countsOf, toVoteUpdate } from './vote-update.mapper.js';
import { VotesRepository, type CountedVote, type VoteCount } from './votes.repository.js';

export const VOTE_REGISTERED = 'vote_registered';

/**
 * A vote: who may cast it, counting it (VotesRepository, exactly once), the answer, and the
 * update pushed to the room after the commit, with everything subscribers need.
 */
@Injectable()
export class VotesService {
  private readonly logger = new Logger(VotesService.name);
  /** Per request (the key object) and caller: one query for the votes of every track listed. */
  private readonly myVoteLoaders = new WeakMap<
    object,
    Map<string, DataLoader<string, boolean | null>>
  >();

  constructor(
    private readonly votes: VotesRepository,
    private readonly rooms: RoomsService,
    private readonly roomTracks: RoomTracksService,
    private readonly spotifyTracks: SpotifyTracksService,
    private readonly trackMetadata: SpotifyTrackMetadataService,
    private readonly events: RoomEventsService,
    private readonly metrics: MetricsService,
    private readonly playback: PlaybackService,
    private readonly guardrails: TrackGuardrailsService,
  ) {}

  async vote(caller: AuthUser, input: VoteInput): Promise<VoteResultModel> {
    // The room's own row is read where the vote is counted, under its lock (closed or not).
    const [{ id: roomId, code }, cached] = await Promise.all([
      this.rooms.getRefForParticipant(input.code, caller),
      this.spotifyTracks.findOne(input.trackUri),
    ]);
    let metadata = cached;
    const cast = { roomId, userId: caller.id, trackUri: input.trackUri, isLike: input.isLike };
    const describe = (counted: VoteCount) => toVoteUpdate(code, counted, metadata);
    let counted: CountedVote;
    try {
      const track = metadata && SpotifyTracksService.isComplete(metadata) ? metadata : null;
      counted = await this.votes.count({ ...cast, track }, describe);
    } catch (error) {
      if (!(error instanceof UnjudgedTrack)) throw error;
      // A track new to a room with guardrails is judged on Spotify's metadata, fetched now.
      const track = await this.guardrails.fetchToJudge(
        await this.rooms.getById(roomId),
        input.trackUri,
        caller.id,
      );
      metadata = await this.spotifyTracks.findOne(input.trackUri);
      counted = await this.votes.count({ ...cast, track }, describe);
    }
    const { count, update, room } = counted;
    this.metrics.voteCounted(input.isLike);
    // Published before anything else is awaited, so updates leave in commit order.
    const published = this.events.publishVoteUpdated(roomId, update);
    // A vote never waits for Spotify: unknown metadata is fetched in the background.
    if (!metadata) void this.trackMetadata.ensure(count.track.uri, room.hostId);
    const [model] = await this.roomTracks.toModels(
      [count.track],
      new Map(metadata ? [[metadata.uri, metadata]] : []),
    );
    await published;
    if (count.skipped) {
      // The crowd skipped the playing track: the next one starts (the same transition as skipTrack).
      await this.playback.crowdSkipped(roomId, count.track.id).catch((error: unknown) => {
        this.logger.warn(
          `Room ${roomId}: the crowd's skip did not start the next track: ${String(error)}`,
        );
      });
    }
    return {
      status: VOTE_REGISTERED,
      ...countsOf(count),
      track: { ...model, myVote: input.isLike },
    };
  }

  /** The caller's vote on a track (true like, false dislike, null none), batched per request. */
  myVote(request: object, userId: string, roomTrackId: string): Promise<boolean | null> {
    let byUser = this.myVoteLoaders.get(request);
    if (!byUser) {
      byUser = new Map();
      this.myVoteLoaders.set(request, byUser);
    }
    let loader = byUser.get(userId);
    if (!loader) {
      // No cache: a subscription's context lives as long as its socket, and votes change.
      loader = new DataLoader(
        async (trackIds: readonly string[]) => {
          const votes = await this.votes.findByUser(userId, trackIds);
          const byTrack = new Map(votes.map((v) => [v.roomTrackId, v.isLike]));
          return trackIds.map((id) => byTrack.get(id) ?? null);
        },
        { cache: false },
      );
      byUser.set(userId, loader);
    }
    return loader.load(roomTrackId);
  }
}
