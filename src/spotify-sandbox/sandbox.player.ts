import type { SandboxDevice } from './sandbox-accounts.js';
import type { SandboxPlayerView } from './sandbox.types.js';

/** What a player needs from the rest of the sandbox; read at every step, so settings apply live. */
export interface PlayerEnvironment {
  now(): number;
  /** How long a track lasts (the track-duration setting included), > 0. */
  durationOf(uri: string): number;
  /** A context's track URIs, read live (tracks appended to a playing playlist will play). */
  contextTracks(contextUri: string): readonly string[];
}

/** What to play: a list of track URIs, or a context (playlist, album) from an offset. */
export interface PlayRequest {
  uris?: readonly string[];
  contextUri?: string;
  /** Index into the uris or the context. */
  offset?: number;
  positionMs?: number;
}

interface PlayContext {
  /** A playlist or album URI; null when playing a list of uris. */
  uri: string | null;
  uris: readonly string[];
  /** Position in the context of the last context track that started. */
  index: number;
}

/** Spotify's "previous" restarts the current track once it has played this long. */
export const PREVIOUS_RESTARTS_AFTER_MS = 3000;

/**
 * One account's playback on the sandbox's clock. Nothing ticks: the position follows from when
 * the track (virtually) started, and a track that has run its duration hands over, when anyone
 * next looks, to the next of the user's queue, then of the context, else playback stops with the
 * item kept. Commands return false where Spotify answers "Restriction violated".
 */
export class SandboxPlayer {
  readonly devices: SandboxDevice[];
  private item: string | null = null;
  private playing = false;
  /** While playing: when the current track would have started had it played without a break. */
  private startedAt = 0;
  /** While not playing: the position. */
  private pausedAtMs = 0;
  /** The current item came from the user's queue (the context has not moved). */
  private fromQueue = false;
  private readonly userQueue: string[] = [];
  private context: PlayContext | null = null;
  private readonly history: string[] = [];
  private changedAt: number;

  constructor(
    devices: readonly SandboxDevice[],
    private readonly env: PlayerEnvironment,
  ) {
    this.devices = devices.map((device) => ({ ...device }));
    this.changedAt = env.now();
  }

  get activeDevice(): SandboxDevice | undefined {
    return this.devices.find((device) => device.is_active);
  }

  findDevice(id: string): SandboxDevice | undefined {
    return this.devices.find((device) => device.id === id);
  }

  /** The device becomes the active one (playback, if any, moves there unchanged). */
  activate(deviceId: string | null): boolean {
    if (deviceId === null) return this.deactivate();
    if (!this.findDevice(deviceId)) return false;
    for (const device of this.devices) device.is_active = device.id === deviceId;
    return true;
  }

  /** No device is active any more: playback pauses where it is, as when the app is closed. */
  deactivate(deviceId?: string): boolean {
    if (deviceId !== undefined && !this.findDevice(deviceId)) return false;
    const active = this.activeDevice;
    if (!active || (deviceId !== undefined && active.id !== deviceId)) return true;
    this.pause();
    active.is_active = false;
    this.touch();
    return true;
  }

  /** Starts `request` on the active device, replacing what played; the user's queue stays. */
  play(request: PlayRequest): void {
    this.advance();
    const uris = request.contextUri
      ? this.env.contextTracks(request.contextUri)
      : (request.uris ?? []);
    const index = request.offset ?? 0;
    this.context = { uri: request.contextUri ?? null, uris: request.uris ?? [], index };
    this.start(uris[index], this.env.now(), false);
    if (request.positionMs) this.seek(request.positionMs);
  }

  /** Resuming a playing player, or one with nothing loaded, is refused. */
  resume(): boolean {
    this.advance();
    if (this.playing || !this.item) return false;
    this.playing = true;
    this.startedAt = this.env.now() - this.pausedAtMs;
    this.touch();
    return true;
  }

  /** Pausing a paused player is refused. */
  pause(): boolean {
    this.advance();
    if (!this.playing) return false;
    this.pausedAtMs = this.env.now() - this.startedAt;
    this.playing = false;
    this.touch();
    return true;
  }

  /** Skips to what would follow, and plays it; at the end of everything, stops. */
  next(): boolean {
    this.advance();
    if (!this.item) return false;
    this.moveOn(this.env.now());
    return true;
  }

  /** Restarts the current track after a few seconds of it, else plays the context's previous one. */
  previous(): boolean {
    this.advance();
    if (!this.item) return false;
    const now = this.env.now();
    const context = this.context;
    const target = context && (this.fromQueue ? context.index : context.index - 1);
    const uri = target !== null && target >= 0 ? this.contextUris()[target] : undefined;
    if (this.progress(now) >= PREVIOUS_RESTARTS_AFTER_MS || !context || !uri) {
      this.start(this.item, now, this.fromQueue, false);
    } else {
      context.index = target as number;
      this.start(uri, now, false);
    }
    return true;
  }

  /** A position at or past the end plays what follows, as on Spotify. */
  seek(positionMs: number): boolean {
    this.advance();
    if (!this.item) return false;
    const now = this.env.now();
    if (positionMs >= this.env.durationOf(this.item)) {
      if (this.playing) this.moveOn(now);
      else this.moveOn(now, false);
      return true;
    }
    if (this.playing) this.startedAt = now - positionMs;
    else this.pausedAtMs = positionMs;
    this.touch();
    return true;
  }

  enqueue(uri: string): void {
    this.advance();
    this.userQueue.push(uri);
  }

  /** Ends the current track now, as if its time had run out. */
  endTrack(): boolean {
    this.advance();
    if (!this.item) return false;
    this.moveOn(this.env.now(), this.playing);
    return true;
  }

  view(): SandboxPlayerView {
    this.advance();
    const now = this.env.now();
    return {
      isPlaying: this.playing,
      item: this.item,
      progressMs: this.progress(now),
      durationMs: this.item ? this.env.durationOf(this.item) : 0,
      activeDeviceId: this.activeDevice?.id ?? null,
      context: this.context?.uri ?? null,
      queue: [...this.userQueue],
      upNext: this.upNext(),
      history: [...this.history],
      changedAt: this.changedAt,
    };
  }

  private contextUris(): readonly string[] {
    if (!this.context) return [];
    return this.context.uri ? this.env.contextTracks(this.context.uri) : this.context.uris;
  }

  private upNext(): string[] {
    return this.context ? this.contextUris().slice(this.context.index + 1) : [];
  }

  /** `uri` undefined (an empty context) loads nothing. */
  private start(uri: string | undefined, at: number, fromQueue: boolean, record = true): void {
    this.changedAt = at;
    if (!uri) {
      this.playing = false;
      return;
    }
    this.item = uri;
    this.playing = true;
    this.startedAt = at;
    this.pausedAtMs = 0;
    this.fromQueue = fromQueue;
    if (record) this.history.push(uri);
  }

  /** The next of the user's queue, then of the context; with neither, stop with the item kept. */
  private moveOn(at: number, play = true): void {
    const queued = this.userQueue.shift();
    const nextIndex = (this.context?.index ?? 0) + 1;
    const fromContext = queued ? undefined : this.contextUris()[nextIndex];
    if (queued || fromContext) {
      if (fromContext && this.context) this.context.index = nextIndex;
      this.start(queued ?? fromContext, at, Boolean(queued));
      if (!play) {
        this.playing = false;
        this.pausedAtMs = 0;
      }
      return;
    }
    this.playing = false;
    this.pausedAtMs = 0;
    this.changedAt = at;
  }

  private progress(now: number): number {
    if (!this.item) return 0;
    return this.playing ? now - this.startedAt : this.pausedAtMs;
  }

  /** Plays out, in order, every track that has ended since the last look. */
  private advance(): void {
    const now = this.env.now();
    while (this.playing && this.item) {
      const endsAt = this.startedAt + this.env.durationOf(this.item);
      if (now < endsAt) return;
      this.moveOn(endsAt);
    }
  }

  private touch(): void {
    this.changedAt = this.env.now();
  }
}
