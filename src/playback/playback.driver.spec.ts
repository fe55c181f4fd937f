import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { AppConfig, PlaybackSettings } from '../config/app-config.js';
import { RoomStatus } from '../rooms/room-status.enum.js';
import type { Room } from '../rooms/room.entity.js';
import type { RoomsService } from '../rooms/rooms.service.js';
import type { SpotifyApiService } from '../spotify/spotify-api.service.js';
import { SpotifyError, SpotifyException } from '../spotify/spotify.exception.js';
import type { PlayerState } from '../spotify/spotify.types.js';
import type { RoomTrack } from '../tracks/room-track.entity.js';
import type { RoomTracksService } from '../tracks/room-tracks.service.js';
import { PlaybackReason, PlaybackState } from './playback-state.enum.js';
import { PlaybackDriver } from './playback.driver.js';
import type { PlaybackTransitions } from './playback.transitions.js';
import type { RoomPlayback } from './room-playback.entity.js';
import { defaultPlayback, type RoomPlaybackStore } from './room-playback.store.js';

const settings: PlaybackSettings = {
  pollMs: 5000,
  devicePollMs: 10_000,
  waitingPollMs: 1000,
  leaseMs: 9000,
  scanMs: 3000,
  backoffMs: 5000,
  backoffMaxMs: 300_000,
};
const OURS = 'spotify:track:0000000000000000000000';
const OTHER = 'spotify:track:1111111111111111111111';

const room = {
  id: 'room-1',
  hostId: 'host-1',
  status: RoomStatus.OPEN,
  fallbackPlaylistUri: null,
} as Room;
const track = { id: 'track-1', uri: OURS } as RoomTrack;

function playbackWith(overrides: Partial<RoomPlayback>): RoomPlayback {
  return Object.assign(defaultPlayback(room.id), {
    autoplay: true,
    driverId: 'me',
    state: PlaybackState.PLAYING,
    trackId: track.id,
    version: 7,
    progressMs: 10_000,
    durationMs: 200_000,
    observedAt: new Date(),
    commandAt: new Date(Date.now() - 60_000),
    ...overrides,
  });
}

function player(overrides: Partial<PlayerState>): PlayerState {
  return {
    isPlaying: true,
    progressMs: 20_000,
    itemUri: OURS,
    durationMs: 200_000,
    deviceName: 'Phone',
    contextUri: null,
    ...overrides,
  };
}

describe('PlaybackDriver', () => {
  let sut: PlaybackDriver;
  let store: { get: jest.Mock<(id: string) => Promise<RoomPlayback>> };
  let transitions: {
    advance: jest.Mock<PlaybackTransitions['advance']>;
    setState: jest.Mock<PlaybackTransitions['setState']>;
    observed: jest.Mock<PlaybackTransitions['observed']>;
    hostTookOver: jest.Mock<PlaybackTransitions['hostTookOver']>;
  };
  let spotify: {
    getPlayer: jest.Mock<SpotifyApiService['getPlayer']>;
    resume: jest.Mock<SpotifyApiService['resume']>;
  };
  const loop = () => ({ running: false, again: false, stopped: false, backoffMs: 0 });
  const tick = (l = loop()) =>
    (sut as unknown as { tick(id: string, l: unknown): Promise<number | null> }).tick(room.id, l);

  beforeEach(() => {
    store = { get: jest.fn() };
    transitions = {
      advance: jest.fn<PlaybackTransitions['advance']>().mockResolvedValue({
        outcome: 'playing',
        uri: OTHER,
      }),
      setState: jest.fn<PlaybackTransitions['setState']>().mockResolvedValue(true),
      observed: jest.fn<PlaybackTransitions['observed']>().mockResolvedValue(true),
      hostTookOver: jest.fn<PlaybackTransitions['hostTookOver']>().mockResolvedValue(true),
    };
    spotify = {
      getPlayer: jest.fn<SpotifyApiService['getPlayer']>(),
      resume: jest.fn<SpotifyApiService['resume']>(),
    };
    sut = new PlaybackDriver(
      { playback: settings } as AppConfig,
      store as unknown as RoomPlaybackStore,
      transitions as unknown as PlaybackTransitions,
      { getById: () => Promise.resolve(room) } as unknown as RoomsService,
      {
        findById: () => Promise.resolve(track),
        firstReady: () => Promise.resolve(null),
      } as unknown as RoomTracksService,
      spotify as unknown as SpotifyApiService,
    );
    Object.defineProperty(sut, 'instanceId', { value: 'me' });
  });

  it('looks again after pollMs far from the end, and just after the expected end near it', async () => {
    store.get.mockResolvedValue(playbackWith({}));
    spotify.getPlayer.mockResolvedValue(player({ progressMs: 20_000 }));
    await expect(tick()).resolves.toBe(5000);
    spotify.getPlayer.mockResolvedValue(player({ progressMs: 197_000 }));
    await expect(tick()).resolves.toBe(3250);
    expect(transitions.observed).toHaveBeenCalledTimes(2);
    expect(transitions.advance).not.toHaveBeenCalled();
  });

  it('starts the next track once ours has ended (stopped at its end, item kept)', async () => {
    store.get.mockResolvedValue(playbackWith({}));
    spotify.getPlayer.mockResolvedValue(player({ isPlaying: false, progressMs: 0 }));
    await tick();
    expect(transitions.advance).toHaveBeenCalledWith(room, expect.anything(), { kind: 'ended' });
  });

  it('follows a pause mid-track and sends no command while paused', async () => {
    store.get.mockResolvedValue(playbackWith({}));
    spotify.getPlayer.mockResolvedValue(player({ isPlaying: false, progressMs: 50_000 }));
    await expect(tick()).resolves.toBe(5000);
    expect(transitions.setState).toHaveBeenCalledWith(
      room.id,
      expect.anything(),
      expect.objectContaining({ state: PlaybackState.PAUSED }),
    );
    store.get.mockResolvedValue(playbackWith({ state: PlaybackState.PAUSED }));
    await tick();
    await tick();
    expect(transitions.advance).not.toHaveBeenCalled();
    expect(spotify.resume).not.toHaveBeenCalled();
  });

  it('turns autoplay off when the host plays something else mid-track', async () => {
    store.get.mockResolvedValue(playbackWith({}));
    spotify.getPlayer.mockResolvedValue(player({ itemUri: OTHER }));
    await expect(tick()).resolves.toBeNull();
    expect(transitions.hostTookOver).toHaveBeenCalled();
    expect(transitions.advance).not.toHaveBeenCalled();
  });

  it('takes another item right after our command for Spotify catching up, not a takeover', async () => {
    store.get.mockResolvedValue(playbackWith({ commandAt: new Date() }));
    spotify.getPlayer.mockResolvedValue(player({ itemUri: OTHER }));
    await expect(tick()).resolves.toBe(500);
    expect(transitions.hostTookOver).not.toHaveBeenCalled();
  });

  it('takes another item that started at the expected end for what Spotify played after ours', async () => {
    store.get.mockResolvedValue(
      playbackWith({ progressMs: 199_000, observedAt: new Date(Date.now() - 1300) }),
    );
    spotify.getPlayer.mockResolvedValue(player({ itemUri: OTHER, progressMs: 300 }));
    await tick();
    expect(transitions.advance).toHaveBeenCalled();
    expect(transitions.hostTookOver).not.toHaveBeenCalled();
  });

  it('takes another item that started before the expected end for the host’s, however late it looks', async () => {
    // Ours was to end 300 ms ago; the other one has played 800 ms: the host started it 500 ms
    // before the end (Spotify would have started it at the end).
    store.get.mockResolvedValue(
      playbackWith({ progressMs: 199_000, observedAt: new Date(Date.now() - 1300) }),
    );
    spotify.getPlayer.mockResolvedValue(player({ itemUri: OTHER, progressMs: 800 }));
    await expect(tick()).resolves.toBeNull();
    expect(transitions.hostTookOver).toHaveBeenCalled();
    expect(transitions.advance).not.toHaveBeenCalled();
  });

  it('takes another item with a context (a playlist, an album) for the host’s, even at the end', async () => {
    store.get.mockResolvedValue(
      playbackWith({ progressMs: 199_000, observedAt: new Date(Date.now() - 1300) }),
    );
    spotify.getPlayer.mockResolvedValue(
      player({ itemUri: OTHER, progressMs: 300, contextUri: 'spotify:playlist:abc' }),
    );
    await expect(tick()).resolves.toBeNull();
    expect(transitions.hostTookOver).toHaveBeenCalled();
  });

  it('waits for a device when there is none, looking every devicePollMs', async () => {
    store.get.mockResolvedValue(playbackWith({}));
    spotify.getPlayer.mockResolvedValue(null);
    await expect(tick()).resolves.toBe(10_000);
    expect(transitions.setState).toHaveBeenCalledWith(
      room.id,
      expect.anything(),
      expect.objectContaining({
        state: PlaybackState.WAITING_FOR_DEVICE,
        reason: PlaybackReason.NO_ACTIVE_DEVICE,
      }),
    );
  });

  it('backs off, doubling, and honours a longer Retry-After', async () => {
    store.get.mockResolvedValue(playbackWith({}));
    const l = loop();
    spotify.getPlayer.mockRejectedValue(new SpotifyException(SpotifyError.UNAVAILABLE));
    await expect(tick(l)).resolves.toBe(5000);
    store.get.mockResolvedValue(
      playbackWith({ state: PlaybackState.BLOCKED, reason: PlaybackReason.SPOTIFY_UNAVAILABLE }),
    );
    await expect(tick(l)).resolves.toBe(10_000);
    spotify.getPlayer.mockRejectedValue(
      new SpotifyException(SpotifyError.RATE_LIMITED, undefined, { retryAfterSeconds: 60 }),
    );
    await expect(tick(l)).resolves.toBe(60_000);
    expect(transitions.setState).toHaveBeenCalledTimes(1);
    expect(transitions.setState).toHaveBeenCalledWith(
      room.id,
      expect.anything(),
      expect.objectContaining({
        state: PlaybackState.BLOCKED,
        reason: PlaybackReason.SPOTIFY_UNAVAILABLE,
      }),
    );
  });

  it('stops driving a room whose autoplay is off or that another instance holds', async () => {
    store.get.mockResolvedValue(playbackWith({ autoplay: false }));
    await expect(tick()).resolves.toBeNull();
    store.get.mockResolvedValue(playbackWith({ driverId: 'someone-else' }));
    await expect(tick()).resolves.toBeNull();
    expect(spotify.getPlayer).not.toHaveBeenCalled();
  });
});
